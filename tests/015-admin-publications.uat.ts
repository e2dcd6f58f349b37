// « Espace gestionnaire »: publishing documents (SPEC M6, D1, D2, D3, N1) in the browser, on the
// demonstration windows (DEMO=1), with a real SMTP server for the notices. Two candidates register
// in Grenoble through the API; a Grenoble manager publishes a batch of summonses matched by the
// N° inscription in the file names, then a second version to one registration.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { hydrated, logIn, openDatabase, type Person } from './support/accounts';
import { addManager, GRENOBLE, logInAsManager, registerWithApi, RENNES, type TestManager } from './support/admin';
import { startAppServer, type AppServer } from './support/app-server';
import { candidateMenu, expectNoAxeViolation, numberTab, pdfPages, smallPdf, smallPng } from './support/candidate-space';
import { mailedActivationLink, startMailServer, type MailServer } from './support/mail';
import { RELAXED_THROTTLES, answerAccommodations, button, expectStep, iso7064Mod3736, next } from './support/registration';

let mail: MailServer;
let app: AppServer;

test.beforeAll(async () => {
	mail = await startMailServer();
	app = await startAppServer({ env: { DEMO: '1', SMTP_URL: mail.url, ...RELAXED_THROTTLES } });
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

test.afterAll(async () => {
	await app?.stop();
	await mail?.stop();
});

const NOTICE = 'Un nouveau document est disponible dans votre espace candidat';

/** A candidate activated through the mail they receive, registered for Bac pro 2027 in Grenoble through the API. */
async function registeredCandidate(firstNames: string): Promise<{ person: Person; registrationNumber: string }> {
	const { person, candidate, registrationNumber } = await registerWithApi(app, GRENOBLE, firstNames, {}, (email) =>
		mailedActivationLink(mail, email)
	);
	await candidate.dispose();
	return { person, registrationNumber };
}

/** The same number with a wrong check character. */
function wrongCheck(registrationNumber: string): string {
	const body = registrationNumber.slice(0, 10);
	return body + (iso7064Mod3736(body) === '0' ? '1' : '0');
}

function summonses(registrationNumber: string): Array<{ id: string; version: number; created_by_manager_id: string | null }> {
	const db = openDatabase(app);
	try {
		return db
			.prepare(
				`SELECT d.id, d.version, d.created_by_manager_id FROM documents d JOIN registrations r ON r.id = d.registration_id
				 WHERE r.registration_number = ? AND d.kind = 'summons' ORDER BY d.version`
			)
			.all(registrationNumber) as Array<{ id: string; version: number; created_by_manager_id: string | null }>;
	} finally {
		db.close();
	}
}

async function managerPage(browser: Browser, manager: TestManager): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logInAsManager(page, app, manager);
	return page;
}

async function candidatePage(browser: Browser, person: Person): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logIn(page, app, person.email, person.password);
	await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	return page;
}

