// « M’inscrire » and the registration form (SPEC R1–R7, R13, R14, A8, O2) in the browser, on the
// demonstration windows (DEMO=1): Bac pro 2027 open in Grenoble (08), upcoming in Lille (09),
// closed in Nice (23). Each test creates and logs in its own candidate.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { useAppServer } from './support/app-server';
import {
	BCP_2027_GRENOBLE,
	COMMERCE,
	RELAXED_THROTTLES,
	answerAccommodations,
	button,
	combobox,
	definition,
	deviceDrafts,
	expectStep,
	fillChoice,
	fillSituation,
	fillToPriorResults,
	listAfter,
	iso7064Mod3736,
	newCandidate,
	next,
	openWizard,
	registrationsOf,
	savedVersion,
	stepCount,
	tabTo
} from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NOT_SAVED_YET =
	'À ce stade, la candidature n’est pas encore enregistrée : cliquez sur « Enregistrer » pour terminer votre inscription.';
const DECLINED_MARK_WARNING =
	'Attention : une note conservée à laquelle vous renoncez en repassant l’épreuve est définitivement perdue dès que l’inscription est enregistrée.';

/** « M’inscrire » with a choice made, through the page's own form. */
async function chooseExam(page: Page, academy = 'Grenoble') {
	await page.getByRole('navigation', { name: 'Menu candidat' }).getByRole('link', { name: 'M’inscrire', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'M’inscrire' })).toBeVisible();
	const main = page.getByRole('main');
	await main.getByRole('combobox', { name: /^Examen/ }).selectOption({ label: 'Baccalauréat professionnel' });
	await main.getByRole('combobox', { name: /^Session/ }).selectOption({ label: 'Session 2027' });
	await main.getByRole('combobox', { name: /^Académie de résidence/ }).selectOption({ label: academy });
	// With scripts the dates come with the choice, no button (R1): or the registration already made.
	await expect(page).toHaveURL((url) => url.searchParams.has('academie') || url.pathname.startsWith('/inscription/BCP/'));
}

function numberTab(page: Page) {
	return page.getByRole('region', { name: 'N°Inscription' });
}

async function expectNoHorizontalScroll(page: Page, where: string) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow, `horizontal scroll on ${where}`).toBeLessThanOrEqual(0);
}

test('check characters: the test’s own ISO 7064 MOD 37-36 gives the published GRid example', () => {
	// GRid A1-2425G-ABC1234002-M (ISO 7064 MOD 37-36), so the checks below do not rest on the app's code.
	expect(iso7064Mod3736('A12425GABC1234002')).toBe('M');
});

