// « Candidats scolaires » (SPEC M7, A7, M1, M8) in the browser, on the demonstration windows (DEMO=1):
// a Grenoble manager imports a Windows-1252 CSV (one bad row: previewed, nothing written), then the
// corrected file, then the same file again (nothing changes); prints the import's slips as one PDF read
// back with pdf.js; a pupil logs in with a printed code, chooses a password and consults the school's
// registration without « Modifier » nor « Se désinscrire ». Reissuing the slip ends the pupil's session
// and cancels the password.
import fs from 'node:fs';
import { expect, test, type Browser, type Download, type Page } from '@playwright/test';
import { hydrated, openDatabase, passwordInput, textbox } from './support/accounts';
import { addManager, GRENOBLE, logInAsManager, type TestManager } from './support/admin';
import { useAppServer } from './support/app-server';
import { candidateMenu, expectNoAxeViolation, pdfPages } from './support/candidate-space';
import { RELAXED_THROTTLES } from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

test.describe.configure({ mode: 'serial' });

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

const HEADER =
	'INE;Civilité;Nom de naissance;Nom d’usage;Prénoms;Date de naissance;Commune de naissance;Pays de naissance;Nationalité;Email;Établissement;Spécialité;Session';
const CHLOE = '123456789AB;Mme;Durand;;Chloé;14/03/2009;Grenoble;France;Française;chloe.durand@example.org;0380089F;MELEC;2027';
const ANAIS = '1234567890C;Mme;Moreau;Petit;Anaïs;02/11/2008;Voiron;France;Italienne;;0380089F;MELEC;2027';
const LUCAS_GOOD = '1234A12345D;M;Bernard;;Lucas;30/06/2008;Vienne;France;FR;;0380089F;MCV;2027';
const LUCAS_BAD = LUCAS_GOOD.replace('1234A12345D', '1234B12345D');
const PASSWORD = 'Lycée 2027 !';
const NEW_PASSWORD = 'Bac pro 2027 ?';

/** What a spreadsheet saves in Windows-1252: é, ï and ’ as single bytes (’ is 0x92). */
function windows1252Csv(rows: string[]): Buffer {
	return Buffer.from([HEADER, ...rows].join('\r\n').replace(/’/g, '\x92') + '\r\n', 'latin1');
}

function count(sql: string, ...params: unknown[]): number {
	const db = openDatabase(app);
	try {
		return (db.prepare(sql).get(...params) as { n: number }).n;
	} finally {
		db.close();
	}
}

const schoolCandidates = () => count('SELECT count(*) AS n FROM candidates WHERE ine IS NOT NULL');
const candidateAudits = () => count("SELECT count(*) AS n FROM audit_events WHERE action LIKE 'school-candidate.%'");

let manager: TestManager;
let managerPage: Page;
/** What the printed slip of Chloé says. */
let chloeSlip: { candidateNumber: string; code: string };
let pupilPage: Page;

async function openManager(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logInAsManager(page, app, manager);
	return page;
}

async function goToSchoolCandidates(page: Page): Promise<void> {
	await page.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Candidats scolaires' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Candidats scolaires' })).toBeVisible();
}

