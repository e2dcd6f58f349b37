// Documents of the candidate space (SPEC R7, R8, R12, D1–D3) in the browser, on the demonstration
// windows (DEMO=1): the confirmation PDF behind « Visualiser/Imprimer », « Mes documents » and its
// versions, downloads authorised on the server, and the supporting documents (upload, refusal,
// replacement, « Verrouiller mes pièces »). Each test creates and logs in its own candidate.
import { expect, test, type APIResponse, type Locator, type Page } from '@playwright/test';
import { fieldError, hydrated, openDatabase } from './support/accounts';
import { useAppServer, type AppServer } from './support/app-server';
import { withoutAddressParams } from './support/pages';
import {
	CONTENT,
	candidateMenu,
	expectNoAxeViolation,
	fact,
	modifyByApi,
	numberTab,
	pdfPages,
	photoJpeg,
	registerByApi,
	smallPdf,
	smallPng
} from './support/candidate-space';
import {
	RELAXED_THROTTLES,
	answerAccommodations,
	button,
	definition,
	expectStep,
	fillToSummary,
	newCandidate,
	next,
	openWizard,
	walkTo
} from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const IDENTITY = 'Pièce d’identité';
const JDC = 'Certificat de participation à la JDC ou attestation de recensement';
const PFMP = 'Attestations de périodes de formation en milieu professionnel (PFMP)';
const NOT_ACCEPTED = 'Ce fichier n’est pas accepté : déposez un PDF, une photo JPEG ou une image PNG.';
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

/** A download's headers: never sniffed, never kept in a shared or local cache. */
function expectPrivateDownload(response: APIResponse, mediaType: string, where: string) {
	expect(response.status(), where).toBe(200);
	const headers = response.headers();
	expect(headers['content-type'], where).toBe(mediaType);
	expect(headers['x-content-type-options'], where).toBe('nosniff');
	expect(headers['cache-control'], where).toContain('no-store');
	expect(headers['cache-control'], where).toContain('private');
}

/** « Mes documents », with the confirmation group of a registration. */
function documentGroup(page: Page, registrationNumber: string): Locator {
	return page.getByRole('region', { name: `Baccalauréat professionnel, session 2027 – N° inscription ${registrationNumber}` });
}