test('R1–R3, R6, R7, R14, A8: from « M’inscrire » to « N°Inscription », then one registration only and a locked account', async ({
	page
}) => {
	const candidate = await newCandidate(page, app);

	// A8: before any registration, the personal data is editable.
	await page.getByRole('banner').getByRole('link', { name: 'Modifier mon compte' }).click();
	await expect(page.getByRole('textbox', { name: 'Nom de naissance', exact: true })).toBeEnabled();

	// R1: exam, session, académie of residence; the dates show, with « Valider ».
	await chooseExam(page);
	const dates = page.getByRole('region', { name: /^Baccalauréat professionnel, session 2027 – .*Grenoble$/ });
	await expect(dates).toContainText('Service ouvert');
	await expect(definition(dates, 'Ouverture')).toHaveText(/\d{4}/);
	const closing = (await definition(dates, 'Fermeture').textContent())!.trim();
	expect(closing).toMatch(/\d{4}/);
	await dates.getByRole('link', { name: 'Valider', exact: true }).click();

	// R2, R3: the first tab holds the account's data, read-only.
	await expect(page.getByRole('heading', { level: 1, name: 'Inscription : Baccalauréat professionnel, session 2027' })).toBeVisible();
	await expectStep(page, 1, 'Identité');
	const expectIdentity = async (label: string, value: string) => {
		const input = page.getByRole('textbox', { name: label, exact: true });
		await expect(input).toBeDisabled();
		await expect(input).toHaveValue(value);
	};
	await expectIdentity('Civilité', 'Madame');
	await expectIdentity('Nom de naissance', candidate.birthName);
	await expectIdentity('Prénoms', candidate.firstNames);
	await expectIdentity('Date de naissance', '17/04/2001');
	await expectIdentity('Commune de naissance', candidate.birthPlace);
	await expectIdentity('Adresse', candidate.addressLine1);
	await expectIdentity('Adresse mail', candidate.email);
	await expect(page.getByRole('main').locator('input:not([disabled])')).toHaveCount(0);
	// R2: « Enregistrer » only on the last tab; no « Précédent » on the first.
	await expect(button(page, 'Enregistrer')).toBeDisabled();
	await expect(button(page, 'Précédent')).toHaveCount(0);

	await next(page, 2, 'Choix de l’examen');
	await expect(button(page, 'Enregistrer')).toBeDisabled();
	await combobox(page, 'Spécialité').selectOption({ label: COMMERCE.specialty });
	await page.getByRole('radio', { name: COMMERCE.option, exact: true }).check();
	// The two languages must differ.
	const e41 = combobox(page, 'Langue de l’épreuve E41 – Langue vivante A');
	const e42 = combobox(page, 'Langue de l’épreuve E42 – Langue vivante B');
	await e41.selectOption({ label: 'Anglais' });
	await e42.selectOption({ label: 'Anglais' });
	await button(page, 'Suivant').click();
	await expectStep(page, 2, 'Choix de l’examen');
	await expect(e42).toHaveAccessibleDescription('La langue vivante B doit être différente de la langue vivante A.');
	await expect(e42).toBeFocused();
	await e42.selectOption({ label: 'Espagnol' });

	await next(page, 3, 'Situation');
	await expect(button(page, 'Enregistrer')).toBeDisabled();
	await fillSituation(page);

	await next(page, 4, 'Acquis');
	await expect(button(page, 'Enregistrer')).toBeDisabled();
	await expect(page.getByText('Aucune dispense : vous passerez toutes les épreuves.')).toBeVisible();

	// R13: the académie's circular, and the answer.
	await next(page, 5, 'Aménagements');
	await expect(button(page, 'Enregistrer')).toBeDisabled();
	await expect(page.getByRole('link', { name: 'Circulaire académique sur les aménagements d’épreuves' })).toHaveAttribute(
		'href',
		'https://www.ac-grenoble.fr/'
	);
	await answerAccommodations(page, 'Non');

	// R6: everything entered, the units to sit, nothing saved yet.
	await next(page, 6, 'Récapitulatif');
	const panel = page.getByRole('region', { name: 'Récapitulatif' });
	await expect(panel.getByRole('note').first()).toContainText(NOT_SAVED_YET);
	await expect(panel.getByRole('note').first()).toContainText(`Le service ferme le ${closing}`);
	await expect(definition(panel, 'Examen')).toHaveText('Baccalauréat professionnel, session 2027');
	await expect(definition(panel, 'Académie')).toHaveText('Académie de Grenoble');
	await expect(definition(panel, 'Spécialité')).toHaveText(
		'Métiers du commerce et de la vente, option A – Animation et gestion de l’espace commercial'
	);
	await expect(definition(panel, 'Catégorie')).toHaveText('Candidat individuel');
	await expect(definition(panel, 'Dernier diplôme')).toHaveText('CAP ou BEP (2022)');
	await expect(definition(panel, 'Activité')).toHaveText('Salarié(e)');
	const units = listAfter(panel, 'Épreuves que je passerai');
	await expect(units.getByRole('listitem')).toHaveText([
		'E11 – Économie-droit',
		'E12 – Mathématiques',
		'E2 – Analyse et résolution de situations professionnelles',
		'E31 – Conseil et vente',
		'E32 – Suivi des ventes',
		'E33 – Fidélisation de la clientèle et développement de la relation client',
		'E34A – Animation et gestion de l’espace commercial',
		'E35 – Prévention-santé-environnement',
		'E41 – Langue vivante A (Anglais)',
		'E42 – Langue vivante B (Espagnol)',
		'E51 – Français',
		'E52 – Histoire-géographie et enseignement moral et civique',
		'E6 – Arts appliqués et cultures artistiques',
		'E7 – Éducation physique et sportive'
	]);
	await expect(panel).toContainText('Demande d’aménagement d’épreuves déposée : non');
	await expect(button(page, 'Suivant')).toHaveCount(0);
	await expect(button(page, 'Enregistrer')).toBeEnabled();

	// « Précédent » keeps what was entered.
	await button(page, 'Précédent').click();
	await expectStep(page, 5, 'Aménagements');
	await expect(page.getByRole('radio', { name: 'Non', exact: true })).toBeChecked();
	await next(page, 6, 'Récapitulatif');

	// R7, R14: the numbers, the version, the closing date.
	await button(page, 'Enregistrer').click();
	const numbers = numberTab(page);
	await expect(numbers.getByRole('heading', { level: 2, name: 'N°Inscription' })).toBeFocused();
	await expect(numbers.getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	const candidateNumber = (await definition(numbers, 'N° candidat').textContent())!.trim();
	const registrationNumber = (await definition(numbers, 'N° inscription').textContent())!.trim();
	expect(candidateNumber).toMatch(/^08\d{7}[0-9A-Z]$/);
	expect(candidateNumber.slice(-1)).toBe(iso7064Mod3736(candidateNumber.slice(0, -1)));
	expect(registrationNumber).toMatch(/^2708\d{6}[0-9A-Z]$/);
	expect(registrationNumber.slice(-1)).toBe(iso7064Mod3736(registrationNumber.slice(0, -1)));
	await expect(definition(numbers, 'Version')).toHaveText('Version 01');
	await expect(definition(numbers, 'Fermeture du service d’inscription')).toHaveText(closing);
	await expect(numbers).toContainText('Après cette date, votre candidature ne sera plus modifiable.');
	await expect(page.getByRole('navigation', { name: 'Étapes de l’inscription' })).toHaveCount(0);

	// R1: the same exam and session again, even from another académie, leads to that registration.
	for (const academy of ['Grenoble', 'Lyon']) {
		await chooseExam(page, academy);
		await expect(page).toHaveURL(app.url(BCP_2027_GRENOBLE));
		await expect(definition(numberTab(page), 'N° inscription')).toHaveText(registrationNumber);
		await expect(definition(numberTab(page), 'N° candidat')).toHaveText(candidateNumber);
		await expect(numberTab(page).getByRole('status')).toHaveCount(0);
		await expect(button(page, 'Enregistrer')).toHaveCount(0);
	}
	expect(registrationsOf(app, candidate.email)).toEqual([
		{ registration_number: registrationNumber, academy_code: '08', status: 'active', version: 1 }
	]);

	// A8: the personal data is now locked; the exam office's contact is at the top.
	await page.getByRole('banner').getByRole('link', { name: 'Modifier mon compte' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier mon compte' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('heading', { level: 2 }).first()).toHaveText('Contact du service gestionnaire');
	const contact = page.getByRole('region', { name: 'Contact du service gestionnaire' });
	// M2: only the office's confirmed values (the guide's email); the example name and phone are not shown as fact.
	await expect(contact).toContainText('Service des examens – ce.decbacpro@ac-grenoble.fr');
	await expect(contact).not.toContainText('04 65 71 08 00');
	await expect(contact.getByRole('link', { name: 'ce.decbacpro@ac-grenoble.fr' })).toHaveAttribute(
		'href',
		'mailto:ce.decbacpro@ac-grenoble.fr'
	);
	await expect(page.getByRole('main')).toContainText(`Numéro de candidat : ${candidateNumber}`);
	const personal = page.getByRole('region', { name: 'Mes informations personnelles' });
	for (const label of ['Nom de naissance', 'Prénoms', 'Commune de naissance', 'Adresse', 'Code postal', 'Téléphone']) {
		await expect(personal.getByRole('textbox', { name: label, exact: true })).toBeDisabled();
	}
	await expect(personal.getByRole('radio', { name: 'Madame', exact: true })).toBeDisabled();
	await expect(personal.getByRole('combobox', { name: 'Nationalité' })).toBeDisabled();
	await expect(personal.getByRole('button', { name: 'Enregistrer mes informations' })).toHaveCount(0);
	await expect(page.getByRole('textbox', { name: 'Nouvelle adresse mail', exact: true })).toBeEnabled();
});

test('R2: « Suivant » stays on the tab while a required field is empty, with the error beside the field and the focus on it', async ({
	page
}) => {
	await newCandidate(page, app);
	await openWizard(page, app);
	await next(page, 2, 'Choix de l’examen');

	await button(page, 'Suivant').click();
	await expectStep(page, 2, 'Choix de l’examen');
	const specialty = combobox(page, 'Spécialité');
	await expect(specialty).toBeFocused();
	await expect(specialty).toHaveAttribute('aria-invalid', 'true');
	await expect(specialty).toHaveAccessibleDescription('Choisissez une spécialité.');
	// Beside the field: in the field's own block, just above the list.
	const error = page.locator(`#${await specialty.getAttribute('aria-describedby')}`);
	await expect(error).toHaveText('Choisissez une spécialité.');
	await expect(error.locator('xpath=following-sibling::select[1]')).toHaveAttribute('id', 'choice-specialtyCode');

	// The specialty alone is not enough: the option and both languages are asked for.
	await specialty.selectOption({ label: COMMERCE.specialty });
	await button(page, 'Suivant').click();
	await expectStep(page, 2, 'Choix de l’examen');
	const options = page.getByRole('group', { name: 'Option' });
	await expect(options).toHaveAccessibleDescription('Choisissez une option.');
	await expect(options.getByRole('radio').first()).toBeFocused();
	await expect(specialty).not.toHaveAttribute('aria-invalid', 'true');
	await expect(combobox(page, 'Langue de l’épreuve E41 – Langue vivante A')).toHaveAccessibleDescription(
		'Choisissez une langue pour l’épreuve E41.'
	);
	await expect(combobox(page, 'Langue de l’épreuve E42 – Langue vivante B')).toHaveAccessibleDescription(
		'Choisissez une langue pour l’épreuve E42.'
	);

	await fillChoice(page);
	await next(page, 3, 'Situation');
	await expect(page.locator('.field-error')).toHaveCount(0);

	// Same on « Situation »: the category's group carries its error, the focus is on its first radio.
	await button(page, 'Suivant').click();
	await expectStep(page, 3, 'Situation');
	const category = page.getByRole('group', { name: 'Catégorie de candidat' });
	await expect(category).toHaveAccessibleDescription('Choisissez votre catégorie de candidat.');
	await expect(category.getByRole('radio').first()).toBeFocused();
	await expect(combobox(page, 'Dernier diplôme obtenu')).toHaveAccessibleDescription('Indiquez votre dernier diplôme obtenu.');
	await expect(combobox(page, 'Activité actuelle')).toHaveAccessibleDescription('Indiquez votre activité actuelle.');
});

test('O2: a reload or a new page reopens the wizard on the same tab with every value kept on the device', async ({ page, context }) => {
	await newCandidate(page, app);
	await openWizard(page, app);
	await next(page, 2, 'Choix de l’examen');
	await fillChoice(page, {
		...COMMERCE,
		option: 'Option B – Prospection clientèle et valorisation de l’offre commerciale',
		E41: 'Allemand',
		E42: 'Italien'
	});
	await next(page, 3, 'Situation');
	await page.getByRole('radio', { name: /^Formation professionnelle continue/ }).check();
	await page.getByRole('textbox', { name: 'Organisme de formation', exact: true }).fill('GRETA de Grenoble');
	await combobox(page, 'Dernier diplôme obtenu').selectOption({ label: 'Baccalauréat général ou technologique' });

	await expect(page.getByRole('status').filter({ hasText: 'Enregistré sur cet appareil' })).toHaveText(
		/Enregistré sur cet appareil à \d{2}:\d{2}/
	);
	// The last change is on the device (IndexedDB), not only on the page.
	await expect
		.poll(async () =>
			(await deviceDrafts(page)).map((draft) => [
				draft.tab,
				draft.content.situation.lastDiploma,
				draft.content.situation.trainingOrganisation
			])
		)
		.toEqual([['situation', 'bac', 'GRETA de Grenoble']]);

	const expectRestored = async (target: Page) => {
		await expectStep(target, 3, 'Situation');
		await expect(target.getByRole('radio', { name: /^Formation professionnelle continue/ })).toBeChecked();
		await expect(target.getByRole('textbox', { name: 'Organisme de formation', exact: true })).toHaveValue('GRETA de Grenoble');
		await expect(combobox(target, 'Dernier diplôme obtenu').locator('option:checked')).toHaveText('Baccalauréat général ou technologique');
		await expect(combobox(target, 'Activité actuelle')).toHaveValue('');
		await button(target, 'Précédent').click();
		await expectStep(target, 2, 'Choix de l’examen');
		await expect(combobox(target, 'Spécialité').locator('option:checked')).toHaveText(COMMERCE.specialty);
		await expect(
			target.getByRole('radio', { name: 'Option B – Prospection clientèle et valorisation de l’offre commerciale' })
		).toBeChecked();
		await expect(combobox(target, 'Langue de l’épreuve E41 – Langue vivante A').locator('option:checked')).toHaveText('Allemand');
		await expect(combobox(target, 'Langue de l’épreuve E42 – Langue vivante B').locator('option:checked')).toHaveText('Italien');
		await next(target, 3, 'Situation');
	};

	await page.reload();
	await expectRestored(page);
	await expect.poll(async () => (await deviceDrafts(page)).map((draft) => draft.tab)).toEqual(['situation']);

	// The tab closed, a new one opened in the same browser.
	await page.close();
	const again = await context.newPage();
	await again.goto(app.url(BCP_2027_GRENOBLE));
	await expectRestored(again);
	await expect(again.getByRole('status').filter({ hasText: 'Enregistré sur cet appareil' })).toBeVisible();
});

test('R5: a kept mark under 10 gives no exemption; 12,5 in the same specialty exempts, and unticking it warns that the mark is lost', async ({
	page
}) => {
	const candidate = await newCandidate(page, app);
	await openWizard(page, app);
	await fillToPriorResults(page);

	await page.getByRole('button', { name: 'Ajouter une note conservée' }).click();
	const declaration = page.getByRole('group', { name: 'Note conservée n° 1' });
	await declaration.getByRole('combobox', { name: 'Épreuve', exact: true }).selectOption({ label: 'E31 – Conseil et vente' });
	const mark = declaration.getByRole('textbox', { name: 'Note sur 20', exact: true });
	await mark.fill('9,5');
	await declaration.getByRole('textbox', { name: 'Année de la session', exact: true }).fill('2025');
	await declaration.getByRole('combobox', { name: 'Académie de la session', exact: true }).selectOption({ label: 'Grenoble' });
	await expect(declaration.getByRole('combobox', { name: 'Spécialité de la session', exact: true }).locator('option:checked')).toHaveText(
		COMMERCE.specialty
	);

	const exemptions = page.getByRole('region', { name: 'Épreuves dont je suis dispensé(e)' });
	await expect(exemptions.getByRole('listitem')).toHaveCount(1);
	await expect(exemptions.getByRole('listitem')).toContainText('E31 – Conseil et vente : pas de dispense.');
	await expect(exemptions.getByRole('listitem')).toContainText('Note inférieure à 10 sur 20 : elle ne dispense pas de l’épreuve.');
	await expect(exemptions.getByRole('checkbox')).toHaveCount(0);

	await next(page, 5, 'Aménagements');
	await answerAccommodations(page);
	await next(page, 6, 'Récapitulatif');
	const recap = page.getByRole('region', { name: 'Récapitulatif' });
	const sitting = listAfter(recap, 'Épreuves que je passerai');
	await expect(sitting.getByRole('listitem').filter({ hasText: 'E31' })).toHaveText('E31 – Conseil et vente');
	await expect(recap.getByText('Aucune.', { exact: true })).toBeVisible();

	// 12,5 from 2025 in the same specialty: exempted, ticked.
	await button(page, 'Précédent').click();
	await button(page, 'Précédent').click();
	await expectStep(page, 4, 'Acquis');
	await mark.fill('12,5');
	const exemption = exemptions.getByRole('checkbox', {
		name: 'Dispense de l’épreuve E31 – Conseil et vente (note de 12,5 sur 20 en 2025)'
	});
	await expect(exemption).toBeChecked();
	await expect(exemption).toHaveAccessibleDescription(
		'Note de 12,5 sur 20 obtenue à la session 2025 : elle vous dispense de cette épreuve.'
	);
	await next(page, 5, 'Aménagements');
	await next(page, 6, 'Récapitulatif');
	await expect(sitting.getByRole('listitem').filter({ hasText: 'E31' })).toHaveCount(0);
	await expect(listAfter(recap, 'Épreuves dont je suis dispensé(e)').getByRole('listitem')).toHaveText([
		'E31 – Conseil et vente : note conservée de 12,5 sur 20 (2025)'
	]);
	await expect(recap.getByText(DECLINED_MARK_WARNING)).toHaveCount(0);

	// Unticked: the candidate sits it again, and is told twice that the mark is then lost for good.
	await button(page, 'Précédent').click();
	await button(page, 'Précédent').click();
	await expectStep(page, 4, 'Acquis');
	await exemption.uncheck();
	await expect(exemption).toHaveAccessibleDescription(
		'Vous repassez cette épreuve : votre note de 12,5 sur 20 sera définitivement perdue dès que l’inscription sera enregistrée.'
	);
	await next(page, 5, 'Aménagements');
	await next(page, 6, 'Récapitulatif');
	await expect(recap.getByRole('note').filter({ hasText: DECLINED_MARK_WARNING })).toContainText('Épreuve concernée : E31.');
	await expect(sitting.getByRole('listitem').filter({ hasText: 'E31' })).toHaveText('E31 – Conseil et vente – je renonce à la dispense');
	await expect(recap.getByText('Aucune.', { exact: true })).toBeVisible();

	// The server saves what the recap showed.
	await button(page, 'Enregistrer').click();
	const registrationNumber = (await definition(numberTab(page), 'N° inscription').textContent())!.trim();
	expect(registrationsOf(app, candidate.email)).toHaveLength(1);
	const saved = savedVersion(app, registrationNumber);
	expect(saved.content.priorResults.declined).toEqual(['E31']);
	expect(saved.unitsToSit.find((unit) => unit.code === 'E31')).toMatchObject({ exemptionDeclined: true });
});

test('R1, R14, O4: the server refuses an invalid content (422, by tab), a closed or upcoming window (409), and a replayed key creates nothing', async ({
	page,
	playwright
}) => {
	const candidate = await newCandidate(page, app);
	const content = {
		choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] },
		situation: {
			category: 'individual',
			lastDiploma: 'cap',
			lastDiplomaYear: '2022',
			currentActivity: 'employed',
			trainingOrganisation: ''
		},
		priorResults: { keptMarks: [], diploma: { held: false, name: '', level: '', year: '' }, declined: [] },
		accommodations: { applied: 'no' }
	};
	const send = (key: string, body: object) =>
		page.request.post(app.url('/api/inscriptions'), { headers: { 'Idempotency-Key': key }, data: body });
	const grenoble = { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08' };

	// Without a session: refused.
	const anonymous = await playwright.request.newContext();
	const unauthenticated = await anonymous.post(app.url('/api/inscriptions'), {
		headers: { 'Idempotency-Key': 'cle-anonyme-0123456789' },
		data: { ...grenoble, content }
	});
	expect(unauthenticated.status()).toBe(401);
	await anonymous.dispose();

	// An invalid content: 422, each problem naming its tab and field.
	const emptyChoice = {
		...content,
		choice: { specialtyCode: '', optionCode: '', languages: {}, optionalUnits: [] },
		situation: { ...content.situation, lastDiplomaYear: '2030' },
		accommodations: { applied: '' }
	};
	const invalid = await send('cle-invalide-0123456789', { ...grenoble, content: emptyChoice });
	expect(invalid.status()).toBe(422);
	const refusal = await invalid.json();
	expect(refusal).toMatchObject({ ok: false, code: 'invalid' });
	expect(refusal.problems).toEqual(
		expect.arrayContaining([
			{ tab: 'choice', path: ['choice', 'specialtyCode'], message: 'Choisissez une spécialité.' },
			{ tab: 'situation', path: ['situation', 'lastDiplomaYear'], message: 'L’année d’obtention doit être antérieure à la session 2027.' },
			expect.objectContaining({ tab: 'accommodations', path: ['accommodations', 'applied'] })
		])
	);

	// Closed (Nice) and not yet open (Lille): 409, whatever the content.
	for (const academyCode of ['23', '09']) {
		const closed = await send(`cle-fermee-${academyCode}-0123456789`, { ...grenoble, academyCode, content });
		expect(closed.status(), academyCode).toBe(409);
		expect(await closed.json()).toMatchObject({ ok: false, code: 'window-closed' });
	}
	expect(registrationsOf(app, candidate.email)).toEqual([]);

	// A success, then the same request again: the same answer, nothing new.
	const first = await send('cle-succes-0123456789', { ...grenoble, content });
	expect(first.status()).toBe(201);
	const created = await first.json();
	expect(created).toMatchObject({
		ok: true,
		version: 1,
		candidateNumber: expect.stringMatching(/^08\d{7}[0-9A-Z]$/),
		registrationNumber: expect.stringMatching(/^2708\d{6}[0-9A-Z]$/)
	});
	const replay = await send('cle-succes-0123456789', { ...grenoble, content });
	expect(replay.status()).toBe(201);
	expect(await replay.json()).toEqual(created);
	expect(registrationsOf(app, candidate.email)).toHaveLength(1);

	// The same key with another content, or a new key for the same exam and session: refused.
	const reused = await send('cle-succes-0123456789', { ...grenoble, content: { ...content, accommodations: { applied: 'yes' } } });
	expect(reused.status()).toBe(422);
	expect(await reused.json()).toMatchObject({ ok: false, code: 'key-reused' });
	const second = await send('cle-seconde-0123456789', { ...grenoble, academyCode: '10', content });
	expect(second.status()).toBe(409);
	expect(await second.json()).toMatchObject({ ok: false, code: 'already-registered', registrationNumber: created.registrationNumber });
	expect(registrationsOf(app, candidate.email)).toEqual([
		{ registration_number: created.registrationNumber, academy_code: '08', status: 'active', version: 1 }
	]);

	// The page agrees: « M’inscrire » leads to that registration.
	await page.goto(app.url('/inscription?domaine=BCP&session=2027&academie=08'));
	await expect(page).toHaveURL(app.url(BCP_2027_GRENOBLE));
	await expect(definition(numberTab(page), 'N° inscription')).toHaveText(created.registrationNumber);
});

test('accessibility: no axe violation on « M’inscrire », on every tab, with errors shown, on « N°Inscription »; no console error', async ({
	page
}) => {
	// Twelve axe runs: about 30 s alone, more than a minute under a full run on these machines.
	test.setTimeout(150_000);
	const errors: string[] = [];
	page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
	page.on('pageerror', (error) => errors.push(error.message));
	const axe = async (where: string) => {
		const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
		expect(results.violations, where).toEqual([]);
	};

	await newCandidate(page, app);
	await chooseExam(page);
	await expect(page.getByRole('link', { name: 'Valider', exact: true })).toBeVisible();
	await axe('« M’inscrire » with the dates');
	await page.getByRole('link', { name: 'Valider', exact: true }).click();
	await expectStep(page, 1, 'Identité');
	await axe('Identité');

	await next(page, 2, 'Choix de l’examen');
	await axe('Choix de l’examen');
	await combobox(page, 'Spécialité').selectOption({ label: COMMERCE.specialty });
	await button(page, 'Suivant').click();
	await expect(page.getByRole('group', { name: 'Option' })).toHaveAccessibleDescription('Choisissez une option.');
	await axe('Choix de l’examen with errors');
	await fillChoice(page);
	await page.getByRole('checkbox', { name: /^UF1 – / }).check();
	await combobox(page, 'Langue de l’épreuve facultative UF1').selectOption({ label: 'Occitan-langue d’oc' });
	await axe('Choix de l’examen filled');

	await next(page, 3, 'Situation');
	await button(page, 'Suivant').click();
	await expect(page.getByRole('group', { name: 'Catégorie de candidat' })).toHaveAccessibleDescription(
		'Choisissez votre catégorie de candidat.'
	);
	await axe('Situation with errors');
	await fillSituation(page);

	await next(page, 4, 'Acquis');
	await page.getByRole('button', { name: 'Ajouter une note conservée' }).click();
	await page.getByRole('checkbox', { name: /^Je possède un diplôme/ }).check();
	await button(page, 'Suivant').click();
	await expectStep(page, 4, 'Acquis');
	await axe('Acquis with errors');
	await page.getByRole('button', { name: 'Retirer la note conservée n° 1' }).click();
	await page.getByRole('textbox', { name: 'Intitulé du diplôme', exact: true }).fill('Baccalauréat général');
	await combobox(page, 'Niveau du diplôme').selectOption('4');
	await page.getByRole('textbox', { name: 'Année d’obtention', exact: true }).fill('2019');
	await expect(page.getByRole('checkbox', { name: /^Dispense de l’épreuve E51/ })).toBeChecked();
	await page.getByRole('checkbox', { name: /^Dispense de l’épreuve E52/ }).uncheck();
	await axe('Acquis with exemptions');

	await next(page, 5, 'Aménagements');
	await axe('Aménagements');
	await answerAccommodations(page, 'Oui');
	await next(page, 6, 'Récapitulatif');
	await axe('Récapitulatif');
	await button(page, 'Enregistrer').click();
	await expect(numberTab(page).getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	await axe('N°Inscription');
	expect(errors).toEqual([]);
});

test('R2: the whole wizard with the keyboard alone, from « Valider » to « N°Inscription »', async ({ page }) => {
	await newCandidate(page, app);
	await page.goto(app.url('/inscription?domaine=BCP&session=2027&academie=08'));
	const keyboard = page.keyboard;
	const focused = (locator: ReturnType<Page['locator']>) => expect(locator).toBeFocused();

	await tabTo(page, page.getByRole('link', { name: 'Valider', exact: true }));
	await keyboard.press('Enter');
	await expectStep(page, 1, 'Identité');

	await tabTo(page, button(page, 'Suivant'));
	await keyboard.press('Enter');
	await expectStep(page, 2, 'Choix de l’examen');
	await focused(page.getByRole('heading', { level: 2, name: 'Choix de l’examen' }));
	// « Suivant » with nothing chosen sends the focus to the specialty.
	await tabTo(page, button(page, 'Suivant'));
	await keyboard.press('Space');
	const specialty = combobox(page, 'Spécialité');
	await focused(specialty);
	await keyboard.type('M');
	await expect(specialty).toHaveValue('MCV');
	await keyboard.press('Tab');
	const optionA = page.getByRole('radio', { name: COMMERCE.option, exact: true });
	const optionB = page.getByRole('radio', { name: 'Option B – Prospection clientèle et valorisation de l’offre commerciale' });
	await focused(optionA);
	await keyboard.press('Space');
	await expect(optionA).toBeChecked();
	await keyboard.press('ArrowRight');
	await expect(optionB).toBeChecked();
	await keyboard.press('ArrowLeft');
	await expect(optionA).toBeChecked();
	await keyboard.press('Tab');
	const e41 = combobox(page, 'Langue de l’épreuve E41 – Langue vivante A');
	const e42 = combobox(page, 'Langue de l’épreuve E42 – Langue vivante B');
	await focused(e41);
	await keyboard.type('an');
	await expect(e41).toHaveValue('en');
	await keyboard.press('Tab');
	await focused(e42);
	await keyboard.type('es');
	await expect(e42).toHaveValue('es');
	await keyboard.press('Shift+Tab');
	await focused(e41);
	await tabTo(page, button(page, 'Suivant'));
	await keyboard.press('Enter');
	await expectStep(page, 3, 'Situation');

	const individual = page.getByRole('radio', { name: /^Candidat individuel/ });
	await tabTo(page, individual);
	await keyboard.press('Space');
	await expect(individual).toBeChecked();
	await keyboard.press('ArrowDown');
	await expect(page.getByRole('radio', { name: /^Enseignement à distance/ })).toBeChecked();
	await expect(page.getByRole('textbox', { name: 'Organisme de formation', exact: true })).toBeVisible();
	await keyboard.press('ArrowUp');
	await expect(individual).toBeChecked();
	await keyboard.press('Tab');
	const diploma = combobox(page, 'Dernier diplôme obtenu');
	await focused(diploma);
	await keyboard.type('cap');
	await expect(diploma.locator('option:checked')).toHaveText('CAP ou BEP');
	await keyboard.press('Tab');
	await focused(page.getByRole('textbox', { name: 'Année d’obtention', exact: true }));
	await keyboard.type('2022');
	await keyboard.press('Tab');
	const activity = combobox(page, 'Activité actuelle');
	await focused(activity);
	await keyboard.type('sal');
	await expect(activity.locator('option:checked')).toHaveText('Salarié(e)');
	await tabTo(page, button(page, 'Suivant'));
	await keyboard.press('Enter');
	await expectStep(page, 4, 'Acquis');

	await tabTo(page, button(page, 'Suivant'));
	await keyboard.press('Enter');
	await expectStep(page, 5, 'Aménagements');

	const yes = page.getByRole('radio', { name: 'Oui', exact: true });
	await tabTo(page, yes);
	await keyboard.press('ArrowRight');
	await expect(page.getByRole('radio', { name: 'Non', exact: true })).toBeChecked();
	await expect(yes).not.toBeChecked();
	await tabTo(page, button(page, 'Suivant'));
	await keyboard.press('Shift+Tab');
	await focused(button(page, 'Précédent'));
	await keyboard.press('Tab');
	await keyboard.press('Enter');
	await expectStep(page, 6, 'Récapitulatif');
	await expect(page.getByRole('region', { name: 'Récapitulatif' })).toContainText('E41 – Langue vivante A (Anglais)');

	await tabTo(page, button(page, 'Enregistrer'));
	await keyboard.press('Enter');
	const heading = numberTab(page).getByRole('heading', { level: 2, name: 'N°Inscription' });
	await focused(heading);
	await expect(definition(numberTab(page), 'Version')).toHaveText('Version 01');
});

test('320 px wide: no horizontal scroll on « M’inscrire », on any tab of the wizard or on « N°Inscription »', async ({ page }) => {
	await newCandidate(page, app);
	await page.setViewportSize({ width: 320, height: 640 });
	await page.getByRole('banner').getByRole('button', { name: 'Menu', exact: true }).click();
	await chooseExam(page);
	await expect(page.getByRole('link', { name: 'Valider', exact: true })).toBeVisible();
	await expectNoHorizontalScroll(page, '« M’inscrire »');
	await page.getByRole('link', { name: 'Valider', exact: true }).click();
	await expectStep(page, 1, 'Identité');
	await expectNoHorizontalScroll(page, 'Identité');

	await next(page, 2, 'Choix de l’examen');
	await button(page, 'Suivant').click();
	await expect(combobox(page, 'Spécialité')).toBeFocused();
	await expectNoHorizontalScroll(page, 'Choix de l’examen with errors');
	// The longest specialty name and option labels.
	await combobox(page, 'Spécialité').selectOption({ label: 'Métiers de l’électricité et de ses environnements connectés' });
	await expectNoHorizontalScroll(page, 'Choix de l’examen, MELEC');
	await fillChoice(page, { ...COMMERCE, option: 'Option B – Prospection clientèle et valorisation de l’offre commerciale' });
	await page.getByRole('checkbox', { name: /^UF1 – / }).check();
	await combobox(page, 'Langue de l’épreuve facultative UF1').selectOption({ label: 'Portugais' });
	await expectNoHorizontalScroll(page, 'Choix de l’examen');

	await next(page, 3, 'Situation');
	await page.getByRole('radio', { name: /^Formation professionnelle continue/ }).check();
	await expectNoHorizontalScroll(page, 'Situation');
	await fillSituation(page);

	await next(page, 4, 'Acquis');
	await page.getByRole('button', { name: 'Ajouter une note conservée' }).click();
	const declaration = page.getByRole('group', { name: 'Note conservée n° 1' });
	await declaration
		.getByRole('combobox', { name: 'Épreuve', exact: true })
		.selectOption({ label: 'E33 – Fidélisation de la clientèle et développement de la relation client' });
	await declaration.getByRole('textbox', { name: 'Note sur 20', exact: true }).fill('14');
	await declaration.getByRole('textbox', { name: 'Année de la session', exact: true }).fill('2024');
	await declaration.getByRole('combobox', { name: 'Académie de la session', exact: true }).selectOption({ label: 'Grenoble' });
	await page.getByRole('checkbox', { name: /^Dispense de l’épreuve E33/ }).uncheck();
	await expectNoHorizontalScroll(page, 'Acquis');

	await next(page, 5, 'Aménagements');
	await expectNoHorizontalScroll(page, 'Aménagements');
	await answerAccommodations(page);
	await next(page, 6, 'Récapitulatif');
	await expectNoHorizontalScroll(page, 'Récapitulatif');
	await button(page, 'Enregistrer').click();
	await expect(numberTab(page).getByRole('status')).toHaveText('Votre inscription est enregistrée.');
	await expectNoHorizontalScroll(page, 'N°Inscription');
	await expect(stepCount(page)).toHaveCount(0);
});
