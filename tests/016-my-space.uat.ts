// « Mon espace » (SPEC N2): each registration and each unsaved draft with what is left to do and
// by when, and what still waits on this device. On the demonstration windows (DEMO=1): Bac pro
// 2027 in Grenoble closes in 40 days at 17:00, Paris time. The candidate reaches every page by
// links from « Mon espace »; a Grenoble manager refuses a piece and publishes a summons through
// « Espace gestionnaire ».
import { expect, request as newRequest, test, type Browser, type Locator, type Page } from '@playwright/test';
import { activationLinkFromLog, createActivatedAccount, hydrated, openDatabase, type Person } from './support/accounts';
import { addManager, GRENOBLE, logInAsManager, registerWithApi, type TestManager } from './support/admin';
import { useAppServer, type AppServer } from './support/app-server';
import { candidateMenu, chooseExam, collectErrors, expectNoAxeViolation, smallPdf } from './support/candidate-space';
import { logInByLinks } from './support/device';
import {
	answerAccommodations,
	button,
	combobox,
	expectStep,
	fillChoice,
	fillSituation,
	next,
	RELAXED_THROTTLES
} from './support/registration';

const app: AppServer = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const IDENTITY = 'Pièce d’identité';
const REFUSAL = 'Document illisible : le recto est flou';
/** The demonstration window's close, as Grenoble's clock shows it, and the days left. */
const CLOSE = /[a-z]+ \d{1,2} [a-zéû]+ 20\d\d à 17:00 \(encore 40 jours\)/;

