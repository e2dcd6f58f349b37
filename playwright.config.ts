import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './tests/support/chromium';

// Each suite starts its own built server (tests/support/app-server.ts): run `npm run build` first
// (`npm run test:e2e` does).
export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.uat.ts',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	timeout: 30_000,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		...devices['Desktop Chrome'],
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
		trace: 'retain-on-failure'
	}
});
