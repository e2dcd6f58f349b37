// Throttling (SPEC A9): per account, per client address, and the production defaults.
// The first servers take the client address from a header (adapter-node's ADDRESS_HEADER), so
// each test, and each attempt where it matters, comes from its own address. The last one runs as
// in production: real client addresses and no THROTTLE_* variable.
import { expect, test, type Page, type Response } from '@playwright/test';
import { useAppServer, type AppServer } from './support/app-server';
import {
	activationLinkFromLog,
	createAccountForm,
	createActivatedAccount,
	fillCreateAccountForm,
	hydrated,
	logOut,
	person,
	postAction,
	postForm,
	submitLogin,
	uniqueEmail
} from './support/accounts';

const WRONG_LOGIN = 'Adresse mail ou mot de passe incorrect.';
const ADDRESS = 'x-test-address';

/** The sentence for a wait of `seconds` (Retry-After): « 58 secondes » under a minute, else in minutes. */
function tooManyAttempts(seconds: number): string {
	const wait =
		seconds < 60
			? `${seconds} seconde${seconds > 1 ? 's' : ''}`
			: `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) > 1 ? 's' : ''}`;
	return `Trop de tentatives. Réessayez dans ${wait}.`;
}

function alert(page: Page) {
	return page.getByRole('main').getByRole('alert');
}

/** Submits « Me connecter » and returns the action's answer. */
async function attempt(page: Page, email: string, password: string): Promise<Response> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/me-connecter'),
		submitLogin(page, email, password)
	]);
	return response;
}

function attachOutputOnFailure(app: AppServer) {
	test.afterEach(async ({}, testInfo) => {
		if (testInfo.status !== testInfo.expectedStatus)
			await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
	});
}