/** « Mon espace » from the header (the product's name leads there once signed in). */
async function openMySpace(page: Page): Promise<Locator> {
	await page
		.getByRole('banner')
		.getByRole('link', { name: /^(Portail candidat|Mon espace)$/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();
	return page.getByRole('main');
}

/** The « À faire » list of a card. */
function todo(card: Locator): Locator {
	return card.getByRole('list', { name: 'À faire' });
}

async function expectNoOverflowAt320(page: Page, where: string): Promise<void> {
	const size = page.viewportSize()!;
	await page.setViewportSize({ width: 320, height: 640 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, where).toBeLessThanOrEqual(0);
	await page.setViewportSize(size);
}

async function candidateAccount(): Promise<Person> {
	const setup = await newRequest.newContext();
	const person = await createActivatedAccount(setup, app, (email) => activationLinkFromLog(app, email), { firstNames: 'Maëlle' });
	await setup.dispose();
	return person;
}

function serverDraftRevision(email: string): number | null {
	const db = openDatabase(app);
	try {
		const row = db
			.prepare('SELECT d.revision FROM registration_drafts d JOIN candidates c ON c.id = d.candidate_id WHERE c.email = ?')
			.get(email) as { revision: number } | undefined;
		return row?.revision ?? null;
	} finally {
		db.close();
	}
}

test('N2: a draft not yet saved is its own card, to save before the window closes; the link resumes it; a send waiting on this device is listed', async ({
	browser
}) => {
	test.setTimeout(180_000);
	// No service worker: the test cuts the page's own requests to the registration API.
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', serviceWorkers: 'block' });
	const page = await context.newPage();
	// The cut requests fail loudly; and with the worker blocked, workbox-window finds no registration.
	const errors = collectErrors(page, /Failed to load resource/);
	const WORKER_BLOCKED = /reading 'waiting'/;
	const person = await candidateAccount();
	await page.goto(app.url('/'));
	await logInByLinks(page, person);
	await expect(page.getByRole('main')).toContainText('Aucune candidature pour le moment.');

	// « M’inscrire » → « Valider » → « Choix de l’examen » filled: the draft reaches the server.
	await chooseExam(page);
	await page
		.getByRole('region', { name: /^Baccalauréat professionnel, session 2027 – .*Grenoble$/ })
		.getByRole('link', { name: 'Valider', exact: true })
		.click();
	await expectStep(page, 1, 'Identité');
	await next(page, 2, 'Choix de l’examen');
	await fillChoice(page);
	await expect.poll(() => serverDraftRevision(person.email), { timeout: 15_000 }).not.toBeNull();

	let main = await openMySpace(page);
	const card = main.getByRole('listitem', { name: 'Baccalauréat professionnel, session 2027' });
	await expect(card).toContainText('Académie de Grenoble');
	await expect(card).toContainText('Brouillon, pas encore enregistré');
	await expect(todo(card).getByRole('listitem')).toHaveCount(1);
	await expect(todo(card)).toContainText(new RegExp(`Enregistrer votre inscription avant le ${CLOSE.source}`));
	await expect(main.getByRole('region', { name: /^Sur cet appareil/ })).toHaveCount(0);
	await expectNoAxeViolation(page, '« Mon espace » with a draft');
	await expectNoOverflowAt320(page, '« Mon espace » with a draft');

	// The link opens the wizard on the draft's tab, with its values.
	await todo(card).getByRole('link', { name: 'Enregistrer votre inscription' }).click();
	await expectStep(page, 2, 'Choix de l’examen');
	await expect(combobox(page, 'Spécialité')).toHaveValue('MCV');

	// « Enregistrer » with the registration API out of reach: the send waits on the device.
	await page.route('**/api/inscriptions', (route) => route.abort('internetdisconnected'));
	await next(page, 3, 'Situation');
	await fillSituation(page);
	await next(page, 4, 'Acquis');
	await next(page, 5, 'Aménagements');
	await answerAccommodations(page, 'Non');
	await next(page, 6, 'Récapitulatif');
	await button(page, 'Enregistrer').click();
	await expect(page.getByText('Inscription pas encore transmise.')).toBeVisible();

	main = await openMySpace(page);
	const device = main.getByRole('region', { name: 'Sur cet appareil : 1 envoi en attente de réseau' });
	await expect(device).toBeVisible();
	await expect(device).toContainText(
		'Baccalauréat professionnel, session 2027 : inscription pas encore transmise, envoi en attente de réseau.'
	);
	await expectNoAxeViolation(page, '« Mon espace » with a send waiting on the device');
	await expectNoOverflowAt320(page, '« Mon espace » with a send waiting on the device');

	// « Ouvrir le brouillon » leads back to the form, where the send still waits.
	await device.getByRole('link', { name: /^Ouvrir le brouillon/ }).click();
	await expectStep(page, 6, 'Récapitulatif');
	await expect(page.getByText('Inscription pas encore transmise.')).toBeVisible();

	// The network is back: from « Mon espace » the send leaves, its answer arrives, and the list empties.
	await openMySpace(page);
	await expect(device).toBeVisible();
	await page.unroute('**/api/inscriptions');
	await expect(page.getByText(/Votre inscription \(Baccalauréat professionnel, session 2027\) est transmise/)).toBeVisible({
		timeout: 60_000
	});
	await expect(device).toHaveCount(0, { timeout: 10_000 });
	expect(errors.filter((error) => !WORKER_BLOCKED.test(error))).toEqual([]);
	await context.close();
});

async function managerPage(browser: Browser, manager: TestManager): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logInAsManager(page, app, manager);
	return page;
}

/** The office refuses the identity document from « Pièces à examiner ». */
async function refuseIdentity(office: Page, registrationNumber: string): Promise<void> {
	await office.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Pièces à examiner', exact: true }).click();
	const queue = office.getByRole('table', { name: 'Pièces à examiner, de la plus ancienne à la plus récente' });
	await queue
		.getByRole('row')
		.filter({ hasText: registrationNumber })
		.getByRole('link', { name: new RegExp(`^${IDENTITY}`) })
		.click();
	await expect(office.getByRole('heading', { level: 1, name: IDENTITY })).toBeVisible();
	await hydrated(office);
	await office.getByLabel('Motif du refus').selectOption({ label: 'Document illisible' });
	await office.getByRole('textbox', { name: 'Précision' }).fill('le recto est flou');
	await office.getByRole('button', { name: 'Refuser la pièce' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'La pièce est refusée.' })).toBeVisible();
}

/** The office publishes a summons to the registration from its page (SPEC M6). */
async function publishSummons(office: Page, registrationNumber: string): Promise<void> {
	await office.getByRole('navigation', { name: 'Menu gestionnaire' }).getByRole('link', { name: 'Candidatures', exact: true }).click();
	await office.getByLabel('Rechercher', { exact: true }).fill(registrationNumber);
	await office.getByRole('button', { name: 'Rechercher', exact: true }).click();
	await office.getByRole('link', { name: registrationNumber, exact: true }).click();
	await office.getByRole('main').getByRole('link', { name: 'Publier un document' }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Publier un document' })).toBeVisible();
	await hydrated(office);
	await office.getByLabel('Type de document').selectOption({ label: 'Convocation' });
	await office
		.getByLabel('Fichier PDF')
		.setInputFiles({ name: 'convocation.pdf', mimeType: 'application/pdf', buffer: await smallPdf('Convocation') });
	await office.getByRole('button', { name: 'Publier', exact: true }).click();
	await expect(office.getByText('Le document est publié (Version 01).')).toBeVisible();
}

test('N2: a registration’s « À faire »: pieces to deposit, a refused one with the reason, a new summons, the confirmation to send; each link leads to its page', async ({
	page,
	browser
}) => {
	test.setTimeout(240_000);
	const { person, candidate, registrationNumber } = await registerWithApi(app, GRENOBLE, 'Inès');
	await candidate.dispose();
	const errors = collectErrors(page);
	await page.goto(app.url('/'));
	await logInByLinks(page, person);

	const main = page.getByRole('main');
	const card = main.getByRole('listitem', { name: 'Baccalauréat professionnel – Métiers du commerce et de la vente' });
	await expect(card.getByRole('definition')).toHaveText(['2027', 'Académie de Grenoble', registrationNumber, 'Version 01', 'Active']);
	await expect(card).toContainText(new RegExp(`Modifiable jusqu’au ${CLOSE.source}`));
	const steps = todo(card).getByRole('listitem');
	await expect(steps).toHaveCount(2);
	await expect(steps.nth(0)).toContainText(new RegExp(`Déposer vos pièces justificatives avant le ${CLOSE.source} : ${IDENTITY} ;`));
	// Grenoble's return date and postal address are not confirmed yet: no date made up, the confirmed email only.
	await expect(steps.nth(1)).toContainText(
		'Imprimer, signer et envoyer la confirmation d’inscription (Version 01) dans le délai fixé par votre académie, avec vos pièces justificatives, au service des examens de votre académie'
	);
	await expect(steps.nth(1).getByRole('link', { name: /@ac-grenoble\.fr$/ })).toBeVisible();

	// « Déposer vos pièces justificatives » → the pieces page: the identity document deposited.
	await todo(card).getByRole('link', { name: 'Déposer vos pièces justificatives' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pièces justificatives' })).toBeVisible();
	await expect(page).toHaveURL(app.url(`/mes-inscriptions/${registrationNumber}/pieces`));
	await hydrated(page);
	const identity = main.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: IDENTITY, exact: true }) });
	await identity
		.getByLabel('Fichier à déposer', { exact: true })
		.setInputFiles({ name: 'identite.pdf', mimeType: 'application/pdf', buffer: await smallPdf('Carte nationale d’identité') });
	await identity.getByRole('button', { name: /^Déposer/ }).click();
	await expect(main.getByRole('status')).toHaveText('La pièce est déposée.');

	// The office refuses it, then publishes a summons.
	const office = await managerPage(browser, await addManager(app, { academyCodes: [GRENOBLE] }));
	await refuseIdentity(office, registrationNumber);
	await publishSummons(office, registrationNumber);
	await office.context().close();

	await openMySpace(page);
	await expect(steps).toHaveCount(4);
	await expect(steps.nth(0)).toContainText(`Déposer de nouveau la pièce « ${IDENTITY} »`);
	await expect(steps.nth(0)).toContainText(`Motif du refus : ${REFUSAL}`);
	await expect(steps.nth(1)).not.toContainText(IDENTITY);
	await expect(steps.nth(3)).toContainText('Lire le nouveau document : Convocation aux épreuves dans « Mes documents ».');
	await expectNoAxeViolation(page, '« Mon espace » with a refused piece and a new summons');
	await expectNoOverflowAt320(page, '« Mon espace » with a refused piece and a new summons');

	// Each link reaches its page.
	await todo(card)
		.getByRole('link', { name: `Déposer de nouveau la pièce « ${IDENTITY} »` })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pièces justificatives' })).toBeVisible();
	await expect(identity).toContainText(`Motif du refus : ${REFUSAL}`);

	await openMySpace(page);
	await todo(card).getByRole('link', { name: 'Lire le nouveau document : Convocation aux épreuves' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
	const summons = main.getByRole('listitem').filter({ hasText: 'Convocation aux épreuves' });
	await expect(summons.getByText('Nouveau', { exact: true })).toBeVisible();

	// Read: it leaves « À faire ».
	await openMySpace(page);
	await expect(steps).toHaveCount(3);
	await expect(todo(card)).not.toContainText('Convocation aux épreuves');

	await todo(card).getByRole('link', { name: 'Imprimer, signer et envoyer la confirmation d’inscription (Version 01)' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Confirmation d’inscription' })).toBeVisible();
	await expect(main).toContainText(registrationNumber);

	// « Mes inscriptions » still lists it through the menu, and the candidate menu is unchanged.
	await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
	expect(errors).toEqual([]);
});
