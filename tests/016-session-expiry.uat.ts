// Sessions that expire keep the work (SPEC N4). The server's idle limit is 10 minutes here; the
// page's clock is Playwright's, moved forward instead of waited for, and the server's session row
// is shortened or ended in its database (what waiting would do). The wizard is reached by links.
import { expect, test, type Page } from '@playwright/test';
import { openDatabase, submitLogin, type Person } from './support/accounts';
import { useAppServer, type AppServer } from './support/app-server';
import { expectNoAxeViolation } from './support/candidate-space';
import {
	COMMERCE,
	RELAXED_THROTTLES,
	answerAccommodations,
	button,
	combobox,
	deviceDrafts,
	expectStep,
	fillChoice,
	fillSituation,
	newCandidate,
	next,
	registrationsOf
} from './support/registration';

const IDLE_MINUTES = 10;
const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES, SESSION_CANDIDATE_IDLE: `${IDLE_MINUTES}m` } });

/** Where the page's clock is moved: just past the moment it warns (two minutes before the idle limit). */
const UNTIL_WARNING = `${String(IDLE_MINUTES - 2).padStart(2, '0')}:01`;

/** « M’inscrire » in the candidate menu, Bac pro 2027 in Grenoble, « Valider »: the wizard's first tab. */
async function openWizardByLinks(page: Page): Promise<void> {
	await page.getByRole('navigation', { name: 'Menu candidat' }).getByRole('link', { name: 'M’inscrire', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'M’inscrire' })).toBeVisible();
	const main = page.getByRole('main');
	await main.getByRole('combobox', { name: /^Examen/ }).selectOption({ label: 'Baccalauréat professionnel' });
	await main.getByRole('combobox', { name: /^Session/ }).selectOption({ label: 'Session 2027' });
	await main.getByRole('combobox', { name: /^Académie de résidence/ }).selectOption({ label: 'Grenoble' });
	await page
		.getByRole('region', { name: /^Baccalauréat professionnel, session 2027 – .*Grenoble$/ })
		.getByRole('link', { name: 'Valider', exact: true })
		.click();
	await expectStep(page, 1, 'Identité');
}

/**
 * The draft's last change has reached the server (the device's copy is no longer marked changed):
 * the page sends nothing more until the next change, so no request of the page extends the session.
 */
async function expectSynced(page: Page): Promise<void> {
	await expect
		.poll(async () => (await deviceDrafts(page)).map((draft) => (draft as { dirty?: boolean }).dirty ?? true), { timeout: 15_000 })
		.toEqual([false]);
	await expect(page.getByRole('status').filter({ hasText: 'Enregistré sur cet appareil' })).toContainText(/Synchronisé à \d{2}:\d{2}/);
}

/** The end of the candidate's session in the server's database (ms), or undefined once it is gone. */
function sessionEnd(server: AppServer, candidate: Person): number | undefined {
	const db = openDatabase(server);
	try {
		const row = db
			.prepare('SELECT s.expires_at FROM sessions s JOIN candidates c ON c.id = s.candidate_id WHERE c.email = ?')
			.get(candidate.email) as { expires_at: number } | undefined;
		return row?.expires_at;
	} finally {
		db.close();
	}
}

/** Moves the end of the candidate's session, as nearly ten idle minutes would. */
function setSessionEnd(server: AppServer, candidate: Person, end: number): void {
	const db = openDatabase(server);
	try {
		db.prepare('UPDATE sessions SET expires_at = ? WHERE candidate_id = (SELECT id FROM candidates WHERE email = ?)').run(
			end,
			candidate.email
		);
	} finally {
		db.close();
	}
}

test('N4: two minutes before the idle limit the form warns; « Rester connecté » extends the session on the server, and a save after the old limit works', async ({
	page
}) => {
	await page.clock.install();
	const candidate = await newCandidate(page, app);
	await openWizardByLinks(page);
	await next(page, 2, 'Choix de l’examen');
	await fillChoice(page);
	await expectSynced(page);
	const specialty = combobox(page, 'Spécialité');
	await specialty.focus();

	// Nothing warns while the session has time left.
	await page.clock.fastForward('05:00');
	const warning = page.getByRole('alertdialog', { name: 'Votre session va bientôt expirer' });
	await expect(warning).toBeHidden();

	// The server's session ends in 25 seconds: the page, asking before it warns, learns it.
	const oldEnd = Date.now() + 25_000;
	setSessionEnd(app, candidate, oldEnd);
	await page.clock.fastForward('03:01');
	await expect(warning).toBeVisible();
	await expect(warning).toHaveAccessibleDescription(
		/^Sans action de votre part, elle expirera dans \d+ secondes?\. Votre saisie reste enregistrée sur cet appareil\.$/
	);
	const stay = warning.getByRole('button', { name: 'Rester connecté' });
	await expect(stay).toBeFocused();
	await expectNoAxeViolation(page, 'the warning before the session expires');
	// Reading the session's end did not extend it.
	expect(sessionEnd(app, candidate)).toBe(oldEnd);

	await stay.click();
	await expect(warning).toBeHidden();
	await expect(specialty).toBeFocused();
	// Extended on the server: the idle limit starts again now.
	expect(sessionEnd(app, candidate)).toBeGreaterThan(Date.now() + (IDLE_MINUTES - 1) * 60_000);

	// Past the end the session had, the form goes on and « Enregistrer » is accepted.
	await expect.poll(() => Date.now(), { timeout: 40_000, intervals: [1_000] }).toBeGreaterThan(oldEnd + 1_000);
	await next(page, 3, 'Situation');
	await fillSituation(page);
	await expectSynced(page);
	await next(page, 4, 'Acquis');
	await next(page, 5, 'Aménagements');
	await answerAccommodations(page, 'Non');
	await next(page, 6, 'Récapitulatif');
	await button(page, 'Enregistrer').click();
	await expect(page.getByRole('region', { name: 'N°Inscription' })).toBeVisible();
	expect(registrationsOf(app, candidate.email)).toHaveLength(1);
});

