// « Espace gestionnaire »: the review of supporting documents (SPEC M5, R12, D1, N1) in the
// browser, on the demonstration windows (DEMO=1), with a real SMTP server for the notices. A
// candidate registers in Grenoble through the API, deposits and locks the pieces through the pages;
// a Grenoble manager refuses one from « Pièces à examiner », sends a « Relance »; the candidate
// reads the reason and the reminder, replaces the piece in the locked set; the manager accepts it.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { hydrated, logIn, openDatabase, type Person } from './support/accounts';
import { addManager, GRENOBLE, LYON, logInAsManager, registerWithApi, type TestManager } from './support/admin';
import { startAppServer, type AppServer } from './support/app-server';
import { candidateMenu, collectErrors, expectNoAxeViolation, pdfPages, smallPdf, smallPng } from './support/candidate-space';
import { mailedActivationLink, startMailServer, type MailServer } from './support/mail';
import { RELAXED_THROTTLES } from './support/registration';

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

const IDENTITY = 'Pièce d’identité';
const PFMP = 'Attestations de périodes de formation en milieu professionnel (PFMP)';

/** A candidate activated through the mail they receive, registered for Bac pro 2027 in Grenoble through the API. */
async function registeredCandidate(firstNames: string): Promise<{ person: Person; registrationNumber: string }> {
	const { person, candidate, registrationNumber } = await registerWithApi(app, GRENOBLE, firstNames, {}, (email) =>
		mailedActivationLink(mail, email)
	);
	await candidate.dispose();
	return { person, registrationNumber };
}

async function managerPage(browser: Browser, manager: TestManager): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logInAsManager(page, app, manager);
	return page;
}

/** A required piece on the candidate's « Pièces justificatives » page. */
function piece(page: Page, label: string): Locator {
	return page
		.getByRole('main')
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { level: 2, name: label, exact: true }) });
}

async function deposit(page: Page, label: string, field: string, file: { name: string; mimeType: string; buffer: Buffer }) {
	await hydrated(page);
	await piece(page, label).getByLabel(field, { exact: true }).setInputFiles(file);
	await piece(page, label)
		.getByRole('button', { name: /^Déposer/ })
		.click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('La pièce est déposée.');
}

/** « Pièces à examiner » from the admin menu. */
async function openQueue(office: Page): Promise<Locator> {
	await office.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Pièces à examiner', exact: true }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Pièces à examiner' })).toBeVisible();
	return office.getByRole('table', { name: 'Pièces à examiner, de la plus ancienne à la plus récente' });
}

function pieceStates(registrationNumber: string): Record<string, string> {
	const db = openDatabase(app);
	try {
		const rows = db
			.prepare(
				`SELECT s.type_code, s.state FROM supporting_documents s JOIN registrations r ON r.id = s.registration_id
				 WHERE r.registration_number = ? ORDER BY s.type_code`
			)
			.all(registrationNumber) as Array<{ type_code: string; state: string }>;
		return Object.fromEntries(rows.map((row) => [row.type_code, row.state]));
	} finally {
		db.close();
	}
}

