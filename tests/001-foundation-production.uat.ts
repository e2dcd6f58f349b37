import { expect, test } from '@playwright/test';
import { useAppServer } from './support/app-server';

// The production command: no demonstration data, no banner.
const app = useAppServer({ env: { DEMO: '0' } });

test('without demonstration mode there is no banner', async ({ page }) => {
	await page.goto(app.url('/'));
	await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
	await expect(page.getByText('Démonstration')).toHaveCount(0);
});