/** « Mes documents » through the menu: the convocation entries the candidate sees. */
async function myDocuments(page: Page) {
	await candidateMenu(page).getByRole('link', { name: 'Mes documents', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
	return page.getByRole('main').getByRole('listitem').filter({ hasText: 'Convocation aux épreuves' });
}

test('M6, D2: a batch of three summonses, one with a wrong check character set aside; each candidate sees only their own; a second version replaces the first', async ({
	browser
}) => {
	test.setTimeout(420_000);
	const alice = await registeredCandidate('Alice');
	const bruno = await registeredCandidate('Bruno');
	const manager = await addManager(app, { academyCodes: [GRENOBLE] });
	const office = await managerPage(browser, manager);

	// « Publier des documents » from the menu.
	await office.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Publier des documents' }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Publier des documents' })).toBeVisible();
	await hydrated(office);
	await expectNoAxeViolation(office, 'bulk publication: choosing the files');

	const wrong = `convocation-${wrongCheck(bruno.registrationNumber)}.pdf`;
	await office.getByLabel('Type de document').selectOption({ label: 'Convocation' });
	await office.getByLabel('Fichiers PDF').setInputFiles([
		{ name: `convocation-${alice.registrationNumber}.pdf`, mimeType: 'application/pdf', buffer: await smallPdf('Convocation Alice') },
		{
			name: `Convocation_${bruno.registrationNumber.toLowerCase()}.pdf`,
			mimeType: 'application/pdf',
			buffer: await smallPdf('Convocation Bruno')
		},
		{ name: wrong, mimeType: 'application/pdf', buffer: await smallPdf('Convocation erronée') }
	]);
	await office.getByRole('button', { name: 'Vérifier les fichiers' }).click();

	// The preview: two matches with the candidates' names, the wrong check character as a mismatch.
	const files = office.getByRole('table', { name: 'Fichiers du lot' });
	await expect(office.getByRole('heading', { name: 'Aperçu du lot : Convocation' })).toBeFocused();
	await expect(files.getByRole('row', { name: new RegExp(`${alice.registrationNumber} MARTIN Alice Correspond À publier`) })).toBeVisible();
	await expect(files.getByRole('row', { name: new RegExp(`${bruno.registrationNumber} MARTIN Bruno Correspond À publier`) })).toBeVisible();
	await expect(files.getByRole('row', { name: new RegExp(wrong) })).toContainText('Caractère de contrôle erroné');
	await expect(files.getByRole('row', { name: new RegExp(wrong) })).toContainText('Non publié');
	await expect(office.getByText('2 fichiers correspondent à une inscription ; 1 ne correspond pas et ne sera pas publié.')).toBeVisible();
	await expectNoAxeViolation(office, 'bulk publication: preview');

	// The connection breaks after the server received the first file: the page keeps the list.
	await office.route(
		'**/admin/publications/fichier',
		async (route) => {
			await route.fetch();
			await route.abort('internetdisconnected');
		},
		{ times: 1 }
	);
	await office.getByRole('button', { name: 'Publier 2 documents' }).click();
	await expect(office.getByRole('button', { name: 'Reprendre' })).toBeVisible();
	await expect(office.getByRole('status').filter({ hasText: 'sur 2 publié' })).toContainText('0 sur 2 publié');
	await expect(office.getByRole('progressbar', { name: 'Progression de la publication' })).toBeVisible();
	await expectNoAxeViolation(office, 'bulk publication: interrupted');

	// « Reprendre »: the file already received is recognised (« déjà publié »), the other is published.
	await office.getByRole('button', { name: 'Reprendre' }).click();
	await expect(office.getByRole('heading', { name: 'Bilan' })).toBeFocused();
	await expect(office.getByRole('status').filter({ hasText: 'sur 2 publiés' })).toContainText('2 sur 2 publiés.');
	await expect(office.getByRole('progressbar', { name: 'Progression de la publication' })).toHaveAttribute('value', '2');
	const summary = office.getByRole('region', { name: 'Bilan' });
	await expect(summary).toContainText('Publiés : 1');
	await expect(summary).toContainText('Déjà publiés (rien de nouveau) : 1');
	await expect(summary).toContainText('En échec : 0');
	await expect(summary).toContainText('Non publiés (ne correspondent pas) : 1');
	await expect(files.getByRole('row', { name: new RegExp(alice.registrationNumber) })).toContainText('Déjà publié');
	await expect(files.getByRole('row', { name: new RegExp(bruno.registrationNumber) })).toContainText('Publié');
	await expectNoAxeViolation(office, 'bulk publication: summary');
	expect(summonses(alice.registrationNumber)).toMatchObject([{ version: 1 }]);
	expect(summonses(bruno.registrationNumber)).toMatchObject([{ version: 1 }]);

	// Each candidate, arriving by the menu, sees only their own summons, marked « Nouveau », and opens it.
	for (const [candidate, text] of [
		[alice, 'Convocation Alice'],
		[bruno, 'Convocation Bruno']
	] as const) {
		const page = await candidatePage(browser, candidate.person);
		const entries = await myDocuments(page);
		await expect(entries).toHaveCount(1);
		await expect(entries).toContainText('Convocation aux épreuves – Version 01');
		await expect(entries.getByText('Nouveau', { exact: true })).toBeVisible();
		const href = await entries.getByRole('link', { name: /Visualiser\/Imprimer/ }).getAttribute('href');
		const opened = await page.request.get(app.url(href!));
		expect(opened.status()).toBe(200);
		expect((await pdfPages(await opened.body())).join(' ')).toContain(text);
		await page.context().close();

		// N1: the notice links to « Mes documents », carries no document and no number.
		const notice = await mail.waitForMail(candidate.person.email, NOTICE, 20_000);
		expect(notice.text).toContain(`Bonjour ${candidate.person.firstNames},`);
		expect(notice.links).toContain(app.url('/mes-documents'));
		expect(notice.raw).not.toMatch(/application\/pdf|Content-Disposition: attachment/i);
		expect(notice.text).not.toContain(candidate.registrationNumber);
	}

	// The manager downloads a published document of the registration; a Rennes manager gets 404.
	const [first] = summonses(alice.registrationNumber);
	expect(first.created_by_manager_id).not.toBeNull();
	const download = await office.request.get(app.url(`/admin/candidatures/${alice.registrationNumber}/documents/${first.id}`));
	expect(download.status()).toBe(200);
	expect(download.headers()['content-disposition']).toContain(`convocation-${alice.registrationNumber}.pdf`);
	expect(download.headers()['cache-control']).toContain('no-store');
	const rennes = await managerPage(browser, await addManager(app, { academyCodes: [RENNES] }));
	expect((await rennes.request.get(app.url(`/admin/candidatures/${alice.registrationNumber}/documents/${first.id}`))).status()).toBe(404);
	expect((await rennes.request.get(app.url(`/admin/candidatures/${alice.registrationNumber}/publier`))).status()).toBe(404);
	await rennes.context().close();

	// A second version to Alice, from the registration's page (Candidatures → the registration).
	await office.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Candidatures', exact: true }).click();
	await office.getByLabel('Rechercher', { exact: true }).fill(alice.registrationNumber);
	await office.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await office.getByRole('link', { name: alice.registrationNumber, exact: true }).click();
	await expect(office.getByRole('heading', { level: 1, name: `Inscription ${alice.registrationNumber}` })).toBeVisible();
	await office.getByRole('main').getByRole('link', { name: 'Publier un document' }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Publier un document' })).toBeVisible();
	await hydrated(office);
	await expectNoAxeViolation(office, 'publishing to one registration');

	// An image is refused next to the field.
	await office.getByLabel('Type de document').selectOption({ label: 'Convocation' });
	await office.getByLabel('Fichier PDF').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: smallPng() });
	await office.getByRole('button', { name: 'Publier', exact: true }).click();
	const fileField = office.getByLabel('Fichier PDF');
	await expect(fileField).toHaveAttribute('aria-invalid', 'true');
	await expect(office.getByText('Seul un fichier PDF peut être publié')).toBeVisible();
	await expectNoAxeViolation(office, 'publishing to one registration: refused');

	// The same bytes twice (pdf-lib dates each document it makes).
	const rectified = await smallPdf('Convocation Alice rectifiée');
	await fileField.setInputFiles({ name: 'convocation-rectifiee.pdf', mimeType: 'application/pdf', buffer: rectified });
	await office.getByRole('button', { name: 'Publier', exact: true }).click();
	await expect(office.getByText('Le document est publié (Version 02).')).toBeVisible();
	expect(summonses(alice.registrationNumber).map((row) => row.version)).toEqual([1, 2]);
	// The very same file again is recognised: nothing new.
	await office.getByLabel('Fichier PDF').setInputFiles({ name: 'encore.pdf', mimeType: 'application/pdf', buffer: rectified });
	await office.getByRole('button', { name: 'Publier', exact: true }).click();
	await expect(office.getByText(/^Déjà publié : ce fichier est déjà la dernière version/)).toBeVisible();
	expect(summonses(alice.registrationNumber).map((row) => row.version)).toEqual([1, 2]);

	// D2: Alice sees only version 02, new again; the notice came a second time.
	const page = await candidatePage(browser, alice.person);
	const entries = await myDocuments(page);
	await expect(entries).toHaveCount(1);
	await expect(entries).toContainText('Convocation aux épreuves – Version 02');
	await expect(entries.getByText('Nouveau', { exact: true })).toBeVisible();
	const href = await entries.getByRole('link', { name: /Visualiser\/Imprimer/ }).getAttribute('href');
	expect((await pdfPages(await (await page.request.get(app.url(href!))).body())).join(' ')).toContain('Convocation Alice rectifiée');
	await expect
		.poll(
			() => mail.messages.filter((message) => message.to.includes(alice.person.email.toLowerCase()) && message.subject === NOTICE).length,
			{ timeout: 20_000 }
		)
		.toBe(2);

	// R7: « N°Inscription », after a modification saved, lists what was published for the registration.
	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await page.getByRole('link', { name: /Baccalauréat professionnel/ }).click();
	await page.getByRole('main').getByRole('link', { name: 'Modifier', exact: true }).click();
	await expectStep(page, 1, 'Identité');
	await next(page, 2, 'Choix de l’examen');
	await next(page, 3, 'Situation');
	await next(page, 4, 'Acquis');
	await next(page, 5, 'Aménagements');
	await answerAccommodations(page, 'Oui');
	await next(page, 6, 'Récapitulatif');
	await button(page, 'Enregistrer').click();
	await expect(numberTab(page).getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	const published = numberTab(page).getByRole('listitem').filter({ hasText: 'Convocation aux épreuves – Version 02' });
	await expect(published.getByRole('link', { name: /Visualiser\/Imprimer/ })).toHaveAttribute(
		'href',
		`/documents/${summonses(alice.registrationNumber)[1].id}`
	);
	await expectNoAxeViolation(page, 'N°Inscription with a published document');
});
