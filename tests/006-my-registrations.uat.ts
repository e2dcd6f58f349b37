// « Mes inscriptions » (SPEC R9–R11, O5) in the browser, on the demonstration windows (DEMO=1):
// consult a registration, « Modifier » it to Version 02, its history, a modification made from an
// outdated version on a second device, « Se désinscrire », and the accessibility of every page
// addressed by a registration number. Each test creates and logs in its own candidate.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hydrated } from './support/accounts';
import { useAppServer } from './support/app-server';
import {
	CONTENT,
	OPTION_A,
	OPTION_B,
	candidateMenu,
	chooseExam,
	collectErrors,
	expectNoAxeViolation,
	fact,
	modifyByApi,
	numberTab,
	registerByApi,
	secondDevice
} from './support/candidate-space';
import { candidatePages } from './support/pages';
import {
	COMMERCE,
	RELAXED_THROTTLES,
	answerAccommodations,
	button,
	combobox,
	definition,
	expectStep,
	fillToSummary,
	newCandidate,
	next,
	registrationsOf,
	walkTo
} from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const E41 = 'Langue de l’épreuve E41 – Langue vivante A';
const ACCOMMODATIONS_LABEL = 'Demande d’aménagement d’épreuves déposée';
/** The 412 of a modification made from an outdated version: expected in the conflict test. */
const EXPECTED_412 = /status of 412/;

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