test('N4: the session expires mid-form: the work stays on the device, and after logging in again the candidate is back on the same tab with the same values', async ({
	page
}) => {
	await page.clock.install();
	const candidate = await newCandidate(page, app);
	await openWizardByLinks(page);
	await next(page, 2, 'Choix de l’examen');
	const optionB = 'Option B – Prospection clientèle et valorisation de l’offre commerciale';
	await fillChoice(page, { ...COMMERCE, option: optionB, E41: 'Allemand', E42: 'Italien' });
	await next(page, 3, 'Situation');
	await page.getByRole('radio', { name: /^Formation professionnelle continue/ }).check();
	const organisation = page.getByRole('textbox', { name: 'Organisme de formation', exact: true });
	await organisation.fill('GRETA de Grenoble');
	await combobox(page, 'Dernier diplôme obtenu').selectOption({ label: 'Baccalauréat général ou technologique' });
	await expectSynced(page);
	await organisation.focus();

	// The warning, closed with Escape: the focus returns to the field.
	setSessionEnd(app, candidate, Date.now() + 90_000);
	await page.clock.fastForward(UNTIL_WARNING);
	const warning = page.getByRole('alertdialog', { name: 'Votre session va bientôt expirer' });
	await expect(warning).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(warning).toBeHidden();
	await expect(organisation).toBeFocused();

	// The candidate stays away: the session ends on the server.
	setSessionEnd(app, candidate, Date.now() - 1_000);
	// A last change, made after the end: the server refuses it, the device keeps it.
	await combobox(page, 'Activité actuelle').selectOption({ label: 'Salarié(e)' });
	await expect(page.getByRole('status').filter({ hasText: 'Votre session a expiré' })).toBeVisible();

	await page.clock.fastForward('02:00');
	const expired = page.getByRole('alertdialog', { name: 'Votre session a expiré' });
	await expect(expired).toBeVisible();
	await expect(expired).toHaveAccessibleDescription(
		'Votre saisie est conservée sur cet appareil. Reconnectez-vous pour la retrouver : vous reviendrez sur ce formulaire, au même onglet.'
	);
	const again = expired.getByRole('link', { name: 'Me reconnecter' });
	await expect(again).toBeFocused();
	await expectNoAxeViolation(page, 'the dialog of an expired session');
	await expect
		.poll(async () =>
			(await deviceDrafts(page)).map((draft) => [
				draft.tab,
				draft.content.situation.trainingOrganisation,
				draft.content.situation.currentActivity
			])
		)
		.toEqual([['situation', 'GRETA de Grenoble', 'employed']]);

	await again.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Me connecter' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Votre session a expiré' })).toHaveText(
		'Votre session a expiré. Votre saisie est conservée sur cet appareil : reconnectez-vous pour la retrouver là où vous l’avez laissée.'
	);
	await submitLogin(page, candidate.email, candidate.password);

	// Back on « Situation » of the same form, every value there, the last one included.
	await expect(page.getByRole('heading', { level: 1, name: 'Inscription : Baccalauréat professionnel, session 2027' })).toBeVisible();
	await expectStep(page, 3, 'Situation');
	await expect(page.getByRole('radio', { name: /^Formation professionnelle continue/ })).toBeChecked();
	await expect(organisation).toHaveValue('GRETA de Grenoble');
	await expect(combobox(page, 'Dernier diplôme obtenu').locator('option:checked')).toHaveText('Baccalauréat général ou technologique');
	await expect(combobox(page, 'Activité actuelle').locator('option:checked')).toHaveText('Salarié(e)');
	// The change made after the end reaches the server now.
	await expectSynced(page);
	await button(page, 'Précédent').click();
	await expectStep(page, 2, 'Choix de l’examen');
	await expect(combobox(page, 'Spécialité').locator('option:checked')).toHaveText(COMMERCE.specialty);
	await expect(page.getByRole('radio', { name: optionB })).toBeChecked();
	await expect(combobox(page, 'Langue de l’épreuve E41 – Langue vivante A').locator('option:checked')).toHaveText('Allemand');
	await expect(combobox(page, 'Langue de l’épreuve E42 – Langue vivante B').locator('option:checked')).toHaveText('Italien');
});