test('R7, R8: « Visualiser/Imprimer » on « N°Inscription » serves the confirmation PDF: numbers, version, accented name, signature block, pieces on page 2; the HTML version agrees', async ({
	page
}) => {
	await newCandidate(page, app, { firstNames: 'Zoé', birthName: 'Lefèvre-Œil' });
	await openWizard(page, app);
	await fillToSummary(page);
	await button(page, 'Enregistrer').click();

	const numbers = numberTab(page);
	await expect(numbers.getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	const candidateNumber = (await definition(numbers, 'N° candidat').textContent())!.trim();
	const registrationNumber = (await definition(numbers, 'N° inscription').textContent())!.trim();
	expect(candidateNumber).toMatch(/^08\d{7}[0-9A-Z]$/);
	expect(registrationNumber).toMatch(/^2708\d{6}[0-9A-Z]$/);
	const view = numbers.getByRole('link', { name: /^Visualiser\/Imprimer/ });
	await expect(view).toBeVisible();
	await expect(view).toHaveAccessibleName('Visualiser/Imprimer la confirmation d’inscription (PDF, s’ouvre dans un nouvel onglet)');
	const href = await view.getAttribute('href');
	expect(href).toBe(`/mes-inscriptions/${registrationNumber}/confirmation-pdf`);

	// The file, with the page's cookies: a PDF shown in the browser, named after the number and version.
	const response = await page.request.get(app.url(href!));
	expectPrivateDownload(response, 'application/pdf', 'confirmation-pdf');
	const disposition = response.headers()['content-disposition'];
	expect(disposition).toMatch(/^inline; filename="[^"]+\.pdf"/);
	expect(/filename="([^"]+)"/.exec(disposition)![1]).toContain(registrationNumber);
	expect(/filename="([^"]+)"/.exec(disposition)![1]).toContain('version-01');
	const body = await response.body();
	expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

	const pages = await pdfPages(body);
	expect(pages.length).toBeGreaterThanOrEqual(2);
	const [front, back] = pages;
	expect(front).toContain(`N° candidat : ${candidateNumber}`);
	expect(front).toContain(`N° inscription : ${registrationNumber}`);
	expect(front).toContain('Version 01');
	expect(front).toContain('Lefèvre-Œil');
	expect(front).toContain('Zoé');
	expect(front).toContain('Métiers du commerce et de la vente');
	expect(front).toContain('Lu et vérifié, date et signature');
	expect(front).not.toContain('Pièces justificatives à joindre');
	// « Au dos »: the supporting documents to send, and where.
	expect(back).toContain('Pièces justificatives à joindre');
	expect(back).toContain('Pièce d’identité');
	expect(back).toContain('ce.decbacpro@ac-grenoble.fr');

	// The accessible HTML version shows the same numbers.
	await numbers.getByRole('link', { name: 'Version accessible (page web)', exact: true }).click();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}/confirmation`));
	await expect(page.getByRole('heading', { level: 1, name: 'Confirmation d’inscription' })).toBeVisible();
	await expect(fact(page, 'N° candidat')).toHaveText(candidateNumber);
	await expect(fact(page, 'N° inscription')).toHaveText(registrationNumber);
	await expect(fact(page, 'Version')).toHaveText('Version 01');
	await expect(definition(page.getByRole('main'), 'Nom de naissance')).toHaveText('Lefèvre-Œil');
	await expect(page.getByRole('heading', { name: 'Lu et vérifié, date et signature' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Pièces justificatives à joindre' })).toBeVisible();
});

test('D1, D2: « Mes documents » lists the confirmation, « Nouveau » once; after a modification only Version 02, whose PDF says so', async ({
	page
}) => {
	await newCandidate(page, app);
	const { registrationNumber } = await registerByApi(page, app);
	// The job makes the PDF within seconds. Waiting here, not on the page: every visit marks what it lists as seen.
	await expect.poll(() => confirmationVersions(app, registrationNumber), { timeout: 10_000 }).toEqual([1]);

	await candidateMenu(page).getByRole('link', { name: 'Mes documents', exact: true }).click();
	await expect(page).toHaveURL(app.url('/mes-documents'));
	await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Documents relatifs à ma candidature' })).toBeVisible();
	const items = documentGroup(page, registrationNumber).getByRole('listitem');
	await expect(items).toHaveCount(1);
	await expect(items).toContainText(/^\s*Confirmation d’inscription – Version 01, du \d{1,2} \S+ \d{4}/);
	await expect(items.getByText('Nouveau', { exact: true })).toBeVisible();

	// The next visit: no longer new.
	await page.reload();
	await expect(items).toHaveCount(1);
	await expect(items).toContainText('Confirmation d’inscription – Version 01');
	await expect(items.getByText('Nouveau', { exact: true })).toHaveCount(0);

	// A modification: Version 02 replaces Version 01 once the job has run.
	await modifyByApi(page, app, registrationNumber, 1, { ...CONTENT, accommodations: { applied: 'yes' } });
	// Until then it shows as being prepared, never Version 01 as the latest.
	await expect(async () => {
		await page.reload();
		await expect(items).toContainText('Confirmation d’inscription – Version 02', { timeout: 500 });
		await expect(items).not.toContainText('Version 01', { timeout: 500 });
		await expect(items.getByRole('link', { name: /^Visualiser\/Imprimer/ })).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 10_000 });
	await expect(page.getByRole('main').getByText(/Confirmation d’inscription – Version/)).toHaveCount(1);
	await expect(page.getByRole('main')).not.toContainText('Version 01');
	expect(confirmationVersions(app, registrationNumber)).toEqual([1, 2]);

	const link = items.getByRole('link', { name: /^Visualiser\/Imprimer/ });
	const href = (await link.getAttribute('href'))!;
	expect(href).toMatch(/^\/documents\/[a-z0-9]{24}$/);
	const response = await page.request.get(app.url(href));
	expectPrivateDownload(response, 'application/pdf', href);
	expect(response.headers()['content-disposition']).toContain(`confirmation-inscription-${registrationNumber}-version-02.pdf`);
	const [front] = await pdfPages(await response.body());
	expect(front).toContain('Version 02');
	expect(front).not.toContain('Version 01');
	expect(front).toContain(`N° inscription : ${registrationNumber}`);
});

test('D3: another candidate gets 404 and an anonymous visitor is sent to « Me connecter » for a candidate’s files; downloads are private and never sniffed', async ({
	page,
	browser,
	playwright
}) => {
	await newCandidate(page, app);
	const { registrationNumber } = await registerByApi(page, app);

	// A supporting document, deposited through the page.
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}/pieces`));
	await hydrated(page);
	const identity = piece(page, IDENTITY);
	const pdf = await smallPdf('Carte d’identité');
	await identity
		.getByLabel('Fichier à déposer', { exact: true })
		.setInputFiles({ name: 'identite.pdf', mimeType: 'application/pdf', buffer: pdf });
	await identity.getByRole('button', { name: /^Déposer/ }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('La pièce est déposée.');
	const pieceHref = (await identity.getByRole('link', { name: /^Voir le fichier/ }).getAttribute('href'))!;
	expect(pieceHref).toMatch(new RegExp(`^/mes-inscriptions/${registrationNumber}/pieces/[a-z0-9]{24}$`));

	// The confirmation, as « Mes documents » links it once the job has run.
	await expect.poll(() => confirmationVersions(app, registrationNumber), { timeout: 10_000 }).toEqual([1]);
	await page.goto(app.url('/mes-documents'));
	const documentHref = (await documentGroup(page, registrationNumber)
		.getByRole('link', { name: /^Visualiser\/Imprimer/ })
		.getAttribute('href'))!;
	expect(documentHref).toMatch(/^\/documents\/[a-z0-9]{24}$/);

	const files: Array<[string, string]> = [
		[documentHref, 'application/pdf'],
		[`/mes-inscriptions/${registrationNumber}/confirmation-pdf`, 'application/pdf'],
		[pieceHref, 'application/pdf']
	];
	// The owner gets each file, with private, unsniffable headers.
	for (const [url, mediaType] of files) {
		const response = await page.request.get(app.url(url));
		expectPrivateDownload(response, mediaType, url);
		expect((await response.body()).subarray(0, 5).toString('latin1'), url).toBe('%PDF-');
	}
	const ownerPiece = await page.request.get(app.url(pieceHref));
	expect(Buffer.compare(await ownerPiece.body(), pdf)).toBe(0);

	// Another candidate, logged in: 404, as for a file that does not exist; the pages too.
	const intruderContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const intruder = await intruderContext.newPage();
	await newCandidate(intruder, app, { firstNames: 'Hugo', birthName: 'Curieux' });
	const pagesOfTheOwner = [
		`/mes-inscriptions/${registrationNumber}`,
		`/mes-inscriptions/${registrationNumber}/confirmation`,
		`/mes-inscriptions/${registrationNumber}/pieces`,
		`/mes-inscriptions/${registrationNumber}/historique`
	];
	for (const url of [...files.map(([url]) => url), ...pagesOfTheOwner, '/documents/n0t3x1st1ngd0cum3nt1d000']) {
		const response = await intruder.request.get(app.url(url), { maxRedirects: 0 });
		expect(response.status(), url).toBe(404);
		expect(response.headers()['content-type'] ?? '', url).not.toContain('application/pdf');
		const text = await response.text();
		expect(text.startsWith('%PDF'), url).toBe(false);
		expect(withoutAddressParams(text), url).not.toContain(registrationNumber);
	}
	const refused = await intruder.goto(app.url(documentHref));
	expect(refused?.status()).toBe(404);
	await intruderContext.close();

	// Without a session: sent to « Me connecter », never the file.
	const anonymous = await playwright.request.newContext();
	for (const [url] of files) {
		const response = await anonymous.get(app.url(url), { maxRedirects: 0 });
		expect(response.status(), url).toBe(303);
		expect(response.headers()['location'], url).toBe(`/me-connecter?suite=${encodeURIComponent(url)}`);
		const followed = await anonymous.get(app.url(url));
		expect(followed.headers()['content-type'], url).toContain('text/html');
		expect((await followed.body()).subarray(0, 4).toString('latin1'), url).not.toBe('%PDF');
	}
	await anonymous.dispose();
	const visitorContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const visitor = await visitorContext.newPage();
	for (const [url] of files) {
		await visitor.goto(app.url(url));
		await expect(visitor, url).toHaveURL(app.url(`/me-connecter?suite=${encodeURIComponent(url)}`));
		await expect(visitor.getByRole('main').getByRole('button', { name: 'Me connecter' })).toBeVisible();
	}
	await visitorContext.close();
});

