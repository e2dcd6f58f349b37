// Accessibility of the candidate's space (axe, WCAG 2.1 A and AA) and no console error, on every
// page of the route group (candidat), opened with a session; and on « Créer mon compte » showing
// its errors. DEMO=1 for the registration windows that the pages of later issues may need.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { useAppServer } from './support/app-server';
import {
	activationLinkFromLog,
	createAccountForm,
	createActivatedAccount,
	fillCreateAccountForm,
	hydrated,
	logIn,
	openDatabase,
	passwordInput,
	person,
	postForm,
	seedSchoolCandidates,
	textbox,
	type LoginSlip,
	type Person
} from './support/accounts';
import { candidatePages } from './support/pages';

const app = useAppServer({ env: { DEMO: '1' } });

const SET_FIRST_PASSWORD = '/candidat-scolaire/mot-de-passe';

let candidate: Person;
let locked: Person;
let slip: LoginSlip;

test.beforeAll(async ({ playwright }) => {
	const request: APIRequestContext = await playwright.request.newContext();
	const activation = (email: string) => activationLinkFromLog(app, email);
	candidate = await createActivatedAccount(request, app, activation, { firstNames: 'Zoé', birthName: 'Petit' });
	locked = await createActivatedAccount(request, app, activation, { firstNames: 'Noé', birthName: 'Roux' });
	await request.dispose();
	const db = openDatabase(app);
	try {
		db.prepare('UPDATE candidates SET personal_data_locked_at = ? WHERE email_normalized = ?').run(Date.now(), locked.email.toLowerCase());
	} finally {
		db.close();
	}
	[slip] = await seedSchoolCandidates(app);
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

/** Console errors and uncaught exceptions of the page, from now on. */
function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
	page.on('pageerror', (error) => errors.push(error.message));
	return errors;
}

async function expectNoViolation(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(results.violations).toEqual([]);
}

async function logInWithSlip(page: Page) {
	await page.goto(app.url('/candidat-scolaire'));
	await hydrated(page);
	await textbox(page, 'Numéro de candidat').fill(slip.candidateNumber);
	await passwordInput(page, 'Code du papillon (ou mot de passe choisi ensuite)').fill(slip.secret);
	await page.getByRole('main').getByRole('button', { name: 'Me connecter' }).click();
	await expect(page).toHaveURL(app.url(SET_FIRST_PASSWORD));
}

// Pages addressed by a registration number ({numero}) need a registration: the registration suite,
// which creates one, opens them. Every other page of the candidate space is here.
const pages = candidatePages().filter((url) => !url.includes('{'));

test('the candidate space has pages, among them those of this issue', () => {
	expect(pages).toEqual(expect.arrayContaining([SET_FIRST_PASSWORD, '/espace-candidat', '/modifier-mon-compte']));
});

for (const url of pages) {
	test(`${url}: with a session, no accessibility violation (axe, WCAG 2.1 A and AA), no console error`, async ({ page }) => {
		const errors = collectErrors(page);
		// The first-password page is the school candidate's, before the password is chosen.
		if (url === SET_FIRST_PASSWORD) await logInWithSlip(page);
		else {
			await logIn(page, app, candidate.email, candidate.password);
			await expect(page).toHaveURL(app.url('/espace-candidat'));
		}
		await page.goto(app.url(url));
		await expect(page).toHaveURL(app.url(url));
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
		await expectNoViolation(page);
		expect(errors).toEqual([]);
	});
}

test('/modifier-mon-compte with the personal data locked: no accessibility violation, no console error', async ({ page }) => {
	const errors = collectErrors(page);
	await logIn(page, app, locked.email, locked.password);
	await expect(page).toHaveURL(app.url('/espace-candidat'));
	await page.goto(app.url('/modifier-mon-compte'));
	await expect(textbox(page, 'Nom de naissance')).toBeDisabled();
	await expectNoViolation(page);
	expect(errors).toEqual([]);
});

test('« Créer mon compte » after a failed submit, with its errors shown: no accessibility violation, no console error', async ({
	page,
	request
}) => {
	const errors = collectErrors(page);
	await page.goto(app.url('/creer-mon-compte'));
	await hydrated(page);
	// Sent empty: every required field shows its error.
	await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(textbox(page, 'Nom de naissance')).toHaveAttribute('aria-invalid', 'true');
	await expect(textbox(page, 'Adresse mail')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('[aria-invalid="true"]')).not.toHaveCount(0);
	await expectNoViolation(page);

	// Refused by the server: the address is taken, with the guide's explanation.
	const first = person();
	expect((await postForm(request, app, '/creer-mon-compte', createAccountForm(first))).status()).toBe(200);
	await page.reload();
	await hydrated(page);
	await fillCreateAccountForm(page, person({ email: first.email }));
	await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByText('Cette adresse mail existe déjà dans l’application.', { exact: true })).toBeVisible();
	await expect(page.getByText('Explications possibles')).toBeVisible();
	await expectNoViolation(page);
	expect(errors).toEqual([]);
});
