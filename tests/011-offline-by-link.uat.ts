// SPEC O2 the way candidates really arrive: a first visit on a new device (a fresh Chromium
// profile), the home page typed once, then links, the back button and a redirect after login. Every
// page shown reloads with the network gone: the server process is stopped and the context offline.
import { expect, test, type Page } from '@playwright/test';
import { createActivatedAccount, activationLinkFromLog, hydrated, openDatabase } from './support/accounts';
import { startAppServer, type AppServer } from './support/app-server';
import { candidateMenu, collectErrors, expectNoAxeViolation, registerByApi } from './support/candidate-space';
import { launchProfile } from './support/chromium';
import { goOffline, logInByLinks, openHome } from './support/device';
import { RELAXED_THROTTLES, button, combobox, expectStep, fillChoice, next } from './support/registration';

const env = { DEMO: '1', ...RELAXED_THROTTLES };

const OFFLINE_HEADING = 'Vous êtes hors connexion';

/** A server of its own and a new device, closed after the test. */
async function firstVisit(): Promise<{ server: AppServer; profile: Awaited<ReturnType<typeof launchProfile>> }> {
	const server = await startAppServer({ env });
	const profile = await launchProfile();
	return { server, profile };
}

/** How many confirmations of a registration the queued job has made so far. */
function confirmationCount(server: AppServer, registrationNumber: string): number {
	const db = openDatabase(server);
	try {
		const row = db
			.prepare(
				`SELECT count(*) AS n FROM documents d JOIN registrations r ON r.id = d.registration_id
				 WHERE r.registration_number = ? AND d.kind = 'confirmation'`
			)
			.get(registrationNumber) as { n: number };
		return row.n;
	} finally {
		db.close();
	}
}

/** A reload that the worker answers, not the server. */
async function reloadFromDevice(page: Page): Promise<void> {
	const response = await page.reload();
	expect(response?.fromServiceWorker(), `${page.url()} comes from the device`).toBe(true);
}

test('O2: reached by links on a first visit, the form reloads offline on the same tab with what was typed offline', async () => {
	test.setTimeout(120_000);
	const { server, profile } = await firstVisit();
	const { page, context } = profile;
	try {
		const candidate = await createActivatedAccount(page.request, server, (email) => activationLinkFromLog(server, email));
		await openHome(page, server);
		await logInByLinks(page, candidate);
		// Reloaded offline, « Mon espace » (reached by the redirect after login) shows again.
		const errors = collectErrors(page, /Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/);

		// « M’inscrire », the exam, session and académie, « Valider »: all links and the page's form.
		await candidateMenu(page).getByRole('link', { name: 'M’inscrire', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'M’inscrire' })).toBeVisible();
		const main = page.getByRole('main');
		await main.getByRole('combobox', { name: /^Examen/ }).selectOption({ label: 'Baccalauréat professionnel' });
		await main.getByRole('combobox', { name: /^Session/ }).selectOption({ label: 'Session 2027' });
		await main.getByRole('combobox', { name: /^Académie de résidence/ }).selectOption({ label: 'Grenoble' });
		// The dates come with the choice (R1): no button to press with scripts.
		await main.getByRole('link', { name: 'Valider', exact: true }).click();
		await expectStep(page, 1, 'Identité');
		await next(page, 2, 'Choix de l’examen');

		await goOffline(server, context);
		// The candidate goes on without network, then the phone reloads the page.
		await fillChoice(page);
		await next(page, 3, 'Situation');
		await page.getByRole('radio', { name: /^Candidat individuel/ }).check();
		await combobox(page, 'Dernier diplôme obtenu').selectOption({ label: 'CAP ou BEP' });
		await expect(page.getByRole('main').locator('.save-state')).toContainText('Enregistré sur cet appareil');

		await reloadFromDevice(page);
		await expectStep(page, 3, 'Situation');
		await expect(page.getByRole('radio', { name: /^Candidat individuel/ })).toBeChecked();
		await expect(combobox(page, 'Dernier diplôme obtenu')).toHaveValue('cap');
		await button(page, 'Précédent').click();
		await expectStep(page, 2, 'Choix de l’examen');
		await expect(combobox(page, 'Spécialité')).toHaveValue('MCV');
		await expect(combobox(page, 'Langue de l’épreuve E42 – Langue vivante B')).toHaveValue('es');
		await expectNoAxeViolation(page, 'the form reloaded offline');

		// Back to « M’inscrire » (with the choice, then without) and « Mon espace », all reached by
		// links: they open from the device.
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: 'M’inscrire' })).toBeVisible();
		await reloadFromDevice(page);
		await expect(page.getByRole('main').getByRole('link', { name: 'Valider', exact: true })).toBeVisible();
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: 'M’inscrire' })).toBeVisible();
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();
		await reloadFromDevice(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();
		await expect(page.getByRole('banner')).toContainText(candidate.firstNames);

		// A page never shown on this device: the offline page, at the address asked for.
		await page.goto(server.url('/mes-documents'));
		await expect(page.getByRole('heading', { level: 1, name: OFFLINE_HEADING })).toBeVisible();
		await expect(page).toHaveURL(server.url('/mes-documents'));
		expect(errors).toEqual([]);
	} finally {
		await profile.close();
		await server.stop();
	}
});

