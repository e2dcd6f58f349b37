// « Candidatures » in the browser (SPEC M3, M1): the list used with the keyboard alone, filters that
// live in the URL (Back restores them, a colleague opens the same list), the CSV export a
// spreadsheet opens, and axe. Registrations come from the API on the demonstration windows (DEMO=1).
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addManager, GRENOBLE, LYON, logInAsManager, type TestManager } from './support/admin';
import { useAppServer } from './support/app-server';
import { expectNoAxeViolation, registerByApi } from './support/candidate-space';
import { RELAXED_THROTTLES, newCandidate, tabTo } from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

/** A candidate of Grenoble registered for Bac pro 2027, in a browser context of their own. */
async function registeredCandidate(browser: Browser, birthName: string): Promise<{ registrationNumber: string; email: string }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	const person = await newCandidate(page, app, { birthName });
	const { registrationNumber } = await registerByApi(page, app);
	await context.close();
	return { registrationNumber, email: person.email };
}

async function managerPage(browser: Browser, manager: TestManager): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
	const page = await context.newPage();
	await logInAsManager(page, app, manager);
	return page;
}

/** « Candidatures » from the side menu, as a manager arrives. */
async function openList(page: Page): Promise<void> {
	await page.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Candidatures', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Candidatures' })).toBeVisible();
}

const list = (page: Page) => page.getByRole('table', { name: /^Candidatures, triées par/ });
const searchField = (page: Page) => page.getByRole('textbox', { name: 'Rechercher', exact: true });

test('M3: the list is used with the keyboard alone', async ({ browser }) => {
	const { registrationNumber } = await registeredCandidate(browser, 'Clavier');
	const page = await managerPage(browser, await addManager(app, { academyCodes: [GRENOBLE] }));
	await openList(page);
	// Nothing steals the focus on load; the search field is the first control of the page's content.
	await expect(searchField(page)).not.toBeFocused();
	await page.keyboard.press('Tab');
	await tabTo(page, searchField(page));
	await page.keyboard.type(registrationNumber.toLowerCase());
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(app.url(`/admin/candidatures?q=${registrationNumber.toLowerCase()}`));
	await expect(page.getByRole('main').getByRole('status')).toHaveText('1 candidature correspond à ces critères.');
	const link = list(page).getByRole('link', { name: registrationNumber, exact: true });
	await tabTo(page, link);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(app.url(`/admin/candidatures/${registrationNumber}`));
});

test('M3: filters live in the URL and Back restores them', async ({ browser }) => {
	const first = await registeredCandidate(browser, 'Filtre');
	const manager = await addManager(app, { academyCodes: [GRENOBLE] });
	const page = await managerPage(browser, manager);
	await openList(page);

	await page.getByRole('combobox', { name: 'État', exact: true }).selectOption({ label: 'Active' });
	await page.getByRole('combobox', { name: 'Trier par', exact: true }).selectOption({ label: 'Nom' });
	await page.getByRole('combobox', { name: 'Ordre', exact: true }).selectOption({ label: 'Décroissant' });
	await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await expect(page).toHaveURL(app.url('/admin/candidatures?etat=active&tri=nom&ordre=desc'));
	await expect(list(page)).toHaveAccessibleName('Candidatures, triées par Nom, ordre décroissant');
	const filteredUrl = page.url();

	await searchField(page).fill('filtre');
	await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await expect(page).toHaveURL(app.url('/admin/candidatures?q=filtre&etat=active&tri=nom&ordre=desc'));
	await expect(list(page).getByRole('link', { name: first.registrationNumber, exact: true })).toBeVisible();
	await expect(list(page).getByRole('row')).toHaveCount(1 + 1);

	// Back: the previous list, its filters shown in the form.
	await page.goBack();
	await expect(page).toHaveURL(filteredUrl);
	await expect(searchField(page)).toHaveValue('');
	await expect(page.getByRole('combobox', { name: 'État', exact: true })).toHaveValue('active');
	await expect(page.getByRole('combobox', { name: 'Trier par', exact: true })).toHaveValue('nom');
	await expect(page.getByRole('combobox', { name: 'Ordre', exact: true })).toHaveValue('desc');

	// A colleague who opens the link sees the same list, the same filters.
	const colleague = await managerPage(browser, await addManager(app, { academyCodes: [GRENOBLE] }));
	await colleague.goto(`${filteredUrl.replace(/\?.*/, '')}?q=filtre&etat=active&tri=nom&ordre=desc`);
	await expect(list(colleague).getByRole('link', { name: first.registrationNumber, exact: true })).toBeVisible();
	await expect(colleague.getByRole('combobox', { name: 'État', exact: true })).toHaveValue('active');
	await expect(searchField(colleague)).toHaveValue('filtre');
	// « Effacer les filtres » goes back to the whole list.
	await colleague.getByRole('link', { name: 'Effacer les filtres' }).click();
	await expect(colleague).toHaveURL(app.url('/admin/candidatures'));

	// M1: a Lyon manager, given the same link, does not see the Grenoble registration.
	const lyon = await managerPage(browser, await addManager(app, { academyCodes: [LYON] }));
	await lyon.goto(app.url(`/admin/candidatures?q=${first.registrationNumber}`));
	await expect(lyon.getByRole('main').getByRole('status')).toHaveText('Aucune candidature ne correspond à ces critères.');
	await expect(list(lyon)).toHaveCount(0);
});