function piece(page: Page, label: string): Locator {
	return page
		.getByRole('main')
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { level: 2, name: label, exact: true }) });
}

test('R12: supporting documents uploaded, a wrong file refused beside its field, one replaced, then locked; a later modification awaits the exam office', async ({
	page
}) => {
	// About 25 s alone; a full run on a loaded machine has taken more than a minute.
	test.setTimeout(120_000);
	// Under 25 and French on 1 January 2027: the JDC certificate is asked for too.
	await newCandidate(page, app, { birthDate: '2006-05-12' });
	const { registrationNumber } = await registerByApi(page, app);
	const piecesUrl = app.url(`/mes-inscriptions/${registrationNumber}/pieces`);

	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await page.getByRole('main').getByRole('link', { name: 'Pièces justificatives', exact: true }).click();
	await expect(page).toHaveURL(piecesUrl);
	await expect(page.getByRole('heading', { level: 1, name: 'Pièces justificatives' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText([IDENTITY, JDC, PFMP]);
	await expect(page.getByRole('main')).toContainText(
		'« Verrouiller mes pièces » sera possible quand toutes les pièces demandées seront déposées.'
	);
	await expect(page.getByRole('link', { name: 'Verrouiller mes pièces' })).toHaveCount(0);

	const pdf = await smallPdf('Carte d’identité');
	const png = smallPng();
	const jpeg = photoJpeg();
	const deposit = async (
		label: string,
		field: 'Fichier à déposer' | 'Remplacer par un autre fichier',
		file: { name: string; mimeType: string; buffer: Buffer }
	) => {
		await hydrated(page);
		await piece(page, label).getByLabel(field, { exact: true }).setInputFiles(file);
		await piece(page, label)
			.getByRole('button', { name: /^Déposer/ })
			.click();
	};
	const served = async (label: string) => {
		const href = (await piece(page, label)
			.getByRole('link', { name: /^Voir le fichier/ })
			.getAttribute('href'))!;
		const response = await page.request.get(app.url(href));
		expectPrivateDownload(response, response.headers()['content-type'], href);
		return { type: response.headers()['content-type'], body: await response.body() };
	};
	const deposited = async (label: string) => {
		await expect(page.getByRole('main').getByRole('status')).toHaveText('La pièce est déposée.');
		await expect(piece(page, label)).toContainText(/déposée – déposée le /);
	};

	await deposit(IDENTITY, 'Fichier à déposer', { name: 'identite.pdf', mimeType: 'application/pdf', buffer: pdf });
	await deposited(IDENTITY);
	await deposit(JDC, 'Fichier à déposer', { name: 'jdc.png', mimeType: 'image/png', buffer: png });
	await deposited(JDC);
	await deposit(PFMP, 'Fichier à déposer', { name: 'pfmp.jpg', mimeType: 'image/jpeg', buffer: jpeg });
	await deposited(PFMP);
	for (const label of [IDENTITY, JDC, PFMP]) await expect(piece(page, label).getByText('Non déposée')).toHaveCount(0);
	expect(await served(IDENTITY)).toEqual({ type: 'application/pdf', body: pdf });
	expect(await served(JDC)).toEqual({ type: 'image/png', body: png });
	expect(await served(PFMP)).toEqual({ type: 'image/jpeg', body: jpeg });

	// An HTML page named piece.pdf: refused beside its field, in French; the deposited PDF stays.
	await deposit(IDENTITY, 'Remplacer par un autre fichier', {
		name: 'piece.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')
	});
	const identityField = piece(page, IDENTITY).getByLabel('Remplacer par un autre fichier', { exact: true });
	await expect(fieldError(identityField)).toHaveText(NOT_ACCEPTED);
	await expect(identityField).toHaveAccessibleDescription(NOT_ACCEPTED);
	await expect(identityField).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByRole('main').locator('.field-error')).toHaveCount(1);
	await expect(piece(page, IDENTITY)).toContainText(/déposée – déposée le /);
	expect(await served(IDENTITY)).toEqual({ type: 'application/pdf', body: pdf });
	await expectNoAxeViolation(page, 'the pieces page with an error shown');

	// A replacement: the JDC certificate, now a photo.
	await deposit(JDC, 'Remplacer par un autre fichier', { name: 'jdc.jpg', mimeType: 'image/jpeg', buffer: jpeg });
	await deposited(JDC);
	await expect(page.getByRole('main').locator('.field-error')).toHaveCount(0);
	expect(await served(JDC)).toEqual({ type: 'image/jpeg', body: jpeg });
	expect(await served(IDENTITY)).toEqual({ type: 'application/pdf', body: pdf });

	// « Verrouiller mes pièces », confirmed on its own page.
	await page.getByRole('link', { name: 'Verrouiller mes pièces', exact: true }).click();
	await expect(page).toHaveURL(`${piecesUrl}/verrouiller`);
	await expect(page.getByRole('heading', { level: 1, name: 'Verrouiller mes pièces' })).toBeVisible();
	await expect(page.getByRole('main')).toContainText('Après le verrouillage, vous ne pourrez plus remplacer vos pièces.');
	await page.getByRole('main').getByRole('button', { name: 'Verrouiller mes pièces', exact: true }).click();
	await expect(page).toHaveURL(piecesUrl);
	await expect(page.getByRole('main')).toContainText('Vos pièces sont verrouillées : seul le service des examens peut les déverrouiller.');
	await expect(page.getByRole('main').locator('form')).toHaveCount(0);
	await expect(page.getByRole('main').locator('input[type="file"]')).toHaveCount(0);
	await expect(page.getByRole('main').getByRole('button', { name: /^Déposer/ })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Verrouiller mes pièces' })).toHaveCount(0);
	await expect(page.getByRole('main').getByRole('link', { name: /^Voir le fichier/ })).toHaveCount(3);
	await expectNoAxeViolation(page, 'the pieces page, locked');
	// The server refuses a deposit sent anyway.
	const late = await page.request.post(`${piecesUrl}?/deposer`, {
		headers: { origin: app.origin, accept: 'text/html' },
		multipart: { typeCode: 'identity-document', fichier: { name: 'autre.pdf', mimeType: 'application/pdf', buffer: pdf } },
		maxRedirects: 0
	});
	expect(late.status()).toBe(409);
	expect(await late.text()).toContain('Vos pièces sont verrouillées : pour en changer, contactez le service des examens.');
	expect(await served(JDC)).toEqual({ type: 'image/jpeg', body: jpeg });

	// The registration page says the pieces are locked; no validation is pending yet.
	await page.getByRole('link', { name: 'Retour à l’inscription', exact: true }).click();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(page.getByRole('main')).toContainText('(verrouillées)');
	await expect(page.getByRole('main')).not.toContainText(PENDING_VALIDATION);

	// « Modifier » and « Enregistrer » after locking: the exam office must validate.
	await page.getByRole('main').getByRole('link', { name: 'Modifier', exact: true }).click();
	await expectStep(page, 1, 'Identité');
	await walkTo(page, 5);
	await answerAccommodations(page, 'Oui');
	await next(page, 6, 'Récapitulatif');
	await button(page, 'Enregistrer').click();
	await expect(definition(numberTab(page), 'Version')).toHaveText('Version 02');
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(fact(page, 'Version')).toHaveText('Version 02');
	await expect(page.getByRole('main').getByRole('note')).toContainText(PENDING_VALIDATION);
	await expect(page.getByRole('main')).toContainText('(verrouillées)');
});