test('M5, R12, D1: a refused piece with its reason, a « Relance » in « Mes documents » and the inbox, the replacement in the locked set accepted; another académie gets 404', async ({
	page,
	browser
}) => {
	test.setTimeout(240_000);
	const { person, registrationNumber } = await registeredCandidate('Inès');

	// The candidate: « Mes inscriptions » → the registration → « Pièces justificatives »; deposit, lock.
	await logIn(page, app, person.email, person.password);
	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await page
		.getByRole('main')
		.getByRole('listitem')
		.filter({ hasText: registrationNumber })
		.getByRole('link', { name: /Baccalauréat professionnel/ })
		.click();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}`));
	await page.getByRole('main').getByRole('link', { name: 'Pièces justificatives', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pièces justificatives' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText([IDENTITY, PFMP]);
	await deposit(page, IDENTITY, 'Fichier à déposer', {
		name: 'identite.pdf',
		mimeType: 'application/pdf',
		buffer: await smallPdf('Carte nationale d’identité')
	});
	await deposit(page, PFMP, 'Fichier à déposer', { name: 'pfmp.png', mimeType: 'image/png', buffer: smallPng(120, 80) });
	await page.getByRole('link', { name: 'Verrouiller mes pièces', exact: true }).click();
	await page.getByRole('main').getByRole('button', { name: 'Verrouiller mes pièces', exact: true }).click();
	await expect(page.getByRole('main')).toContainText('Vos pièces sont verrouillées : seul le service des examens peut les déverrouiller.');
	await expect(page.getByRole('main').locator('input[type="file"]')).toHaveCount(0);

	// The Grenoble manager: « Pièces à examiner », the identity document opened, refused with a reason.
	const manager = await addManager(app, { academyCodes: [GRENOBLE] });
	const office = await managerPage(browser, manager);
	const officeErrors = collectErrors(office);
	let queue = await openQueue(office);
	await expectNoAxeViolation(office, 'the review queue');
	const identityRow = queue.getByRole('row').filter({ hasText: registrationNumber }).filter({ hasText: IDENTITY });
	await expect(identityRow).toHaveCount(1);
	await expect(queue.getByRole('row').filter({ hasText: registrationNumber })).toHaveCount(2);
	await expect(identityRow.getByRole('link', { name: registrationNumber, exact: true })).toHaveAttribute(
		'href',
		`/admin/candidatures/${registrationNumber}`
	);
	// The filters are a GET form: the filtered queue is a link.
	await office.getByLabel('Déposée depuis').selectOption({ label: 'Plus de 7 jours' });
	await office.getByRole('button', { name: 'Filtrer', exact: true }).click();
	await expect(office).toHaveURL(/\/admin\/pieces\?age=7$/);
	await expect(office.getByRole('status').filter({ hasText: 'Aucune pièce à examiner avec ces critères.' })).toBeVisible();
	await office.getByRole('link', { name: 'Effacer les filtres' }).click();
	await expect(office).toHaveURL(app.url('/admin/pieces'));

	await identityRow.getByRole('link', { name: new RegExp(`^${IDENTITY}`) }).click();
	await expect(office.getByRole('heading', { level: 1, name: IDENTITY })).toBeVisible();
	await hydrated(office);
	// The PDF is drawn by pdf.js onto a canvas (never the browser's PDF plug-in), with no CSP violation.
	await expect(office.getByRole('img', { name: `${IDENTITY} : page 1 sur 1` })).toBeVisible();
	await expect(office.getByRole('status').filter({ hasText: '1 page affichée.' })).toBeVisible();
	// Drawn for real: the page's text left dark pixels on the white page.
	const inked = await office.getByRole('img', { name: `${IDENTITY} : page 1 sur 1` }).evaluate((canvas: HTMLCanvasElement) => {
		const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
		let dark = 0;
		for (let index = 0; index < data.length; index += 4) if (data[index] < 128 && data[index + 3] > 0) dark += 1;
		return dark;
	});
	expect(inked).toBeGreaterThan(50);
	await expectNoAxeViolation(office, 'the piece viewer (PDF)');
	const fileHref = `/admin/candidatures/${registrationNumber}/pieces/${office.url().split('/').at(-1)}/fichier`;
	const file = await office.request.get(app.url(fileHref));
	expect(file.status()).toBe(200);
	expect(file.headers()).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' });
	expect(file.headers()['content-security-policy']).toContain('sandbox');
	expect(file.headers()['cache-control']).toContain('no-store');
	expect(file.headers()['content-disposition']).toMatch(/^inline/);

	// « Autre motif » needs the free text: refused next to the field, nothing changed.
	await office.getByLabel('Motif du refus').selectOption({ label: 'Autre motif' });
	await office.getByRole('button', { name: 'Refuser la pièce' }).click();
	await expect(office.getByText('Précisez le motif : le candidat le lira.')).toBeVisible();
	await expect(office.getByRole('textbox', { name: 'Précision' })).toHaveAttribute('aria-invalid', 'true');
	expect(pieceStates(registrationNumber)['identity-document']).toBe('deposited');
	await office.getByLabel('Motif du refus').selectOption({ label: 'Document illisible' });
	await office.getByRole('textbox', { name: 'Précision' }).fill('le recto est flou');
	await office.getByRole('button', { name: 'Refuser la pièce' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'La pièce est refusée.' })).toBeVisible();
	await expect(office.getByRole('main')).toContainText('motif : Document illisible : le recto est flou');

	// The image is shown as an image; accepted.
	queue = await openQueue(office);
	await queue
		.getByRole('row')
		.filter({ hasText: registrationNumber })
		.getByRole('link', { name: new RegExp(`^${PFMP.replace(/[()]/g, '\\$&')}`) })
		.click();
	await expect(office.getByRole('img', { name: `${PFMP} déposée par le candidat` })).toBeVisible();
	// Visible before its bytes arrive: wait until the file is decoded, at its own width.
	await expect
		.poll(() => office.getByRole('img', { name: `${PFMP} déposée par le candidat` }).evaluate((img: HTMLImageElement) => img.naturalWidth))
		.toBe(120);
	await hydrated(office);
	await office.getByRole('button', { name: 'Accepter la pièce' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'La pièce est acceptée.' })).toBeVisible();

	// The registration's page: the states, then « Relance de pièces justificatives ».
	await office.getByRole('link', { name: `Retour à l’inscription ${registrationNumber}` }).click();
	await expect(office.getByRole('heading', { level: 1, name: `Inscription ${registrationNumber}` })).toBeVisible();
	await hydrated(office);
	const pieces = office.getByRole('table', { name: 'Pièces justificatives de l’inscription' });
	await expect(pieces.getByRole('row').filter({ hasText: IDENTITY })).toContainText('refusée');
	await expect(pieces.getByRole('row').filter({ hasText: IDENTITY })).toContainText('Document illisible : le recto est flou');
	await expect(pieces.getByRole('row').filter({ hasText: PFMP })).toContainText('acceptée');
	await expect(office.getByRole('link', { name: 'Publier un document' })).toHaveAttribute(
		'href',
		`/admin/candidatures/${registrationNumber}/publier`
	);
	await expectNoAxeViolation(office, 'the registration page with its pieces');
	const mailsBefore = mail.messages.length;
	await office.getByRole('button', { name: 'Relance de pièces justificatives' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'La relance est envoyée' })).toBeVisible();
	await expect(
		office.getByRole('table', { name: 'Documents de l’inscription' }).getByRole('link', { name: 'Relance de pièces justificatives' })
	).toBeVisible();

	// The candidate: the notices, the refusal's reason next to the piece, the reminder in « Mes documents ».
	const refusal = await mail.waitForMail(person.email, 'Une pièce justificative a été refusée', 20_000);
	expect(refusal.text).toContain('Motif : Document illisible : le recto est flou');
	expect(refusal.links).toContain(app.url(`/mes-inscriptions/${registrationNumber}/pieces`));
	const reminderMail = await mail.waitForMail(person.email, 'Relance : des pièces justificatives sont attendues', 20_000, mailsBefore);
	expect(reminderMail.links).toContain(app.url('/mes-documents'));
	expect(reminderMail.raw).not.toMatch(/Content-Disposition: attachment/i);
	expect(reminderMail.text).not.toContain('le recto est flou');

	await candidateMenu(page).getByRole('link', { name: 'Mes documents', exact: true }).click();
	const reminderItem = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Relance de pièces justificatives' });
	await expect(reminderItem).toContainText('Nouveau');
	const pdfHref = (await reminderItem.getByRole('link', { name: /^Visualiser\/Imprimer/ }).getAttribute('href'))!;
	const pdf = await page.request.get(app.url(pdfHref));
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const text = (await pdfPages(await pdf.body())).join('\n');
	expect(text).toContain('Relance de pièces justificatives');
	expect(text).toContain(registrationNumber);
	expect(text).toContain('Document illisible : le recto est flou');
	await reminderItem.getByRole('link', { name: /^Version accessible \(page web\)/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Relance de pièces justificatives' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Pièces refusées' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('listitem')).toHaveText([`${IDENTITY} – motif : Document illisible : le recto est flou`]);
	await expectNoAxeViolation(page, 'the reminder’s HTML version');
	await page.getByRole('link', { name: 'Déposer mes pièces justificatives' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Pièces justificatives' })).toBeVisible();
	await expect(piece(page, IDENTITY)).toContainText('refusée');
	await expect(piece(page, IDENTITY)).toContainText('Motif du refus : Document illisible : le recto est flou');
	await expect(piece(page, PFMP)).toContainText('acceptée');
	await expect(piece(page, PFMP).locator('input[type="file"]')).toHaveCount(0);
	await expectNoAxeViolation(page, 'the candidate’s pieces, one refused in a locked set');
	await deposit(page, IDENTITY, 'Remplacer par un autre fichier', {
		name: 'identite-nette.pdf',
		mimeType: 'application/pdf',
		buffer: await smallPdf('Carte nationale d’identité, nette')
	});
	await expect(piece(page, IDENTITY)).toContainText(/déposée – déposée le /);
	await expect(piece(page, IDENTITY)).not.toContainText('Motif du refus');
	await expect(page.getByRole('main')).toContainText('Vos pièces sont verrouillées');
	await expect(page.getByRole('main').locator('input[type="file"]')).toHaveCount(0);

	// The manager: the piece is back in the queue, accepted; the log says it came back from the candidate.
	queue = await openQueue(office);
	await queue
		.getByRole('row')
		.filter({ hasText: registrationNumber })
		.getByRole('link', { name: new RegExp(`^${IDENTITY}`) })
		.click();
	await expect(office.getByRole('img', { name: `${IDENTITY} : page 1 sur 1` })).toBeVisible();
	await hydrated(office);
	await office.getByRole('button', { name: 'Accepter la pièce' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'La pièce est acceptée.' })).toBeVisible();
	expect(pieceStates(registrationNumber)).toEqual({ 'identity-document': 'accepted', 'pfmp-certificates': 'accepted' });
	await office.getByRole('link', { name: `Retour à l’inscription ${registrationNumber}` }).click();
	const journal = office.getByRole('table', { name: 'Événements de l’inscription, du plus récent au plus ancien' });
	await expect(journal.getByRole('row').filter({ hasText: 'Pièce justificative déposée' })).toContainText('Le candidat');
	await expect(journal.getByRole('row').filter({ hasText: 'Pièce justificative refusée' })).toContainText(manager.email);
	await expect(office.getByText('Aucune pièce manquante ni refusée : pas de relance à envoyer.')).toBeVisible();
	expect(officeErrors).toEqual([]);

	// M1: a Lyon manager gets 404 on the piece's file and its viewer.
	const lyon = await managerPage(browser, await addManager(app, { academyCodes: [LYON] }));
	expect((await lyon.request.get(app.url(fileHref))).status()).toBe(404);
	expect((await lyon.request.get(app.url(fileHref.replace(/\/fichier$/, '')))).status()).toBe(404);
	expect((await lyon.request.get(app.url('/admin/pieces'))).status()).toBe(200);
	await lyon.goto(app.url('/admin/pieces'));
	await expect(lyon.getByRole('main')).not.toContainText(registrationNumber);
});