/** « Modifier » on the registration's page, then the wizard on its first tab, with the saved values loaded. */
async function openModification(page: Page, registrationNumber: string): Promise<void> {
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await page.getByRole('main').getByRole('link', { name: 'Modifier', exact: true }).click();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}/modifier`));
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier : Baccalauréat professionnel, session 2027' })).toBeVisible();
	await expectStep(page, 1, 'Identité');
}

function accommodationRadio(page: Page, answer: 'Oui' | 'Non'): Locator {
	return page
		.getByRole('group', { name: 'Avez-vous déposé une demande d’aménagement d’épreuves ?' })
		.getByRole('radio', { name: answer, exact: true });
}

/** A row of a changes table: the cells after its header. */
function changeRow(table: Locator, label: string): Locator {
	return table
		.getByRole('row')
		.filter({ has: table.page().getByRole('rowheader', { name: label, exact: true }) })
		.getByRole('cell');
}

function conflictPanel(page: Page): Locator {
	return page
		.getByRole('alert')
		.filter({ has: page.getByRole('heading', { name: 'Cette inscription a été modifiée depuis un autre appareil' }) });
}

test('R9, R10: « Mes inscriptions » → consultation → « Modifier » with the saved values → Version 02, shown everywhere, with its history', async ({
	page
}) => {
	const candidate = await newCandidate(page, app);
	const { registrationNumber, candidateNumber } = await registerByApi(page, app);

	// R9: the list, from the candidate menu.
	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	const entry = page.getByRole('main').getByRole('listitem').filter({ hasText: registrationNumber });
	await expect(entry).toHaveCount(1);
	await expect(definition(entry, 'Session')).toHaveText('2027');
	await expect(definition(entry, 'Académie')).toHaveText('Académie de Grenoble');
	await expect(definition(entry, 'Version')).toHaveText('Version 01');
	await entry.getByRole('link', { name: 'Baccalauréat professionnel – Métiers du commerce et de la vente', exact: true }).click();

	// The consultation: the numbers, the recap (read-only), « Modifier » and « Se désinscrire ».
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(page.getByRole('heading', { level: 1, name: 'Baccalauréat professionnel, session 2027' })).toBeVisible();
	await expect(fact(page, 'N° candidat')).toHaveText(candidateNumber);
	await expect(fact(page, 'N° inscription')).toHaveText(registrationNumber);
	await expect(fact(page, 'Version')).toHaveText('Version 01');
	const recap = page.getByRole('region', { name: 'Récapitulatif' });
	await expect(definition(recap, 'Spécialité')).toHaveText(`${COMMERCE.specialty}, option A – Animation et gestion de l’espace commercial`);
	await expect(recap).toContainText('E41 – Langue vivante A (Anglais)');
	await expect(recap).toContainText(`${ACCOMMODATIONS_LABEL} : non`);
	// R6: every identity field and the declared « Acquis », not only the exemptions they give.
	await expect(definition(recap, 'Date et lieu de naissance')).toHaveText(/^\d{2}\/\d{2}\/\d{4}, .+/);
	await expect(definition(recap, 'Nationalité')).not.toHaveText('—');
	await expect(definition(recap, 'Adresse')).toHaveText(/\d{5}/);
	await expect(definition(recap, 'Téléphone')).not.toHaveText('—');
	await expect(definition(recap, 'Notes conservées')).toHaveText('Aucune note déclarée.');
	await expect(definition(recap, 'Diplôme permettant des dispenses')).toHaveText('Aucun diplôme déclaré.');
	await expect(page.getByRole('main').locator('input, select, textarea')).toHaveCount(0);
	await expect(page.getByRole('main').getByRole('link', { name: 'Se désinscrire', exact: true })).toBeVisible();

	// « Modifier »: every tab again, in order, holding the saved values.
	await openModification(page, registrationNumber);
	await expect(page.getByRole('textbox', { name: 'Nom de naissance', exact: true })).toBeDisabled();
	await next(page, 2, 'Choix de l’examen');
	await expect(combobox(page, 'Spécialité').locator('option:checked')).toHaveText(COMMERCE.specialty);
	await expect(page.getByRole('radio', { name: OPTION_A, exact: true })).toBeChecked();
	await expect(combobox(page, E41).locator('option:checked')).toHaveText('Anglais');
	await expect(combobox(page, 'Langue de l’épreuve E42 – Langue vivante B').locator('option:checked')).toHaveText('Espagnol');
	await page.getByRole('radio', { name: OPTION_B, exact: true }).check();
	await next(page, 3, 'Situation');
	await expect(page.getByRole('radio', { name: /^Candidat individuel/ })).toBeChecked();
	await expect(combobox(page, 'Dernier diplôme obtenu').locator('option:checked')).toHaveText('CAP ou BEP');
	await next(page, 4, 'Acquis');
	await next(page, 5, 'Aménagements');
	await expect(accommodationRadio(page, 'Non')).toBeChecked();
	await answerAccommodations(page, 'Oui');
	await next(page, 6, 'Récapitulatif');
	const summary = page.getByRole('region', { name: 'Récapitulatif' });
	await expect(definition(summary, 'Spécialité')).toHaveText(
		`${COMMERCE.specialty}, option B – Prospection clientèle et valorisation de l’offre commerciale`
	);
	await expect(summary).toContainText(`${ACCOMMODATIONS_LABEL} : oui`);
	await button(page, 'Enregistrer').click();

	// R10: the version is raised, on « N°Inscription », the registration's page and the list.
	await expect(numberTab(page).getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	await expect(definition(numberTab(page), 'N° inscription')).toHaveText(registrationNumber);
	await expect(definition(numberTab(page), 'Version')).toHaveText('Version 02');
	expect(registrationsOf(app, candidate.email)).toEqual([
		{ registration_number: registrationNumber, academy_code: '08', status: 'active', version: 2 }
	]);
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(fact(page, 'Version')).toHaveText('Version 02');
	await expect(definition(page.getByRole('region', { name: 'Récapitulatif' }), 'Spécialité')).toHaveText(
		`${COMMERCE.specialty}, option B – Prospection clientèle et valorisation de l’offre commerciale`
	);
	await expect(page.getByRole('region', { name: 'Récapitulatif' })).toContainText(`${ACCOMMODATIONS_LABEL} : oui`);

	// The history: both versions, and what changed, in French labels, before and after.
	await page.getByRole('link', { name: 'Historique des versions', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Historique de l’inscription ${registrationNumber}` })).toBeVisible();
	await expect(page.getByRole('main').getByRole('heading', { level: 3 })).toHaveText([/^Version 02 – /, /^Version 01 – /]);
	const changes = page.getByRole('table', { name: 'Modifications par rapport à la version précédente' });
	await expect(changes).toHaveCount(1);
	await expect(changes.getByRole('columnheader')).toHaveText(['Information', 'Avant', 'Après']);
	await expect(changes.getByRole('rowheader')).toHaveText(['Option', ACCOMMODATIONS_LABEL]);
	await expect(changeRow(changes, 'Option')).toHaveText([
		'A – Animation et gestion de l’espace commercial',
		'B – Prospection clientèle et valorisation de l’offre commerciale'
	]);
	await expect(changeRow(changes, ACCOMMODATIONS_LABEL)).toHaveText(['Non', 'Oui']);
	await expect(page.getByText('Première version de l’inscription.')).toBeVisible();
	await expect(
		page
			.getByRole('main')
			.getByRole('listitem')
			.filter({ hasText: /Inscription enregistrée|Modification enregistrée/ })
	).toHaveText([/ : Inscription enregistrée$/, / : Modification enregistrée$/]);

	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	await expect(definition(page.getByRole('main').getByRole('listitem').filter({ hasText: registrationNumber }), 'Version')).toHaveText(
		'Version 02'
	);
});

