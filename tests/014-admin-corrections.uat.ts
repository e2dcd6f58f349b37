// « Espace gestionnaire »: a registration's page, corrections and decisions, the audit log (SPEC M1,
// M3, M4, M8, R10, R12) in the browser, on the demonstration windows (DEMO=1). Each test registers its
// own candidate in Grenoble through the API and adds its own managers to the server's database.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { hydrated, openDatabase, postAction, type Person } from './support/accounts';
import { addManager, GRENOBLE, logInAsManager, RENNES, type TestManager } from './support/admin';
import { useAppServer, type AppServer } from './support/app-server';
import { candidateMenu, expectNoAxeViolation, fact, pdfPages, registerByApi } from './support/candidate-space';
import { RELAXED_THROTTLES, newCandidate } from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const PENDING_VALIDATION = 'Modifications à faire valider par le service des examens';

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

/** The versions of a registration's confirmation that the job has generated so far. */
function confirmationVersions(server: AppServer, registrationNumber: string): number[] {
	const db = openDatabase(server);
	try {
		return (
			db
				.prepare(
					`SELECT d.version FROM documents d JOIN registrations r ON r.id = d.registration_id
					 WHERE r.registration_number = ? AND d.kind = 'confirmation' ORDER BY d.version`
				)
				.all(registrationNumber) as Array<{ version: number }>
		).map((row) => row.version);
	} finally {
		db.close();
	}
}

function mailsTo(server: AppServer, email: string): Array<{ subject: string; text_body: string }> {
	const db = openDatabase(server);
	try {
		return db.prepare('SELECT subject, text_body FROM mail_outbox WHERE to_address = ? ORDER BY id').all(email) as Array<{
			subject: string;
			text_body: string;
		}>;
	} finally {
		db.close();
	}
}

/** A candidate registered for Bac pro 2027 in Grenoble, on the page. */
async function registeredCandidate(page: Page): Promise<{ candidate: Person; registrationNumber: string }> {
	const candidate = await newCandidate(page, app);
	const { registrationNumber } = await registerByApi(page, app);
	return { candidate, registrationNumber };
}

/** A manager in a browser context of their own, logged in through « Espace gestionnaire ». */
async function managerPage(browser: Browser, manager: TestManager): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logInAsManager(page, app, manager);
	return page;
}