async function preview(page: Page, rows: string[]): Promise<void> {
	await goToSchoolCandidates(page);
	await page.getByRole('link', { name: 'Importer un fichier' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Importer des candidats scolaires' })).toBeVisible();
	await expect(page.getByLabel('Académie')).toHaveValue(GRENOBLE);
	await page.getByLabel('Fichier CSV').setInputFiles({ name: 'eleves.csv', mimeType: 'text/csv', buffer: windows1252Csv(rows) });
	await page.getByRole('button', { name: 'Prévisualiser' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Aperçu de « eleves.csv »' })).toBeVisible();
}

function previewRow(page: Page, ine: string) {
	return page.getByRole('table', { name: 'Lignes du fichier et ce que l’import en fera' }).getByRole('row').filter({ hasText: ine });
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<string[]> {
	const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
	expect(download.suggestedFilename()).toMatch(/^papillons?-.*\.pdf$/);
	return pdfPages(fs.readFileSync((await download.path())!));
}

function slipOf(text: string, name: string): { candidateNumber: string; code: string } {
	const match = new RegExp(`${name}.*?N° candidat : (\\w{10})\\s+Code initial : (\\w{5} \\w{5})`).exec(text);
	expect(match, text).not.toBeNull();
	return { candidateNumber: match![1], code: match![2] };
}

test('M7: a Windows-1252 CSV with a bad INE is previewed with its error and writes nothing; corrected, it imports; again, nothing changes', async ({
	browser
}) => {
	test.setTimeout(120_000);
	manager = await addManager(app, { academyCodes: [GRENOBLE], label: 'scolaires.grenoble' });
	managerPage = await openManager(browser);
	const page = managerPage;

	await goToSchoolCandidates(page);
	await expect(page.getByText('Aucun candidat scolaire.')).toBeVisible();
	await expectNoAxeViolation(page, '/admin/scolaires');

	// The file with a bad row: previewed, with the error on that row, and nothing to confirm.
	await preview(page, [CHLOE, ANAIS, LUCAS_BAD]);
	await expect(page.getByText('3 lignes lues (encodage Windows-1252)')).toBeVisible();
	await expect(previewRow(page, '123456789AB')).toContainText('Durand Chloé');
	await expect(previewRow(page, '123456789AB')).toContainText('À créer');
	await expect(previewRow(page, '1234567890C')).toContainText('Moreau Anaïs');
	await expect(previewRow(page, '1234B12345D')).toContainText('Erreur');
	await expect(previewRow(page, '1234B12345D')).toContainText('INE\u00a0: L’INE n’a pas une forme connue');
	await expect(page.getByRole('alert').filter({ hasText: 'rien ne sera enregistré' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Confirmer l’import' })).toHaveCount(0);
	await expectNoAxeViolation(page, '/admin/scolaires/import (aperçu avec erreur)');
	expect(schoolCandidates()).toBe(0);
	await goToSchoolCandidates(page);
	await expect(page.getByText('Aucun candidat scolaire.')).toBeVisible();

	// Corrected: previewed, confirmed, written.
	await preview(page, [CHLOE, ANAIS, LUCAS_GOOD]);
	for (const ine of ['123456789AB', '1234567890C', '1234A12345D']) await expect(previewRow(page, ine)).toContainText('À créer');
	await expectNoAxeViolation(page, '/admin/scolaires/import (aperçu)');
	await page.getByRole('button', { name: 'Confirmer l’import' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Import de « eleves.csv » enregistré : 3 créé(s), 0 mis à jour, 0 inchangé(s).' })
	).toBeVisible();
	await expect(page.getByRole('row')).toHaveCount(4);
	await expect(page.getByRole('row', { name: /Chloé/ })).toContainText('Papillon à imprimer');
	expect(schoolCandidates()).toBe(3);
	expect(candidateAudits()).toBe(3);

	// The same file again: every row unchanged, nothing written but the import itself.
	await preview(page, [CHLOE, ANAIS, LUCAS_GOOD]);
	for (const ine of ['123456789AB', '1234567890C', '1234A12345D']) await expect(previewRow(page, ine)).toContainText('Inchangé');
	await page.getByRole('button', { name: 'Confirmer l’import' }).click();
	await expect(page.getByRole('status').filter({ hasText: '0 créé(s), 0 mis à jour, 3 inchangé(s).' })).toBeVisible();
	expect(schoolCandidates()).toBe(3);
	expect(candidateAudits()).toBe(3);
	expect(count("SELECT count(*) AS n FROM audit_events WHERE action = 'school-import.applied'")).toBe(2);

	// The slips of the whole import: one PDF, read back.
	const pages = await downloaded(page, () => page.getByRole('button', { name: 'Imprimer les papillons de toute l’importation' }).click());
	expect(pages).toHaveLength(1);
	const text = pages[0];
	for (const name of ['Chloé Durand', 'Anaïs Petit', 'Lucas Bernard']) expect(text).toContain(name);
	expect(text).toContain(`${app.origin}/candidat-scolaire`);
	expect(text).toContain('Je suis candidat scolaire');
	chloeSlip = slipOf(text, 'Chloé Durand');
	expect(count("SELECT count(*) AS n FROM audit_events WHERE action = 'login-slip.issued'")).toBe(3);
});

test('A7, M7: a pupil logs in with the printed N° candidat and code, chooses a password and consults the school’s registration', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	pupilPage = await context.newPage();
	const page = pupilPage;
	await page.goto(app.url('/'));
	await page.getByRole('banner').getByRole('link', { name: 'Me connecter' }).click();
	await page.getByRole('main').getByRole('link', { name: 'Je suis candidat scolaire' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Je suis candidat scolaire' })).toBeVisible();
	await hydrated(page);
	await textbox(page, 'Numéro de candidat').fill(chloeSlip.candidateNumber);
	await passwordInput(page, 'Code du papillon (ou mot de passe choisi ensuite)').fill(chloeSlip.code);
	await page.getByRole('main').getByRole('button', { name: 'Me connecter' }).click();
	await expect(page).toHaveURL(app.url('/candidat-scolaire/mot-de-passe'));
	await hydrated(page);
	await passwordInput(page, 'Mot de passe').fill(PASSWORD);
	await passwordInput(page, 'Confirmation du mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
	await expect(page).toHaveURL(app.url('/espace-candidat'));

	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	const notice = 'Inscription faite par votre établissement : pour toute modification, adressez-vous à lui.';
	await expect(page.getByText(notice)).toBeVisible();
	await page.getByRole('link', { name: /Baccalauréat professionnel – Métiers de l’électricité/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Baccalauréat professionnel, session 2027' })).toBeVisible();
	await expect(page.getByText(notice)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Modifier', exact: true })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Se désinscrire' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Récapitulatif' })).toBeVisible();
	await expectNoAxeViolation(page, '/mes-inscriptions/[numero] (inscription faite par l’établissement)');

	// The pages of « Modifier » and « Se désinscrire » send back to the registration; the server refuses too.
	const registrationUrl = page.url();
	await page.goto(`${registrationUrl}/desinscription`);
	await expect(page).toHaveURL(registrationUrl);
	await page.goto(`${registrationUrl}/modifier`);
	await expect(page).toHaveURL(registrationUrl);
	const withdrawal = await page.request.post(`${registrationUrl}/desinscription`, {
		form: {},
		headers: { origin: app.origin, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(await withdrawal.text()).toContain(notice);
	expect(count("SELECT count(*) AS n FROM registrations WHERE origin = 'school' AND status = 'active'")).toBe(3);
});

test('M7: « Réémettre le papillon » ends the pupil’s session; the old password no longer works, the new code does', async () => {
	const page = managerPage;
	await goToSchoolCandidates(page);
	const chloeRow = page.getByRole('row', { name: /Chloé/ });
	await expect(chloeRow).toContainText('Mot de passe choisi');
	await expect(page.getByText('Déjà connectés (mot de passe choisi, non imprimés) : Chloé Durand.')).toBeVisible();
	await expectNoAxeViolation(page, '/admin/scolaires (liste)');
	await chloeRow.getByRole('link', { name: /Réémettre le papillon/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Papillon de connexion de Chloé Durand' })).toBeVisible();
	await expectNoAxeViolation(page, '/admin/scolaires/[numero]');
	// Not confirmed: nothing happens.
	await page.getByRole('button', { name: 'Réémettre le papillon' }).click();
	await expect(page.getByText('Cochez la case pour confirmer la réémission.')).toBeVisible();
	expect(count("SELECT count(*) AS n FROM audit_events WHERE action = 'login-slip.reissued'")).toBe(0);
	await page.getByLabel('Je confirme : annuler le code et le mot de passe actuels de Chloé Durand').check();
	const [text] = await downloaded(page, () => page.getByRole('button', { name: 'Réémettre le papillon' }).click());
	const reissued = slipOf(text, 'Chloé Durand');
	expect(reissued.candidateNumber).toBe(chloeSlip.candidateNumber);
	expect(reissued.code).not.toBe(chloeSlip.code);
	expect(count("SELECT count(*) AS n FROM audit_events WHERE action = 'login-slip.reissued'")).toBe(1);

	// The pupil's session has ended.
	const pupil = pupilPage;
	await pupil.reload();
	await expect(pupil).not.toHaveURL(/\/mes-inscriptions\//);
	await pupil.goto(app.url('/'));
	await pupil.getByRole('main').getByRole('link', { name: 'Je suis candidat scolaire' }).click();
	await hydrated(pupil);
	const logIn = async (secret: string) => {
		await textbox(pupil, 'Numéro de candidat').fill(chloeSlip.candidateNumber);
		await passwordInput(pupil, 'Code du papillon (ou mot de passe choisi ensuite)').fill(secret);
		await pupil.getByRole('main').getByRole('button', { name: 'Me connecter' }).click();
	};
	await logIn(PASSWORD);
	await expect(pupil.getByRole('alert')).toHaveText('Numéro de candidat ou code incorrect. Vérifiez votre papillon de connexion.');
	await logIn(chloeSlip.code);
	await expect(pupil.getByRole('alert')).toHaveText('Numéro de candidat ou code incorrect. Vérifiez votre papillon de connexion.');
	await logIn(reissued.code);
	await expect(pupil).toHaveURL(app.url('/candidat-scolaire/mot-de-passe'));
	await hydrated(pupil);
	await passwordInput(pupil, 'Mot de passe').fill(NEW_PASSWORD);
	await passwordInput(pupil, 'Confirmation du mot de passe').fill(NEW_PASSWORD);
	await pupil.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
	await expect(pupil).toHaveURL(app.url('/espace-candidat'));
});
