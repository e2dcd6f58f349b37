// SPEC O3, O4: a draft continues on another device; « Enregistrer » pressed while the
// server is down waits, and is answered once the server is back, without a reload, exactly once.
import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server';
import { openDatabase } from './support/accounts';
import { expectNoAxeViolation, OPTION_B, registerByApi, secondDevice } from './support/candidate-space';
import {
	BCP_2027_GRENOBLE,
	fillToPriorResults,
	fillToSummary,
	button,
	combobox,
	deviceDrafts,
	expectStep,
	fillChoice,
	newCandidate,
	next,
	openWizard,
	registrationsOf,
	RELAXED_THROTTLES,
	walkTo
} from './support/registration';

const env = { DEMO: '1', ...RELAXED_THROTTLES };
let app: AppServer;
test.beforeAll(async () => {
	app = await startAppServer({ env });
});
test.afterAll(async () => {
	await app?.stop();
});

/** Stops the server; the returned function starts it again on the same port and data. */
async function stopServer(): Promise<() => Promise<void>> {
	const port = Number(new URL(app.origin).port);
	const dataDir = app.dataDir;
	await app.stop();
	return async () => {
		app = await startAppServer({ env, port, dataDir });
	};
}

function saveState(page: import('@playwright/test').Page) {
	return page.getByRole('main').locator('.save-state');
}

test('O3: a draft started on one device continues on another', async ({ page, browser }) => {
	const candidate = await newCandidate(page, app);
	await openWizard(page, app);
	await next(page, 2, 'Choix de l’examen');
	await fillChoice(page);
	await expect(saveState(page)).toContainText('Enregistré sur cet appareil');
	await expect(saveState(page)).toContainText('Synchronisé à', { timeout: 10_000 });

	const computer = await secondDevice(browser, app, candidate);
	await computer.goto(app.url(BCP_2027_GRENOBLE));
	// The draft's tab and values come from the server.
	await expectStep(computer, 2, 'Choix de l’examen');
	await expect(combobox(computer, 'Spécialité')).toHaveValue('MCV');
	await expect(combobox(computer, 'Langue de l’épreuve E42 – Langue vivante B')).toHaveValue('es');
	await computer.context().close();
});

test('O4: « Enregistrer » with the server down waits, then gets its numbers once the server is back', async ({ page }) => {
	const candidate = await newCandidate(page, app);
	await openWizard(page, app);
	await fillToSummary(page);

	const restart = await stopServer();
	await button(page, 'Enregistrer').click();
	await expect(page.getByText('Inscription pas encore transmise.')).toBeVisible();
	await expect(saveState(page)).toContainText('En attente de réseau');
	await expect(page.getByRole('main').getByRole('button', { name: 'Envoi en attente…' })).toBeDisabled();
	await expectNoAxeViolation(page, 'the pending « Enregistrer »');
	// Still there after a reload while the server is away? The page is not reloaded: the same page
	// gets the answer when the server returns.
	await restart();
	await expect(page.getByRole('heading', { name: 'N°Inscription' })).toBeVisible({ timeout: 45_000 });
	await expect(page.getByText('Votre inscription est enregistrée.')).toBeVisible();
	expect(registrationsOf(app, candidate.email)).toHaveLength(1);
});

test('O2: once opened online, the form opens again with the server stopped, and every tab can be filled', async ({ browser }) => {
	// A persistent context: the service worker must survive like on a phone.
	const context = await browser.newContext({ serviceWorkers: 'allow' });
	const page = await context.newPage();
	await newCandidate(page, app);
	await openWizard(page, app);
	await page.evaluate(() => navigator.serviceWorker.ready);
	// The first visit installed the worker; this one goes through it and fills the candidate's cache.
	await page.reload();
	await expectStep(page, 1, 'Identité');
	await expect.poll(() => page.evaluate(async () => (await caches.keys()).some((name) => name.startsWith('candidate-')))).toBe(true);

	const restart = await stopServer();
	await page.reload();
	await expectStep(page, 1, 'Identité');
	await fillToPriorResults(page);
	await expect(saveState(page)).toContainText('Enregistré sur cet appareil');
	await expect(saveState(page)).toContainText('En attente de réseau', { timeout: 15_000 });
	await page.reload();
	await expectStep(page, 4, 'Acquis');
	await expectNoAxeViolation(page, 'the wizard offline');
	await restart();
	await context.close();
});

test('logout names what is not sent, sends it on request, then leaves nothing of the candidate on the device', async ({ page }) => {
	await newCandidate(page, app);
	await openWizard(page, app);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expectStep(page, 1, 'Identité');
	await next(page, 2, 'Choix de l’examen');

	// The server goes away before the change is synced.
	const restart = await stopServer();
	await fillChoice(page);
	await expect(saveState(page)).toContainText('En attente de réseau', { timeout: 15_000 });
	await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
	const dialog = page.getByRole('dialog', { name: 'Des données ne sont pas encore envoyées' });
	await expect(dialog).toContainText('Baccalauréat professionnel, session 2027 : brouillon pas encore synchronisé');
	await expectNoAxeViolation(page, 'the logout warning');
	await dialog.getByRole('button', { name: 'Envoyer puis me déconnecter' }).click();
	await expect(dialog.getByRole('alert')).toContainText('L’envoi n’est pas possible pour l’instant');

	await restart();
	await dialog.getByRole('button', { name: 'Envoyer puis me déconnecter' }).click();
	await expect(page).toHaveURL(/\/me-connecter\?deconnecte/);
	expect(await deviceDrafts(page)).toEqual([]);
	await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('candidate-')))).toEqual([]);
});

