// Shared steps of the registration tests (SPEC R1–R7): a logged-in candidate, the wizard's tabs filled
// label by label, the device draft, ISO 7064 check characters, and the server's database.
import { expect, type Locator, type Page } from '@playwright/test';
import type { AppServer } from './app-server';
import { activationLinkFromLog, createActivatedAccount, logIn, openDatabase, type Person } from './accounts';

/** The demonstration windows (DEMO=1): Bac pro 2027 open in Grenoble, upcoming in Lille, closed in Nice. */
export const BCP_2027_GRENOBLE = '/inscription/BCP/2027/08';

/** Per-address limits raised: every test of the file creates and logs in its own candidate. */
export const RELAXED_THROTTLES = {
	THROTTLE_ADDRESS_LOGINS: '1000/15m',
	THROTTLE_ADDRESS_SIGNUPS: '1000/1h',
	THROTTLE_ADDRESS_PASSWORD_RESETS: '1000/1h',
	THROTTLE_ADDRESS_ACTIVATION_RESENDS: '1000/1h'
};

/** A new activated account (created by a form post, activated from the server's log), logged in on the page. */
export async function newCandidate(page: Page, app: AppServer, overrides: Partial<Person> = {}): Promise<Person> {
	const person = await createActivatedAccount(page.request, app, (email) => activationLinkFromLog(app, email), overrides);
	await logIn(page, app, person.email, person.password);
	await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	return person;
}

// ─── ISO 7064 MOD 37-36, written from the standard (not the app's code) ───

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character of `body` (hybrid system, M = 36, M + 1 = 37). */
export function iso7064Mod3736(body: string): string {
	const M = 36;
	let product = M;
	for (const char of body) {
		const value = ALPHABET.indexOf(char);
		if (value < 0) throw new RangeError(char);
		let sum = (product + value) % M;
		if (sum === 0) sum = M;
		product = (sum * 2) % (M + 1);
	}
	return ALPHABET[(M + 1 - product) % M];
}

// ─── The wizard ───

export function stepCount(page: Page): Locator {
	return page.getByRole('navigation', { name: 'Étapes de l’inscription' }).locator('.step-count');
}

export async function expectStep(page: Page, position: number, label: string): Promise<void> {
	await expect(stepCount(page)).toHaveText(`Étape ${position} sur 6 : ${label}`);
	await expect(page.getByRole('heading', { level: 2, name: label, exact: true })).toBeVisible();
}

export function button(page: Page, name: 'Suivant' | 'Précédent' | 'Enregistrer'): Locator {
	return page.getByRole('main').getByRole('button', { name, exact: true });
}

export function combobox(page: Page, name: string): Locator {
	return page.getByRole('main').getByRole('combobox', { name, exact: true });
}

/** Opens the wizard of Bac pro 2027 in Grenoble and waits for the draft to be read. */
export async function openWizard(page: Page, app: AppServer): Promise<void> {
	await page.goto(app.url(BCP_2027_GRENOBLE));
	await expectStep(page, 1, 'Identité');
	await expect(button(page, 'Suivant')).toBeVisible();
}

export interface ChoiceValues {
	specialty: string;
	option: string;
	E41: string;
	E42: string;
}

export const COMMERCE: ChoiceValues = {
	specialty: 'Métiers du commerce et de la vente',
	option: 'Option A – Animation et gestion de l’espace commercial',
	E41: 'Anglais',
	E42: 'Espagnol'
};

export async function fillChoice(page: Page, values: ChoiceValues = COMMERCE): Promise<void> {
	await combobox(page, 'Spécialité').selectOption({ label: values.specialty });
	await page.getByRole('radio', { name: values.option, exact: true }).check();
	await combobox(page, 'Langue de l’épreuve E41 – Langue vivante A').selectOption({ label: values.E41 });
	await combobox(page, 'Langue de l’épreuve E42 – Langue vivante B').selectOption({ label: values.E42 });
}

export async function fillSituation(page: Page): Promise<void> {
	await page.getByRole('radio', { name: /^Candidat individuel/ }).check();
	await combobox(page, 'Dernier diplôme obtenu').selectOption({ label: 'CAP ou BEP' });
	await page.getByRole('textbox', { name: 'Année d’obtention', exact: true }).fill('2022');
	await combobox(page, 'Activité actuelle').selectOption({ label: 'Salarié(e)' });
}