test.describe('with one client address per test (ADDRESS_HEADER)', () => {
	const app = useAppServer({
		env: {
			ADDRESS_HEADER: ADDRESS,
			THROTTLE_LOGIN_FIRST_DELAY: '2s',
			THROTTLE_ADDRESS_LOGINS: '3/1m',
			THROTTLE_ADDRESS_SIGNUPS: '2/1h',
			THROTTLE_ADDRESS_PASSWORD_RESETS: '2/1h'
		}
	});
	attachOutputOnFailure(app);

	test('A9: 5 failed logins on an account are free, then « Réessayez dans … », from any address; the delay ends and a success resets the count', async ({
		page,
		request
	}) => {
		const candidate = await createActivatedAccount(
			request,
			app,
			(email) => activationLinkFromLog(app, email),
			{},
			{ [ADDRESS]: '10.0.1.1' }
		);
		let address = 0;
		// Each attempt from a new address: the per-address limit (3 a minute) never applies, the account's does.
		const from = async () => page.setExtraHTTPHeaders({ [ADDRESS]: `10.0.2.${++address}` });

		await from();
		await page.goto(app.url('/me-connecter'));
		await hydrated(page);
		for (let failure = 1; failure <= 5; failure++) {
			await from();
			const response = await attempt(page, candidate.email, `Mauvais ${failure}!`);
			expect(await response.json()).toMatchObject({ type: 'failure', status: 400 });
			await expect(alert(page)).toHaveText(WRONG_LOGIN);
		}
		// The 6th attempt waits, even with the right password.
		await from();
		const refused = await attempt(page, candidate.email, candidate.password);
		const refusedAt = Date.now();
		expect(await refused.json()).toMatchObject({ type: 'failure', status: 429 });
		await expect(alert(page)).toHaveText(/^Trop de tentatives\. Réessayez dans [12] secondes?\.$/);
		await expect(page).toHaveURL(app.url('/me-connecter'));

		// Once the delay is over, the right password opens the session.
		await page.waitForTimeout(Math.max(0, refusedAt + 2_100 - Date.now()));
		await from();
		await attempt(page, candidate.email, candidate.password);
		await expect(page).toHaveURL(app.url('/espace-candidat'));

		// The success reset the count: 5 failures are free again (without the reset the 2nd would wait).
		await logOut(page);
		for (let failure = 1; failure <= 5; failure++) {
			await from();
			await attempt(page, candidate.email, `Encore faux ${failure}!`);
			await expect(alert(page)).toHaveText(WRONG_LOGIN);
		}
		await from();
		await attempt(page, candidate.email, candidate.password);
		await expect(alert(page)).toHaveText(/^Trop de tentatives\. Réessayez dans [12] secondes?\.$/);
	});

	test('A9: an address that made 3 login attempts in a minute is refused (429, Retry-After), whatever the account; others are not', async ({
		page,
		request
	}) => {
		const here = { [ADDRESS]: '10.0.3.1' };
		await page.setExtraHTTPHeaders(here);
		await page.goto(app.url('/me-connecter'));
		await hydrated(page);
		for (let n = 1; n <= 3; n++) {
			await attempt(page, uniqueEmail(`essai${n}`), 'Mot de passe 1!');
			await expect(alert(page)).toHaveText(WRONG_LOGIN);
		}
		// What the person sees at the 4th.
		const refused = await attempt(page, uniqueEmail('essai4'), 'Mot de passe 1!');
		expect(await refused.json()).toMatchObject({ type: 'failure', status: 429 });
		const wait = Number(refused.headers()['retry-after']);
		expect(wait).toBeGreaterThan(30);
		expect(wait).toBeLessThanOrEqual(60);
		await expect(alert(page)).toHaveText(tooManyAttempts(wait));

		// A post without JavaScript: status 429, Retry-After, and the same French sentence.
		const plain = await postForm(request, app, '/me-connecter', { email: uniqueEmail('brut'), password: 'Mot de passe 1!' }, here);
		expect(plain.status()).toBe(429);
		const retryAfter = Number(plain.headers()['retry-after']);
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(await plain.text()).toContain(tooManyAttempts(retryAfter));
		// The enhanced post (JSON) says 429 too.
		const enhanced = await postAction(request, app, '/me-connecter', { email: uniqueEmail('json'), password: 'Mot de passe 1!' }, here);
		expect(await enhanced.json()).toMatchObject({ type: 'failure', status: 429 });
		expect(Number(enhanced.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
		// The school candidates' login counts against the same limit.
		const slip = await postForm(request, app, '/candidat-scolaire', { candidateNumber: '080000001J', secret: 'ABCDEFGHJK' }, here);
		expect(slip.status()).toBe(429);

		// Another address is not concerned.
		const elsewhere = await postForm(
			request,
			app,
			'/me-connecter',
			{ email: uniqueEmail('ailleurs'), password: 'Mot de passe 1!' },
			{ [ADDRESS]: '10.0.3.2' }
		);
		expect(elsewhere.status()).toBe(400);
		expect(await elsewhere.text()).toContain(WRONG_LOGIN);
	});

	test('A9: account creations and password-reset requests are limited per address', async ({ page, request }) => {
		const here = { [ADDRESS]: '10.0.4.1' };
		for (let n = 1; n <= 2; n++) {
			expect((await postForm(request, app, '/creer-mon-compte', createAccountForm(person()), here)).status()).toBe(200);
		}
		await page.setExtraHTTPHeaders(here);
		await page.goto(app.url('/creer-mon-compte'));
		await hydrated(page);
		const third = person();
		await fillCreateAccountForm(page, third);
		await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();
		await expect(alert(page)).toHaveText(/^Trop de tentatives\. Réessayez dans (\d+ minutes|1 heure)\.$/);
		await expect(page.getByRole('dialog')).toHaveCount(0);
		// Nothing typed is lost but the passwords.
		await expect(page.getByRole('textbox', { name: 'Adresse mail', exact: true })).toHaveValue(third.email);
		await expect(page.getByRole('textbox', { name: 'Mot de passe', exact: true })).toHaveValue('');
		// From another address, the same person may create the account.
		expect((await postForm(request, app, '/creer-mon-compte', createAccountForm(third), { [ADDRESS]: '10.0.4.2' })).status()).toBe(200);

		for (let n = 1; n <= 2; n++) {
			const answer = await postForm(request, app, '/mot-de-passe-oublie', { email: uniqueEmail('oubli') }, here);
			expect(answer.status()).toBe(200);
		}
		const reset = await postForm(request, app, '/mot-de-passe-oublie', { email: uniqueEmail('oubli') }, here);
		expect(reset.status()).toBe(429);
		expect(reset.headers()['retry-after']).toMatch(/^\d+$/);
		expect(await reset.text()).toMatch(/Trop de tentatives\. Réessayez dans (\d+ minutes|1 heure)\./);
	});
});

test.describe('as in production: real client addresses, default limits', () => {
	const app = useAppServer();
	attachOutputOnFailure(app);
	test.use({ javaScriptEnabled: false });

	test('A9 defaults: 5 wrong passwords pass, the 6th attempt on the account answers 429 « Trop de tentatives. Réessayez dans 1 minute. »', async ({
		page,
		request
	}) => {
		const candidate = await createActivatedAccount(request, app, (email) => activationLinkFromLog(app, email));
		await page.goto(app.url('/me-connecter'));
		for (let failure = 1; failure <= 5; failure++) {
			const response = await attempt(page, candidate.email, `Mauvais ${failure}!`);
			expect(response.status()).toBe(400);
			await expect(alert(page)).toHaveText(WRONG_LOGIN);
		}
		const refused = await attempt(page, candidate.email, candidate.password);
		expect(refused.status()).toBe(429);
		const retryAfter = Number(refused.headers()['retry-after']);
		expect(retryAfter).toBeGreaterThan(50);
		expect(retryAfter).toBeLessThanOrEqual(60);
		// « Trop de tentatives. Réessayez dans 1 minute. », or « … 59 secondes. » on a slow machine.
		await expect(alert(page)).toHaveText(tooManyAttempts(retryAfter));
		await expect(page.getByRole('textbox', { name: 'Mot de passe', exact: true })).toHaveValue('');
		expect(await page.content()).not.toContain(candidate.password);
	});
});
