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
	// Timeouts catch hangs, not slowness: on a shared 2-core machine the drills (servers under write
	// load, SIGKILLs) run beside the browser tests and can halve their speed. CI failed once on a
	// 13-second test that passed 30 s while the backup drill ran (26 s here, 50 s there).
	timeout: 90_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		...devices['Desktop Chrome'],
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
		trace: 'retain-on-failure'
	}
});