export async function answerAccommodations(page: Page, answer: 'Oui' | 'Non' = 'Non'): Promise<void> {
	await page
		.getByRole('group', { name: 'Avez-vous déposé une demande d’aménagement d’épreuves ?' })
		.getByRole('radio', { name: answer, exact: true })
		.check();
}

/** « Suivant », then the tab it must open. */
export async function next(page: Page, position: number, label: string): Promise<void> {
	await button(page, 'Suivant').click();
	await expectStep(page, position, label);
}

/** The list that follows a heading (the recap's « Épreuves que je passerai »…). */
export function listAfter(scope: Locator, heading: string): Locator {
	return scope.getByRole('heading', { name: heading, exact: true }).locator('xpath=following-sibling::ul[1]');
}

/** The value of a « N°Inscription » row (a dt / dd list). */
export function definition(scope: Locator, term: string): Locator {
	return scope.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
}

/** The wizard's draft as stored on this device (IndexedDB « portail-candidat », store « drafts »). */
export async function deviceDrafts(page: Page): Promise<Array<{ tab: string; content: Record<string, Record<string, unknown>> }>> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('portail-candidat');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					if (!db.objectStoreNames.contains('drafts')) {
						db.close();
						return resolve([]);
					}
					const all = db.transaction('drafts').objectStore('drafts').getAll();
					all.onsuccess = () => {
						db.close();
						resolve(all.result);
					};
					all.onerror = () => reject(all.error);
				};
			})
	);
}

/** The active registrations of an account, read in the server's database. */
export function registrationsOf(
	app: AppServer,
	email: string
): Array<{ registration_number: string; academy_code: string; status: string; version: number }> {
	const db = openDatabase(app);
	try {
		return db
			.prepare(
				`SELECT r.registration_number, r.academy_code, r.status, r.version FROM registrations r
				 JOIN candidates c ON c.id = r.candidate_id WHERE c.email = ? ORDER BY r.created_at`
			)
			.all(email) as Array<{ registration_number: string; academy_code: string; status: string; version: number }>;
	} finally {
		db.close();
	}
}

/** The saved content of a registration's current version. */
export function savedVersion(
	app: AppServer,
	registrationNumber: string
): { unitsToSit: Array<{ code: string; exemptionDeclined: boolean }>; content: { priorResults: { declined: string[] } } } {
	const db = openDatabase(app);
	try {
		const row = db
			.prepare(
				`SELECT v.content FROM registration_versions v JOIN registrations r ON r.id = v.registration_id
				 WHERE r.registration_number = ? AND v.version = r.version`
			)
			.get(registrationNumber) as { content: string };
		return JSON.parse(row.content);
	} finally {
		db.close();
	}
}

/** Presses Tab (or Shift+Tab) until `target` has the focus: the keyboard way to reach a control. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}): Promise<void> {
	for (let presses = 0; presses < max; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
	}
	await expect(target).toBeFocused();
}

/** From « Identité » (tab 1) to « Acquis », with the usual commerce answers. */
export async function fillToPriorResults(page: Page): Promise<void> {
	await next(page, 2, 'Choix de l’examen');
	await fillChoice(page);
	await next(page, 3, 'Situation');
	await fillSituation(page);
	await next(page, 4, 'Acquis');
}

/** From « Identité » (tab 1) to « Récapitulatif », with the usual commerce answers. */
export async function fillToSummary(page: Page): Promise<void> {
	await fillToPriorResults(page);
	await next(page, 5, 'Aménagements');
	await answerAccommodations(page, 'Non');
	await next(page, 6, 'Récapitulatif');
}

const TAB_LABELS = ['Identité', 'Choix de l’examen', 'Situation', 'Acquis', 'Aménagements', 'Récapitulatif'];

/** « Suivant » from the tab shown up to tab `last`, changing nothing, each tab checked on the way. */
export async function walkTo(page: Page, last: number): Promise<void> {
	const current = Number((await stepCount(page).textContent())!.match(/Étape (\d)/)![1]);
	for (let position = current + 1; position <= last; position++) await next(page, position, TAB_LABELS[position - 1]);
}
