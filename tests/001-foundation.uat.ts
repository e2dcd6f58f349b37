import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { useAppServer } from './support/app-server';
import { publicPages } from './support/pages';

const app = useAppServer({ env: { DEMO: '1' } });
const pages = publicPages();

test('the home page renders in French with its header and footer', async ({ page }) => {
	await page.goto(app.url('/'));
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
	await expect(page.getByRole('banner').getByRole('link', { name: 'Portail candidat' })).toBeVisible();
	const footer = page.getByRole('contentinfo');
	for (const name of ['Déclaration d’accessibilité', 'Mentions légales', 'Données personnelles']) {
		await footer.getByRole('link', { name }).click();
		await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	}
});

test('demonstration mode says so on every page', async ({ page }) => {
	await page.goto(app.url('/mentions-legales'));
	await expect(page.getByRole('note')).toContainText('Démonstration');
});

test('the skip link is the first stop and leads to the content', async ({ page }) => {
	await page.goto(app.url('/'));
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Aller au contenu' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#contenu$/);
	await expect(page.getByRole('main')).toBeFocused();
});

test('an unknown address shows the French 404 page with header and footer', async ({ page }) => {
	const response = await page.goto(app.url('/page-qui-n-existe-pas'));
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
	await expect(page.getByRole('banner')).toBeVisible();
	await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Mentions légales' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Retour à l’accueil' })).toBeVisible();
});

test('every response carries the security headers, static files included', async ({ request }) => {
	// A script of the build, as the home page's Link header preloads it (Kit sends module preloads
	// as a header; no <link> is written in the page unless it is prerendered).
	const home = await request.get(app.url('/'));
	const script = /<([^>]+\.js)>; rel="modulepreload"/.exec(home.headers()['link'] ?? '')?.[1];
	expect(script, 'a script preloaded by the home page').toBeTruthy();
	const urls = [...pages, '/page-qui-n-existe-pas', '/favicon.svg', new URL(script!, app.url('/')).pathname];
	for (const url of urls) {
		const response = await request.get(app.url(url));
		const headers = response.headers();
		expect(headers['x-content-type-options'], url).toBe('nosniff');
		// Pages whose address holds a single-use token send no referrer at all.
		expect(['same-origin', 'no-referrer'], url).toContain(headers['referrer-policy']);
		expect(headers['permissions-policy'], url).toContain('camera=()');
		const csp = headers['content-security-policy'];
		expect(csp, url).toContain("object-src 'none'");
		expect(csp, url).toContain("base-uri 'none'");
		expect(csp, url).toContain("frame-ancestors 'none'");
		expect(csp, url).not.toContain('unsafe-inline');
	}
});

for (const url of pages) {
	test(`${url}: no accessibility violation (axe, WCAG 2.1 A and AA), no console error`, async ({ page }) => {
		const errors: string[] = [];
		page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(app.url(url));
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		expect(results.violations).toEqual([]);
		expect(errors).toEqual([]);
	});

	test(`${url}: works at 320 px wide with 44 px touch targets`, async ({ page }) => {
		await page.setViewportSize({ width: 320, height: 640 });
		await page.goto(app.url(url));
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		const small = await page.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('nav a, button, .button, input, select')]
				.filter((element) => element.offsetParent !== null)
				// A radio button or a checkbox is hit through its whole label.
				.map((element) => (element.matches('[type="radio"], [type="checkbox"]') ? (element.closest('label') ?? element) : element))
				.filter((element) => element.getBoundingClientRect().height < 44)
				.map((element) => element.outerHTML.slice(0, 80))
		);
		expect(small).toEqual([]);
	});
}