test('M3: the export is a CSV a spreadsheet opens (BOM, ;)', async ({ browser }) => {
	const registered = await registeredCandidate(browser, 'Export');
	const page = await managerPage(browser, await addManager(app, { academyCodes: [GRENOBLE] }));
	await openList(page);
	await searchField(page).fill('export');
	await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await expect(page).toHaveURL(app.url('/admin/candidatures?q=export'));

	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Exporter (CSV)' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^candidatures-\d{4}-\d{2}-\d{2}\.csv$/);
	const bytes = fs.readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = bytes.subarray(3).toString('utf8').split('\r\n');
	expect(lines[0].split(';')).toEqual([
		'N° inscription',
		'N° candidat',
		'Nom de naissance',
		'Nom d’usage',
		'Prénoms',
		'Date de naissance',
		'Email',
		'Examen',
		'Spécialité',
		'Session',
		'Académie',
		'État',
		'Version',
		'Pièces justificatives',
		'Modifications à valider',
		'Confirmation signée reçue le'
	]);
	// The filtered list: this candidate only, one row, then the final line break.
	expect(lines).toHaveLength(3);
	const cells = lines[1].split(';');
	expect(cells[0]).toBe(registered.registrationNumber);
	expect(cells[2]).toBe('Export');
	expect(cells[6]).toBe(registered.email);
	expect(cells.slice(7, 13)).toEqual(['Bac pro', 'Métiers du commerce et de la vente', '2027', 'Grenoble', 'Active', 'Version 01']);
});

test('M3: the list, filtered and paged, has no accessibility violation (axe)', async ({ browser }) => {
	await registeredCandidate(browser, 'Accessible');
	const page = await managerPage(browser, await addManager(app, { academyCodes: [GRENOBLE] }));
	await openList(page);
	await expect(list(page)).toBeVisible();
	await expectNoAxeViolation(page, 'the list');
	await page.getByRole('combobox', { name: 'Pièces justificatives', exact: true }).selectOption({ label: 'Manquantes' });
	await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await expect(page).toHaveURL(app.url('/admin/candidatures?pieces=missing'));
	await expect(list(page).getByRole('row').nth(1)).toContainText('manquante');
	await expectNoAxeViolation(page, 'the filtered list');
});

test('M3: an administrator’s list, with the académie filter, has no accessibility violation (axe)', async ({ browser }) => {
	await registeredCandidate(browser, 'Administre');
	const admin = await managerPage(browser, await addManager(app, { role: 'administrator' }));
	await openList(admin);
	await expect(admin.getByRole('combobox', { name: 'Académie', exact: true })).toBeVisible();
	await expectNoAxeViolation(admin, 'the administrator’s list');
});