test('O5: a modification saved from an outdated version shows both versions; « Garder ma version » saves on top, « Reprendre la version enregistrée » loses nothing', async ({
	page,
	browser
}) => {
	const candidate = await newCandidate(page, app);
	const { registrationNumber } = await registerByApi(page, app);
	const other = await secondDevice(browser, app, candidate);
	const errors = [collectErrors(page, EXPECTED_412), collectErrors(other, EXPECTED_412)];
	const version = () => registrationsOf(app, candidate.email)[0].version;

	// 1. Both devices open « Modifier » on Version 01; the first saves Version 02 (option B).
	await openModification(page, registrationNumber);
	await openModification(other, registrationNumber);
	await next(page, 2, 'Choix de l’examen');
	await page.getByRole('radio', { name: OPTION_B, exact: true }).check();
	await walkTo(page, 6);
	await button(page, 'Enregistrer').click();
	await expect(definition(numberTab(page), 'Version')).toHaveText('Version 02');

	// The second, still on Version 01, changes the accommodations answer: the server refuses, the page shows both.
	await walkTo(other, 5);
	await answerAccommodations(other, 'Oui');
	await next(other, 6, 'Récapitulatif');
	await button(other, 'Enregistrer').click();
	let panel = conflictPanel(other);
	await expect(panel).toBeVisible();
	await expect(panel).toContainText('la version 2 a été enregistrée ailleurs');
	let table = panel.getByRole('table', { name: 'Différences entre la version enregistrée et la vôtre' });
	await expect(table.getByRole('columnheader')).toHaveText(['Information', 'Version enregistrée', 'Votre version']);
	await expect(table.getByRole('rowheader')).toHaveText(['Option', ACCOMMODATIONS_LABEL]);
	await expect(changeRow(table, 'Option')).toHaveText([
		'B – Prospection clientèle et valorisation de l’offre commerciale',
		'A – Animation et gestion de l’espace commercial'
	]);
	await expect(changeRow(table, ACCOMMODATIONS_LABEL)).toHaveText(['Non', 'Oui']);
	await expect(numberTab(other)).toHaveCount(0);
	expect(version()).toBe(2);
	await expectNoAxeViolation(other, 'the conflict panel');

	// « Garder ma version »: saved on top of Version 02, as Version 03, with this device's content.
	await panel.getByRole('button', { name: 'Garder ma version', exact: true }).click();
	await expect(numberTab(other).getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	await expect(definition(numberTab(other), 'Version')).toHaveText('Version 03');
	expect(version()).toBe(3);
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(fact(page, 'Version')).toHaveText('Version 03');
	let recap = page.getByRole('region', { name: 'Récapitulatif' });
	await expect(definition(recap, 'Spécialité')).toHaveText(`${COMMERCE.specialty}, option A – Animation et gestion de l’espace commercial`);
	await expect(recap).toContainText(`${ACCOMMODATIONS_LABEL} : oui`);

	// 2. Again from Version 03: the first device saves Version 04 (E41 in German)…
	await openModification(page, registrationNumber);
	await openModification(other, registrationNumber);
	await next(page, 2, 'Choix de l’examen');
	await combobox(page, E41).selectOption({ label: 'Allemand' });
	await walkTo(page, 6);
	await button(page, 'Enregistrer').click();
	await expect(definition(numberTab(page), 'Version')).toHaveText('Version 04');

	// …the second answers « Non » from Version 03, and takes the saved version instead.
	await walkTo(other, 5);
	await expect(accommodationRadio(other, 'Oui')).toBeChecked();
	await answerAccommodations(other, 'Non');
	await next(other, 6, 'Récapitulatif');
	await button(other, 'Enregistrer').click();
	panel = conflictPanel(other);
	await expect(panel).toContainText('la version 4 a été enregistrée ailleurs');
	table = panel.getByRole('table', { name: 'Différences entre la version enregistrée et la vôtre' });
	await expect(table.getByRole('rowheader')).toHaveText(['Langue de l’épreuve E41', ACCOMMODATIONS_LABEL]);
	await expect(changeRow(table, 'Langue de l’épreuve E41')).toHaveText(['Allemand', 'Anglais']);
	await expect(changeRow(table, ACCOMMODATIONS_LABEL)).toHaveText(['Oui', 'Non']);
	await panel.getByRole('button', { name: 'Reprendre la version enregistrée', exact: true }).click();
	await expect(conflictPanel(other)).toHaveCount(0);
	// The form now holds the saved version: the first device's change, nothing of the discarded one.
	await expectStep(other, 6, 'Récapitulatif');
	const summary = other.getByRole('region', { name: 'Récapitulatif' });
	await expect(summary).toContainText('E41 – Langue vivante A (Allemand)');
	await expect(summary).toContainText(`${ACCOMMODATIONS_LABEL} : oui`);
	await button(other, 'Précédent').click();
	await expectStep(other, 5, 'Aménagements');
	await expect(accommodationRadio(other, 'Oui')).toBeChecked();
	expect(version()).toBe(4);
	await next(other, 6, 'Récapitulatif');
	// Saving the saved version changes no content: still Version 04.
	await button(other, 'Enregistrer').click();
	await expect(definition(numberTab(other), 'Version')).toHaveText('Version 04');
	expect(version()).toBe(4);
	await page.goto(app.url(`/mes-inscriptions/${registrationNumber}`));
	await expect(fact(page, 'Version')).toHaveText('Version 04');
	recap = page.getByRole('region', { name: 'Récapitulatif' });
	await expect(recap).toContainText('E41 – Langue vivante A (Allemand)');
	await expect(recap).toContainText(`${ACCOMMODATIONS_LABEL} : oui`);

	await other.context().close();
	expect(errors.flat()).toEqual([]);
});

test('R11: « Se désinscrire » after a confirmation; never reactivated; a new registration gets a new number; the account stays locked', async ({
	page
}) => {
	const candidate = await newCandidate(page, app);
	const withdrawn = await registerByApi(page, app);
	const oldNumber = withdrawn.registrationNumber;

	await page.goto(app.url(`/mes-inscriptions/${oldNumber}`));
	await page.getByRole('main').getByRole('link', { name: 'Se désinscrire', exact: true }).click();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${oldNumber}/desinscription`));
	await expect(page.getByRole('heading', { level: 1, name: 'Se désinscrire' })).toBeVisible();
	const main = page.getByRole('main');
	await expect(main).toContainText('Attention : la désinscription est définitive.');
	await expect(main).toContainText(`La candidature ${oldNumber} ne pourra jamais être réactivée.`);
	await expect(main.getByRole('link', { name: 'Annuler', exact: true })).toHaveAttribute('href', `/mes-inscriptions/${oldNumber}`);
	// Nothing happens before the confirmation.
	expect(registrationsOf(app, candidate.email)[0].status).toBe('active');
	await main.getByRole('button', { name: 'Confirmer la désinscription', exact: true }).click();

	// « Mes inscriptions » says so and no longer lists it.
	await expect(page).toHaveURL(app.url('/mes-inscriptions?desinscrit'));
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText(
		'Votre désinscription est enregistrée. Pour vous présenter à l’examen, faites une nouvelle inscription.'
	);
	await expect(page.getByRole('main')).toContainText('Aucune inscription en cours.');
	await expect(page.getByRole('main')).not.toContainText(oldNumber);
	expect(registrationsOf(app, candidate.email)).toEqual([
		{ registration_number: oldNumber, academy_code: '08', status: 'withdrawn', version: 1 }
	]);

	// The old number's page: withdrawn, for good; « Modifier » leads back to it.
	const expectWithdrawnPage = async () => {
		await page.goto(app.url(`/mes-inscriptions/${oldNumber}`));
		await expect(page.getByRole('main')).toContainText(
			'Vous vous êtes désinscrit(e) de cet examen : cette candidature ne peut pas être réactivée.'
		);
		await expect(page.getByRole('main').getByRole('link', { name: 'Modifier', exact: true })).toHaveCount(0);
		await expect(page.getByRole('main').getByRole('link', { name: 'Se désinscrire', exact: true })).toHaveCount(0);
	};
	await expectWithdrawnPage();
	await page.goto(app.url(`/mes-inscriptions/${oldNumber}/modifier`));
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${oldNumber}`));
	const replay = await page.request.put(app.url(`/api/inscriptions/${oldNumber}`), {
		headers: { 'Idempotency-Key': `reactivation-${Date.now()}-0000000000`, 'If-Match': '"1"' },
		data: { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08', content: CONTENT }
	});
	expect(replay.status()).toBe(409);
	expect(await replay.json()).toMatchObject({ ok: false, code: 'withdrawn' });

	// « M’inscrire » again: the same exam, session and académie offer « Valider »; a new registration, a new number.
	await chooseExam(page);
	const dates = page.getByRole('region', { name: /^Baccalauréat professionnel, session 2027 – .*Grenoble$/ });
	await expect(dates).toContainText('Service ouvert');
	await dates.getByRole('link', { name: 'Valider', exact: true }).click();
	await expectStep(page, 1, 'Identité');
	await fillToSummary(page);
	await button(page, 'Enregistrer').click();
	await expect(numberTab(page).getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	const newNumber = (await definition(numberTab(page), 'N° inscription').textContent())!.trim();
	expect(newNumber).toMatch(/^2708\d{6}[0-9A-Z]$/);
	expect(newNumber).not.toBe(oldNumber);
	await expect(definition(numberTab(page), 'N° candidat')).toHaveText(withdrawn.candidateNumber);
	await expect(definition(numberTab(page), 'Version')).toHaveText('Version 01');
	expect(registrationsOf(app, candidate.email).map((row) => [row.registration_number, row.status])).toEqual([
		[oldNumber, 'withdrawn'],
		[newNumber, 'active']
	]);

	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await expect(page).toHaveURL(app.url('/mes-inscriptions'));
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);
	await expect(page.getByRole('main')).toContainText(newNumber);
	await expect(page.getByRole('main')).not.toContainText(oldNumber);
	await expectWithdrawnPage();

	// A8: withdrawing does not unlock the personal data.
	await page.getByRole('banner').getByRole('link', { name: 'Modifier mon compte' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier mon compte' })).toBeVisible();
	const personal = page.getByRole('region', { name: 'Mes informations personnelles' });
	for (const label of ['Nom de naissance', 'Prénoms', 'Commune de naissance', 'Adresse', 'Code postal', 'Téléphone']) {
		await expect(personal.getByRole('textbox', { name: label, exact: true })).toBeDisabled();
	}
	await expect(personal.getByRole('textbox', { name: 'Nom de naissance', exact: true })).toHaveValue(candidate.birthName);
	await expect(personal.getByRole('button', { name: 'Enregistrer mes informations' })).toHaveCount(0);
});

test('accessibility: no axe violation and no console error on every page addressed by a registration number, « Mes inscriptions » and « Mes documents »', async ({
	page
}) => {
	await newCandidate(page, app);
	const { registrationNumber } = await registerByApi(page, app);
	// A modification, so that the history shows its table.
	await modifyByApi(page, app, registrationNumber, 1, { ...CONTENT, accommodations: { applied: 'yes' } });
	const errors = collectErrors(page);

	const numbered = candidatePages().filter((url) => url.includes('{numero}'));
	expect([...numbered].sort()).toEqual(
		[
			'/mes-inscriptions/{numero}',
			'/mes-inscriptions/{numero}/confirmation',
			'/mes-inscriptions/{numero}/desinscription',
			'/mes-inscriptions/{numero}/historique',
			'/mes-inscriptions/{numero}/modifier',
			'/mes-inscriptions/{numero}/pieces',
			'/mes-inscriptions/{numero}/pieces/verrouiller'
		].sort()
	);
	for (const template of numbered) {
		const pathname = template.replace('{numero}', registrationNumber);
		const response = await page.goto(app.url(pathname));
		expect(response?.status(), pathname).toBe(200);
		await expect(page, pathname).toHaveURL(app.url(pathname));
		await hydrated(page);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		if (pathname.endsWith('/modifier')) await expectStep(page, 1, 'Identité');
		if (pathname.endsWith('/historique'))
			await expect(page.getByRole('table', { name: 'Modifications par rapport à la version précédente' })).toBeVisible();
		await expectNoAxeViolation(page, pathname);
	}

	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: registrationNumber })).toHaveCount(1);
	await expectNoAxeViolation(page, '« Mes inscriptions »');

	// « Mes documents » once the confirmation of Version 02 is listed (the job runs every 2 s).
	await candidateMenu(page).getByRole('link', { name: 'Mes documents', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
	await expect(page).toHaveURL(app.url('/mes-documents'));
	await expect(async () => {
		await page.reload();
		await expect(page.getByRole('main').getByText(/Confirmation d’inscription – Version 02/)).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 10_000 });
	await expectNoAxeViolation(page, '« Mes documents »');

	expect(errors).toEqual([]);
});