/** Through « Candidatures »: the list's search by N° inscription, then the number's link. */
async function findRegistration(page: Page, registrationNumber: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Candidatures', exact: true }).click();
	await expect(page).toHaveURL(/\/admin\/candidatures/);
	await page.getByLabel('Rechercher', { exact: true }).fill(registrationNumber);
	await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await page.getByRole('link', { name: registrationNumber, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Inscription ${registrationNumber}` })).toBeVisible();
	await hydrated(page);
}

function auditTable(page: Page) {
	return page.getByRole('table', { name: 'Événements de l’inscription, du plus récent au plus ancien' });
}

test('M4: a Grenoble manager finds a registration by its N° inscription, corrects the birth name with a reason, and the candidate sees Version 02 and its new confirmation', async ({
	page,
	browser
}) => {
	const { candidate, registrationNumber } = await registeredCandidate(page);
	await expect.poll(() => confirmationVersions(app, registrationNumber), { timeout: 10_000 }).toEqual([1]);

	const manager = await addManager(app, { academyCodes: [GRENOBLE] });
	const office = await managerPage(browser, manager);
	await findRegistration(office, registrationNumber);
	const main = office.getByRole('main');
	await expect(main.getByRole('list', { name: 'État de l’inscription' })).toContainText('Active');
	await expect(main.getByRole('region', { name: 'Candidat' })).toContainText('Martin');
	await expectNoAxeViolation(office, 'registration page');

	await main.getByRole('link', { name: 'Corriger les informations personnelles' }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Corriger les informations personnelles' })).toBeVisible();
	await hydrated(office);
	const birthName = office.getByRole('textbox', { name: /^Nom de naissance/ });
	await expect(birthName).toHaveValue('Martin');
	await expectNoAxeViolation(office, 'correction form');

	// The reason is mandatory: refused next to the field, nothing saved.
	await birthName.fill('Martin-Durand');
	await office.getByRole('button', { name: 'Enregistrer la correction' }).click();
	const reason = office.getByRole('textbox', { name: /^Motif de la correction/ });
	await expect(reason).toHaveAttribute('aria-invalid', 'true');
	await expect(office.getByText('Indiquez le motif de la correction : il est envoyé au candidat.')).toBeVisible();
	expect(confirmationVersions(app, registrationNumber)).toEqual([1]);

	await reason.fill('Acte de naissance reçu : nom composé');
	await office.getByRole('button', { name: 'Enregistrer la correction' }).click();
	await expect(office).toHaveURL(new RegExp(`/admin/candidatures/${registrationNumber}\\?corrige=1$`));
	await expect(office.getByRole('status').filter({ hasText: 'La correction est enregistrée' })).toBeVisible();
	const versions = office.getByRole('region', { name: 'Versions' });
	await expect(versions.getByRole('heading', { level: 3, name: /^Version 02 – .* – Correction du service des examens$/ })).toBeVisible();
	const changes = versions.getByRole('table', { name: 'Version 02 : modifications par rapport à la version précédente' });
	await expect(changes.getByRole('row', { name: 'Nom de naissance Martin Martin-Durand' })).toBeVisible();
	await expect(auditTable(office).getByRole('row').filter({ hasText: 'Acte de naissance reçu : nom composé' }).first()).toContainText(
		manager.email
	);

	// The new confirmation is made by the queued job (R8, R10).
	await expect.poll(() => confirmationVersions(app, registrationNumber), { timeout: 10_000 }).toEqual([1, 2]);

	// The mail says what changed and why, with a link to « Mes inscriptions ».
	const mail = mailsTo(app, candidate.email).find(
		(entry) => entry.subject === 'Le service des examens a corrigé vos informations personnelles'
	);
	expect(mail?.text_body).toContain('Nom de naissance : « Martin » devient « Martin-Durand ».');
	expect(mail?.text_body).toContain('Motif de la correction : Acte de naissance reçu : nom composé');
	expect(mail?.text_body).toContain(app.url('/mes-inscriptions'));

	// The candidate: Version 02, the corrected name, the new confirmation, the reason in the history.
	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await page.getByRole('link', { name: /Baccalauréat professionnel/ }).click();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(fact(page, 'Version')).toHaveText('Version 02');
	await expect(page.getByRole('main')).toContainText('Martin-Durand');
	const pdf = await page.request.get(app.url(`/mes-inscriptions/${registrationNumber}/confirmation-pdf`));
	expect(pdf.status()).toBe(200);
	const [front] = await pdfPages(await pdf.body());
	expect(front).toContain('Version 02');
	expect(front.toUpperCase()).toContain('MARTIN-DURAND');
	await page.getByRole('link', { name: 'Historique des versions' }).click();
	await expect(page.getByText('Correction du service des examens. Motif : Acte de naissance reçu : nom composé')).toBeVisible();
});

test('M1: a Rennes manager opening that registration’s address gets 404', async ({ page, browser }) => {
	const { registrationNumber } = await registeredCandidate(page);
	const rennes = await managerPage(browser, await addManager(app, { academyCodes: [RENNES] }));

	for (const pathname of [`/admin/candidatures/${registrationNumber}`, `/admin/candidatures/${registrationNumber}/corriger`]) {
		const response = await rennes.goto(app.url(pathname));
		expect(response?.status(), pathname).toBe(404);
	}
	// Exactly like a number that does not exist.
	const unknown = await rennes.goto(app.url('/admin/candidatures/Z9999999999'));
	expect(unknown?.status()).toBe(404);
	// And its actions change nothing.
	const post = await postAction(rennes.request, app, `/admin/candidatures/${registrationNumber}?/ecarter`, { reason: 'Essai' });
	expect(post.status()).toBe(404);
	const db = openDatabase(app);
	try {
		expect(db.prepare('SELECT set_aside_at FROM registrations WHERE registration_number = ?').get(registrationNumber)).toEqual({
			set_aside_at: null
		});
	} finally {
		db.close();
	}
});

test('M4: « Écarter » with a reason shows on the candidate’s registration', async ({ page, browser }) => {
	const { registrationNumber } = await registeredCandidate(page);
	const office = await managerPage(browser, await addManager(app, { academyCodes: [GRENOBLE] }));
	await findRegistration(office, registrationNumber);

	// The reason is mandatory.
	await office.getByRole('button', { name: 'Écarter', exact: true }).click();
	const reason = office.getByRole('textbox', { name: /^Motif pour écarter l’inscription/ });
	await expect(reason).toHaveAttribute('aria-invalid', 'true');
	await expect(office.getByText('Indiquez le motif : le candidat le verra sur son inscription.')).toBeVisible();

	await reason.fill('Pièce d’identité illisible : renvoyez une copie lisible.');
	await office.getByRole('button', { name: 'Écarter', exact: true }).click();
	const state = office.getByRole('list', { name: 'État de l’inscription' });
	await expect(state).toContainText('Écartée le');
	await expect(state).toContainText('Pièce d’identité illisible : renvoyez une copie lisible.');
	await expect(auditTable(office).getByRole('row').nth(1)).toContainText('Inscription écartée');

	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	const notice = page.getByRole('note').filter({ hasText: 'Inscription écartée par le service des examens' });
	await expect(notice).toContainText('Motif : Pièce d’identité illisible : renvoyez une copie lisible.');
	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: registrationNumber })).toContainText(
		'Inscription écartée par le service des examens. Motif : Pièce d’identité illisible : renvoyez une copie lisible.'
	);

	// « Réintégrer »: the candidate no longer sees it.
	await office.getByRole('button', { name: 'Réintégrer', exact: true }).click();
	await expect(state).toContainText('Active');
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByText('Inscription écartée par le service des examens')).toHaveCount(0);
});

test('M4: « Confirmation signée reçue » and « Valider les modifications » are recorded in the audit shown on the page', async ({
	page,
	browser
}) => {
	// About 30 s on a loaded machine: a candidate, a modification, two decisions and the audit.
	const { registrationNumber } = await registeredCandidate(page);
	// Setup only: a modification after the pieces were locked (the candidate's flow has its own tests, R12).
	const db = openDatabase(app);
	try {
		db.prepare('UPDATE registrations SET pending_validation = 1 WHERE registration_number = ?').run(registrationNumber);
	} finally {
		db.close();
	}
	const manager = await addManager(app, { academyCodes: [GRENOBLE] });
	const office = await managerPage(browser, manager);
	await findRegistration(office, registrationNumber);
	const state = office.getByRole('list', { name: 'État de l’inscription' });
	await expect(state).toContainText(PENDING_VALIDATION);
	await expect(state).toContainText('Confirmation signée non reçue');

	// A day in the future is refused next to the field.
	const received = office.getByLabel(/^Date de réception/);
	const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
	await received.fill(tomorrow);
	await office.getByRole('button', { name: 'Enregistrer la réception' }).click();
	await expect(office.getByText('La date de réception ne peut pas être dans le futur.')).toBeVisible();

	await received.fill('2026-11-30');
	await expect(office.getByRole('combobox', { name: /^Version reçue/ })).toHaveValue('1');
	await office.getByRole('button', { name: 'Enregistrer la réception' }).click();
	await expect(state).toContainText('Confirmation signée reçue le 30/11/2026 (Version 01)');
	const audit = auditTable(office);
	const signed = audit.getByRole('row').filter({ hasText: 'Confirmation signée reçue' });
	await expect(signed).toContainText(manager.email);
	await expect(signed).toContainText('Reçue le : 30/11/2026 ; Version : 1');

	await office.getByRole('button', { name: 'Valider les modifications' }).click();
	await expect(state).not.toContainText(PENDING_VALIDATION);
	await expect(audit.getByRole('row').nth(1)).toContainText('Modifications validées');
	await expect(audit.getByRole('row').nth(1)).toContainText(manager.email);
	await expectNoAxeViolation(office, 'registration page after the decisions');

	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(page.getByText(PENDING_VALIDATION)).toHaveCount(0);
});

test('M8: an administrator reads the audit log filtered by N° inscription, and a manager does not find it', async ({ page, browser }) => {
	const { registrationNumber } = await registeredCandidate(page);
	const manager = await addManager(app, { academyCodes: [GRENOBLE] });
	const office = await managerPage(browser, manager);
	await findRegistration(office, registrationNumber);
	await office.getByRole('textbox', { name: /^Motif pour écarter l’inscription/ }).fill('Dossier incomplet');
	await office.getByRole('button', { name: 'Écarter', exact: true }).click();
	await expect(office.getByRole('list', { name: 'État de l’inscription' })).toContainText('Écartée le');
	expect((await office.goto(app.url('/admin/journal')))?.status()).toBe(404);

	const administrator = await managerPage(browser, await addManager(app, { role: 'administrator', label: 'administrateur' }));
	await administrator
		.getByRole('navigation', { name: 'Menu gestionnaire' })
		.getByRole('link', { name: 'Journal d’audit', exact: true })
		.click();
	await expect(administrator.getByRole('heading', { level: 1, name: 'Journal d’audit' })).toBeVisible();
	await administrator.getByRole('textbox', { name: 'N° inscription, N° candidat ou identifiant' }).fill(registrationNumber);
	await administrator.getByRole('button', { name: 'Filtrer' }).click();
	await expect(administrator).toHaveURL(new RegExp(`subject=${registrationNumber}`));
	const rows = administrator.getByRole('table').getByRole('row');
	// Header, « Inscription écartée », « Inscription enregistrée », newest first.
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(1)).toContainText('Inscription écartée');
	await expect(rows.nth(1)).toContainText(manager.email);
	await expect(rows.nth(1)).toContainText('Dossier incomplet');
	await expect(rows.nth(2)).toContainText('Inscription enregistrée');
	await expect(rows.nth(2)).toContainText('Le candidat');
	await expectNoAxeViolation(administrator, 'audit log');

	// The filter is a link a colleague can open; by actor too.
	await administrator.getByLabel('Par', { exact: true }).selectOption({ label: manager.email });
	await administrator.getByRole('button', { name: 'Filtrer' }).click();
	await expect(rows).toHaveCount(2);
});