test('O2: « Mes inscriptions », a registration and « Mes documents », reached by links, by the back button or by a typed address, reload offline with their content', async () => {
	test.setTimeout(120_000);
	const { server, profile } = await firstVisit();
	const { page, context } = profile;
	try {
		const candidate = await createActivatedAccount(page.request, server, (email) => activationLinkFromLog(server, email));
		await openHome(page, server);
		await logInByLinks(page, candidate);
		const { registrationNumber } = await registerByApi(page, server);
		// The confirmation is made by a queued job moments after « Enregistrer »: it is there before
		// « Mes documents » is opened, as it would be for a person who reads the numbers first.
		await expect.poll(() => confirmationCount(server, registrationNumber), { timeout: 20_000 }).toBeGreaterThan(0);

		// « Mes inscriptions » by the menu, the registration by its link, back, then « Mes documents ».
		await candidateMenu(page).getByRole('link', { name: 'Mes inscriptions', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
		const registrationLink = page
			.getByRole('main')
			.getByRole('link', { name: 'Baccalauréat professionnel – Métiers du commerce et de la vente' });
		await registrationLink.click();
		await expect(page.getByRole('heading', { level: 1, name: 'Baccalauréat professionnel, session 2027' })).toBeVisible();
		await expect(page.getByRole('main')).toContainText(registrationNumber);
		await page.goBack();
		await expect(registrationLink).toBeVisible();
		await candidateMenu(page).getByRole('link', { name: 'Mes documents', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
		const confirmation = page.getByRole('main').getByText(/^Confirmation d’inscription – Version 01/);
		await expect(confirmation).toBeVisible();
		await expect(page.getByRole('main')).toContainText(registrationNumber);
		// And « Modifier mon compte » by a typed address (a full load).
		await page.goto(server.url('/modifier-mon-compte'));
		await expect(page.getByRole('heading', { level: 1, name: 'Modifier mon compte' })).toBeVisible();
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();

		await goOffline(server, context);

		await reloadFromDevice(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
		await expect(confirmation).toBeVisible();
		await expect(page.getByRole('main')).toContainText(registrationNumber);

		// Back, to the list reached by a link: it opens from the device, and so does a reload.
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: 'Mes inscriptions' })).toBeVisible();
		await reloadFromDevice(page);
		await expect(registrationLink).toBeVisible();
		await expectNoAxeViolation(page, '« Mes inscriptions » reloaded offline');

		// The registration's page, reached by a link, opened again by its address.
		await page.goto(server.url(`/mes-inscriptions/${registrationNumber}`));
		await expect(page.getByRole('heading', { level: 1, name: 'Baccalauréat professionnel, session 2027' })).toBeVisible();
		await expect(page.getByRole('main')).toContainText(registrationNumber);

		// The page opened by a typed address, offline.
		await page.goto(server.url('/modifier-mon-compte'));
		await expect(page.getByRole('heading', { level: 1, name: 'Modifier mon compte' })).toBeVisible();

		// Never shown on this device: the registration's history.
		await page.goto(server.url(`/mes-inscriptions/${registrationNumber}/historique`));
		await expect(page.getByRole('heading', { level: 1, name: OFFLINE_HEADING })).toBeVisible();
	} finally {
		await profile.close();
		await server.stop();
	}
});

test('O2: public pages reached by links (« Ouverture des services » with a choice, a legal page) reload offline', async () => {
	const { server, profile } = await firstVisit();
	const { page, context } = profile;
	try {
		await openHome(page, server);
		await page
			.getByRole('navigation', { name: 'Menu principal' })
			.getByRole('link', { name: 'Ouverture des services', exact: true })
			.click();
		await expect(page.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();
		await hydrated(page);
		const main = page.getByRole('main');
		await main.getByLabel(/^Examen/).selectOption({ label: 'Baccalauréat professionnel' });
		await main.getByLabel(/^Session/).selectOption({ label: 'Session 2027' });
		await main.getByLabel(/^Académie ou centre d’examen/).selectOption({ label: 'Grenoble' });
		await main.getByRole('button', { name: 'Afficher les périodes' }).click();
		const grenoble = page.getByRole('region', { name: 'Baccalauréat professionnel, session 2027 – Académie de Grenoble' });
		await expect(grenoble.getByText('Service ouvert', { exact: true })).toBeVisible();
		await page.getByRole('contentinfo').getByRole('link', { name: 'Mentions légales' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Mentions légales' })).toBeVisible();

		await goOffline(server, context);

		await reloadFromDevice(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Mentions légales' })).toBeVisible();
		await page.goBack();
		await expect(grenoble.getByText('Service ouvert', { exact: true })).toBeVisible();
		await reloadFromDevice(page);
		await expect(grenoble.getByText('Service ouvert', { exact: true })).toBeVisible();
		await expect(main.getByLabel(/^Académie ou centre d’examen/)).toHaveValue('08');
		await page.goBack();
		await page.goBack();
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		await reloadFromDevice(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();

		// Never shown: « Créer mon compte ».
		await page.goto(server.url('/creer-mon-compte'));
		await expect(page.getByRole('heading', { level: 1, name: OFFLINE_HEADING })).toBeVisible();
	} finally {
		await profile.close();
		await server.stop();
	}
});
