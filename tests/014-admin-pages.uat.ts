// Every page of « Espace gestionnaire » (SPEC M1), taken from src/routes/admin so that none is left
// out: opened by an administrator, with no accessibility violation (axe, WCAG 2.1 A and AA), no
// console error, laid out for a desktop (1280 px) and still usable on a tablet (768 px: the page
// itself never scrolls sideways; a wide table scrolls in its own box). The login page is checked
// without a session.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addManager, GRENOBLE, logInAsManager, registerWithApi, type TestManager } from './support/admin';
import { useAppServer } from './support/app-server';
import { openDatabase } from './support/accounts';
import { adminPages } from './support/pages';
import { RELAXED_THROTTLES } from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

let administrator: TestManager;
let numero: string;
let windowId: string;
let managerId: string;

test.beforeAll(async () => {
	administrator = await addManager(app, { role: 'administrator', label: 'pages.admin' });
	const registered = await registerWithApi(app, GRENOBLE, 'Inès Lisible');
	numero = registered.registrationNumber;
	await registered.candidate.dispose();
	const grenoble = await addManager(app, { academyCodes: [GRENOBLE], label: 'pages.grenoble' });
	const db = openDatabase(app);
	try {
		windowId = String(
			(db.prepare('SELECT id FROM registration_windows WHERE academy_code = ? ORDER BY id LIMIT 1').get(GRENOBLE) as { id: number }).id
		);
		managerId = (db.prepare('SELECT id FROM managers WHERE email = ?').get(grenoble.email) as { id: string }).id;
	} finally {
		db.close();
	}
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
	page.on('pageerror', (error) => errors.push(error.message));
	return errors;
}

async function expectNoViolation(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(results.violations).toEqual([]);
}

/** The document is no wider than the window: nothing but a table's own box scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

const LOGIN_PAGES = ['/admin/connexion', '/admin/connexion/code'];
const pages = () => adminPages().filter((url) => !LOGIN_PAGES.includes(url) && url !== '/admin');

test('M1: the admin area has its pages, among them the candidatures and the login', () => {
	expect(adminPages()).toEqual(expect.arrayContaining(['/admin/connexion']));
	expect(pages().length).toBeGreaterThan(0);
});

test('M1: the admin login has no accessibility violation and tells candidates where to go', async ({ page }) => {
	const errors = collectErrors(page);
	await page.goto(app.url('/admin/connexion'));
	await expect(page.getByRole('heading', { level: 1, name: 'Connexion à l’espace gestionnaire' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Me connecter' })).toHaveAttribute('href', '/me-connecter');
	await expectNoViolation(page);
	expect(errors).toEqual([]);
});

for (const url of pages()) {
	test(`M1: ${url} for an administrator: no accessibility violation, no console error, desktop and tablet widths`, async ({ page }) => {
		// axe takes 15 to 20 s on the administrators' full tables (about 200 rows) on these machines.
		test.slow();
		const errors = collectErrors(page);
		await page.setViewportSize({ width: 1280, height: 800 });
		await logInAsManager(page, app, administrator);
		const target = url.replace('{numero}', numero).replace('{window}', windowId).replace('{manager}', managerId);
		await page.goto(app.url(target));
		await expect(page).toHaveURL(app.url(target));
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Menu gestionnaire' })).toBeVisible();
		await expectNoViolation(page);
		await expectNoSidewaysScroll(page);
		await page.setViewportSize({ width: 768, height: 1024 });
		await expectNoSidewaysScroll(page);
		expect(errors).toEqual([]);
	});
}