test('R15, O4: a send pending near the close shows the closing time in red; past the close it is refused, the draft intact', async ({
	browser
}) => {
	// Nice's window is moved for this test only: open now, closing in two hours.
	const move = (closesAt: number) => {
		const db = openDatabase(app);
		db.prepare("UPDATE registration_windows SET opens_at = ?, closes_at = ?, changed_in_app_at = ? WHERE code = 'BCP-2027-23-GP'").run(
			Date.now() - 86_400_000,
			closesAt,
			Date.now()
		);
		db.close();
	};
	move(Date.now() + 2 * 3600_000);
	const page = await (await browser.newContext()).newPage();
	await newCandidate(page, app);
	await page.goto(app.url('/inscription/BCP/2027/23'));
	await expectStep(page, 1, 'Identité');
	await fillToSummary(page);

	const restart = await stopServer();
	await button(page, 'Enregistrer').click();
	// The server is out of reach, the session is fine: what to get back is the network.
	const closing = page.getByText(/^Le service ferme le .* : retrouvez du réseau \(Wi-Fi ou données mobiles\) avant cette heure/);
	await expect(closing).toBeVisible();
	await expect(closing).toHaveCSS('color', 'rgb(179, 38, 30)');

	// The close passes while the phone is away: the server's clock at receipt decides.
	const db = openDatabase(app);
	db.prepare("UPDATE registration_windows SET closes_at = ? WHERE code = 'BCP-2027-23-GP'").run(Date.now() - 1000);
	db.close();
	await restart();
	await expect(page.getByRole('alert')).toContainText('Le service d’inscription de cette académie est fermé', { timeout: 45_000 });
	await expect(page.getByText('Inscription pas encore transmise.')).toHaveCount(0);
	// Nothing entered is lost.
	const drafts = await deviceDrafts(page);
	expect(drafts[0].content.choice.specialtyCode).toBe('MCV');
	expect(drafts[0].content.accommodations.applied).toBe('no');
	await page.context().close();
});

test('O4: a modification pressed while the server is down reaches « Version 02 » once it is back', async ({ browser }) => {
	const page = await (await browser.newContext()).newPage();
	await newCandidate(page, app);
	const saved = await registerByApi(page, app);
	await page.goto(app.url(`/mes-inscriptions/${saved.registrationNumber}/modifier`));
	await expectStep(page, 1, 'Identité');
	await next(page, 2, 'Choix de l’examen');
	await page.getByRole('radio', { name: OPTION_B, exact: true }).check();
	await walkTo(page, 6);

	const restart = await stopServer();
	await button(page, 'Enregistrer').click();
	await expect(page.getByText('Inscription pas encore transmise.')).toBeVisible();
	await restart();
	await expect(page.getByRole('heading', { name: 'N°Inscription' })).toBeVisible({ timeout: 45_000 });
	await expect(page.getByText('Version 02', { exact: true })).toBeVisible();
	const db = openDatabase(app);
	expect(db.prepare('SELECT version FROM registrations WHERE registration_number = ?').get(saved.registrationNumber)).toEqual({
		version: 2
	});
	expect(
		db
			.prepare(
				'SELECT count(*) AS n FROM registration_versions r JOIN registrations g ON g.id = r.registration_id WHERE g.registration_number = ?'
			)
			.get(saved.registrationNumber)
	).toEqual({ n: 2 });
	db.close();
	await page.context().close();
});

test('O4: the answer to a pending « Enregistrer » arrives even after the candidate left the form', async ({ browser }) => {
	test.setTimeout(120_000);
	const page = await (await browser.newContext()).newPage();
	const candidate = await newCandidate(page, app);
	await openWizard(page, app);
	await page.evaluate(() => navigator.serviceWorker.ready);
	// Pages visited under the worker's control are kept in the candidate's cache.
	await page.goto(app.url('/espace-candidat'));
	// The worker keeps a page once it has answered it: under a loaded machine, later than the next
	// navigation. The candidate would have it by the time they go offline; the test waits for it.
	await expect
		.poll(() =>
			page.evaluate(async (url) => {
				for (const name of (await caches.keys()).filter((key) => key.startsWith('candidate-'))) {
					if (await (await caches.open(name)).match(url, { ignoreVary: true, ignoreSearch: true })) return true;
				}
				return false;
			}, app.url('/espace-candidat'))
		)
		.toBe(true);
	await page.goto(app.url(BCP_2027_GRENOBLE));
	await expectStep(page, 1, 'Identité');
	await fillToSummary(page);

	const restart = await stopServer();
	await button(page, 'Enregistrer').click();
	await expect(page.getByText('Inscription pas encore transmise.')).toBeVisible();
	await page.goto(app.url('/espace-candidat'));
	await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();

	await restart();
	const notice = page.getByText(/Votre inscription \(Baccalauréat professionnel, session 2027\) est transmise : N° inscription/);
	await expect(notice).toBeVisible({ timeout: 60_000 });
	const [registration] = registrationsOf(app, candidate.email);
	await expect(notice.getByRole('link', { name: registration.registration_number })).toBeVisible();
	expect(registrationsOf(app, candidate.email)).toHaveLength(1);
	expect(await deviceDrafts(page)).toEqual([]);
	await page.context().close();
});
