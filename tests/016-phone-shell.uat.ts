// A shell made for a phone (issue 16, SPEC O1): a one-line header whose « Menu » is a keyboard and
// screen-reader friendly disclosure, the installed app's tab bar, a compact wizard at 320 px, and
// nothing typed or ticked before the page's scripts have loaded lost when they run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Locator, type Page } from '@playwright/test';
import { fillCreateAccountForm, hydrated, person, submitLogin } from './support/accounts';
import { useAppServer, type AppServer } from './support/app-server';
import { collectErrors, expectNoAxeViolation } from './support/candidate-space';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium';
import { button, expectStep, newCandidate, next, RELAXED_THROTTLES, stepCount, tabTo } from './support/registration';

const app: AppServer = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 320, height: 640 };

const banner = (page: Page) => page.getByRole('banner');
const menuButton = (page: Page) => banner(page).getByRole('button', { name: 'Menu', exact: true });
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

async function headerHeight(page: Page): Promise<number> {
	return (await banner(page).boundingBox())!.height;
}

async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow, where).toBeLessThanOrEqual(0);
}

/** The app's scripts held back, as on a slow network, until `release()`. */
async function holdScripts(page: Page): Promise<() => void> {
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	return release;
}

test('a phone’s header is one line, and « Menu » opens and is walked with the keyboard', async ({ page }) => {
	const errors = collectErrors(page);
	await page.setViewportSize(PHONE);
	await page.goto(app.url('/'));
	await hydrated(page);
	expect(await headerHeight(page)).toBeLessThanOrEqual(64);
	// The help stays on the line; the menu is closed.
	await expect(banner(page).getByRole('link', { name: 'J’ai besoin d’aide' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeHidden();
	await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
	await expect(menuButton(page)).toHaveAttribute('aria-controls', 'menu');

	await tabTo(page, menuButton(page));
	await page.keyboard.press('Enter');
	await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'true');
	const menu = page.getByRole('navigation', { name: 'Menu principal' });
	await expect(menu.getByRole('link')).toHaveText(['Ouverture des services', 'Me connecter', 'Créer mon compte']);
	await expectNoAxeViolation(page, 'the public menu open at 390 px');
	// Escape closes it and gives the focus back to « Menu ».
	await page.keyboard.press('Tab');
	await expect(menu.getByRole('link', { name: 'Ouverture des services' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(menu).toBeHidden();
	await expect(menuButton(page)).toBeFocused();
	await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');

	// Signed in, the candidate's menu: « Menu », Enter, Tab down to « Mes documents », Enter.
	await page.setViewportSize({ width: 1280, height: 800 });
	await newCandidate(page, app);
	await page.setViewportSize(PHONE);
	await expect(heading(page, 'Mon espace candidat')).toBeVisible();
	expect(await headerHeight(page)).toBeLessThanOrEqual(64);
	await expect(banner(page).getByRole('button', { name: 'Se déconnecter' })).toBeHidden();
	await tabTo(page, menuButton(page));
	await page.keyboard.press('Enter');
	const candidateMenu = page.getByRole('navigation', { name: 'Menu candidat' });
	await expect(candidateMenu.getByRole('link', { name: 'Mon espace' })).toHaveAttribute('aria-current', 'page');
	await expect(banner(page).getByRole('link', { name: 'Modifier mon compte' })).toBeVisible();
	await expect(banner(page).getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	await expectNoAxeViolation(page, 'the candidate menu open at 390 px');
	const documents = candidateMenu.getByRole('link', { name: 'Mes documents' });
	await tabTo(page, documents, { max: 10 });
	await page.keyboard.press('Enter');
	await expect(heading(page, 'Mes documents')).toBeVisible();
	// The menu closes on arrival and marks the page.
	await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
	await expect(candidateMenu).toBeHidden();
	await menuButton(page).click();
	await expect(documents).toHaveAttribute('aria-current', 'page');
	await page.keyboard.press('Escape');
	await expect(candidateMenu).toBeHidden();

	// 320 px: still one line, nothing wider than the screen.
	await page.setViewportSize(SMALL_PHONE);
	expect(await headerHeight(page)).toBeLessThanOrEqual(64);
	await expectNoHorizontalScroll(page, '« Mes documents » at 320 px');
	// In a browser tab, the installed app's tab bar is not there.
	await expect(page.getByRole('navigation', { name: 'Accès rapide' })).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('without scripts « Menu » still leads to the menu', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'fr-FR', serviceWorkers: 'block' });
	const page = await context.newPage();
	try {
		await page.goto(app.url('/'));
		expect(await headerHeight(page)).toBeLessThanOrEqual(64);
		await banner(page).getByRole('link', { name: 'Menu', exact: true }).click();
		await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Créer mon compte' }).click();
		await expect(heading(page, 'Créer mon compte')).toBeVisible();
	} finally {
		await context.close();
	}
});

test('at 320 px the wizard’s steps take a line and a bar, and nothing is wider than the screen', async ({ page }) => {
	await newCandidate(page, app);
	await page.setViewportSize(SMALL_PHONE);
	await menuButton(page).click();
	await page.getByRole('navigation', { name: 'Menu candidat' }).getByRole('link', { name: 'M’inscrire', exact: true }).click();
	const main = page.getByRole('main');
	await main.getByRole('combobox', { name: /^Examen/ }).selectOption({ label: 'Baccalauréat professionnel' });
	await main.getByRole('combobox', { name: /^Session/ }).selectOption({ label: 'Session 2027' });
	await main.getByRole('combobox', { name: /^Académie de résidence/ }).selectOption({ label: 'Grenoble' });
	await page.getByRole('link', { name: 'Valider', exact: true }).click();
	await expectStep(page, 1, 'Identité');
	await next(page, 2, 'Choix de l’examen');

	const steps = page.getByRole('navigation', { name: 'Étapes de l’inscription' });
	// Every step is still listed for screen readers, the current one marked.
	await expect(steps.getByRole('listitem')).toHaveText([
		'Identité',
		'Choix de l’examen',
		'Situation',
		'Acquis',
		'Aménagements',
		'Récapitulatif'
	]);
	await expect(steps.locator('[aria-current="step"]')).toHaveText('Choix de l’examen');
	const list = (await steps.getByRole('list').boundingBox())!;
	expect(list.height, 'the list is a bar').toBeLessThanOrEqual(16);
	expect((await stepCount(page).boundingBox())!.height, 'the current step fits two lines at most').toBeLessThanOrEqual(50);
	await expectNoHorizontalScroll(page, 'the wizard at 320 px');
	await expect(button(page, 'Suivant')).toBeVisible();

	// Desktop: the list as it was, one label after the other.
	await page.setViewportSize({ width: 1280, height: 800 });
	await expect(steps.getByRole('listitem').first()).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
	expect((await steps.getByRole('listitem').nth(1).boundingBox())!.width).toBeGreaterThan(100);
});

test('what is typed, ticked and chosen before the scripts run is still there after, and sent', async ({ page }) => {
	const errors = collectErrors(page);
	const release = await holdScripts(page);
	await page.goto(app.url('/creer-mon-compte'), { waitUntil: 'domcontentloaded' });
	// « Monsieur » (a radio button) and « D’un autre pays » (a select), then every text field.
	const newcomer = person({ civility: 'Monsieur', nationality: 'D’un autre pays' });
	await fillCreateAccountForm(page, newcomer);
	expect(await page.evaluate(() => history.scrollRestoration), 'the scripts have not run').toBe('auto');
	release();
	await hydrated(page);
	await expect(page.getByRole('radio', { name: 'Monsieur', exact: true })).toBeChecked();
	await expect(page.getByRole('combobox', { name: 'Nationalité' })).toHaveValue('OTHER');
	await expect(page.getByRole('textbox', { name: 'Nom de naissance', exact: true })).toHaveValue(newcomer.birthName);
	await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();
	// Accepted by the form's checks and by the server: every value reached them.
	await expect(page.getByRole('dialog', { name: 'Votre compte va être créé' })).toBeVisible();
	// No Content-Security-Policy violation (a console error) on the way.
	expect(errors).toEqual([]);
});

test('a box unticked before the scripts run stays unticked, and is saved so', async ({ browser }) => {
	// Reloaded, the page's scripts would come from the worker's cache, past the route that holds them.
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'block' });
	const page = await context.newPage();
	await newCandidate(page, app);
	await banner(page).getByRole('link', { name: 'Modifier mon compte' }).click();
	await expect(heading(page, 'Modifier mon compte')).toBeVisible();
	const reminders = page.getByRole('checkbox', { name: /^Recevoir un rappel par mail/ });
	await expect(reminders).toBeChecked();

	const errors = collectErrors(page);
	const release = await holdScripts(page);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await reminders.uncheck();
	release();
	await hydrated(page);
	await expect(reminders).not.toBeChecked();
	await page.getByRole('button', { name: 'Enregistrer mes rappels' }).click();
	await expect(page.getByRole('main').locator('.form-message')).toBeVisible();
	await page.unroute('**/_app/immutable/**/*.js');
	await page.reload();
	await expect(reminders).not.toBeChecked();
	// Blocked, the worker's registration has no `waiting` to read: not an error a person meets.
	expect(errors.filter((error) => !/reading 'waiting'/.test(error))).toEqual([]);
	await context.close();
});

/** Chromium's app window (`--app`): the page is in display-mode standalone, as on a home screen. */
async function launchInstalledApp(url: string) {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-app-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: chromiumPath(),
		args: [...CHROMIUM_ARGS, `--app=${url}`],
		headless: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		viewport: PHONE
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		page,
		async close() {
			await context.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		}
	};
}

test('O1: installed on the home screen, the candidate space has a tab bar to its four pages', async ({ page: browserTab }) => {
	const candidate = await newCandidate(browserTab, app);
	const installed = await launchInstalledApp(app.url('/'));
	const { page } = installed;
	try {
		const errors = collectErrors(page);
		await expect(heading(page, 'Portail candidat')).toBeVisible();
		expect(await page.evaluate(() => matchMedia('(display-mode: standalone)').matches)).toBe(true);
		// Not signed in: no tab bar.
		await expect(page.getByRole('navigation', { name: 'Accès rapide' })).toHaveCount(0);
		await menuButton(page).click();
		await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Me connecter' }).click();
		await expect(heading(page, 'Me connecter')).toBeVisible();
		await hydrated(page);
		await submitLogin(page, candidate.email, candidate.password);
		await expect(heading(page, 'Mon espace candidat')).toBeVisible();

		const tabs = page.getByRole('navigation', { name: 'Accès rapide' });
		await expect(tabs.getByRole('link')).toHaveText(['Mon espace', 'M’inscrire', 'Mes inscriptions', 'Mes documents']);
		await expect(tabs.getByRole('link', { name: 'Mon espace' })).toHaveAttribute('aria-current', 'page');
		for (const box of await Promise.all((await tabs.getByRole('link').all()).map((link) => link.boundingBox()))) {
			expect(box!.height).toBeGreaterThanOrEqual(44);
			expect(box!.width).toBeGreaterThanOrEqual(44);
		}
		await expectNoAxeViolation(page, '« Mon espace » with the tab bar');

		const tab = (name: string): Locator => tabs.getByRole('link', { name, exact: true });
		for (const [name, title] of [
			['Mes documents', 'Mes documents'],
			['Mes inscriptions', 'Mes inscriptions'],
			['M’inscrire', 'M’inscrire'],
			['Mon espace', 'Mon espace candidat']
		]) {
			await tab(name).click();
			await expect(heading(page, title)).toBeVisible();
			await expect(tab(name)).toHaveAttribute('aria-current', 'page');
		}

		// The end of the page scrolls clear of the bar: the footer's last link is above it.
		await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		const lastLink = page.getByRole('contentinfo').getByRole('link').last();
		await expect(lastLink).toBeInViewport();
		const bar = (await tabs.boundingBox())!;
		const last = (await lastLink.boundingBox())!;
		expect(last.y + last.height).toBeLessThanOrEqual(bar.y);
		expect(bar.y + bar.height).toBeCloseTo(PHONE.height, 0);
		expect(errors).toEqual([]);
	} finally {
		await installed.close();
	}
});
