// Candidate accounts (SPEC A1–A8) in the browser, with real mail: the server's delivery job
// (SMTP_URL, every 5 s) sends through an SMTP server of the test (tests/support/mail.ts), and the
// tests follow the links a candidate finds in their mailbox. Throttling (A9) has its own file,
// 004-throttling.uat.ts: here the per-address limits are raised so the tests never meet them.
import { expect, test, type Page } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server';
import {
	activationLinkFromLog,
	createAccountForm,
	createActivatedAccount,
	fieldError,
	fillCreateAccountForm,
	hydrated,
	logIn,
	logOut,
	openDatabase,
	passwordInput,
	person,
	postAction,
	postForm,
	seedSchoolCandidates,
	sessionCookie,
	submitLogin,
	textbox,
	uniqueEmail
} from './support/accounts';
import { startMailServer, type MailServer } from './support/mail';

let mail: MailServer;
let app: AppServer;

test.beforeAll(async () => {
	mail = await startMailServer();
	app = await startAppServer({
		env: {
			SMTP_URL: mail.url,
			THROTTLE_ADDRESS_LOGINS: '1000/15m',
			THROTTLE_ADDRESS_SIGNUPS: '1000/1h',
			THROTTLE_ADDRESS_PASSWORD_RESETS: '1000/1h',
			THROTTLE_ADDRESS_ACTIVATION_RESENDS: '1000/1h'
		}
	});
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

test.afterAll(async () => {
	await app?.stop();
	await mail?.stop();
});

const EMAIL_TAKEN = 'Cette adresse mail existe déjà dans l’application.';
const WRONG_LOGIN = 'Adresse mail ou mot de passe incorrect.';

/** The link that follows « <label> : » in a mail's text part. */
function linkAfter(text: string, label: string): string {
	const link = new RegExp(`^${label} : (https?://\\S+)$`, 'm').exec(text)?.[1];
	expect(link, `« ${label} » link in:\n${text}`).toBeTruthy();
	return link!;
}

const activationLinkByMail = async (email: string) =>
	linkAfter((await mail.waitForMail(email, 'Activez votre compte candidat')).text, 'Activer mon compte');

function alert(page: Page) {
	return page.getByRole('main').getByRole('alert');
}

test('A1–A6: create an account, activate it from the mail, log in, log out, reset a forgotten password', async ({ page, browser }) => {
	const candidate = person({ firstNames: 'Inès', birthName: 'Lefèvre' });
	const newPassword = 'Nouveau départ 27!';

	// A1: « Créer mon compte » from the public menu, filled label by label.
	await page.goto(app.url('/'));
	await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Créer mon compte', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Créer mon compte' })).toBeVisible();
	await hydrated(page);
	await fillCreateAccountForm(page, candidate);
	await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();

	// A4: the dialog says the account is about to be created and a mail is on its way.
	const dialog = page.getByRole('dialog', { name: 'Votre compte va être créé' });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText(`Un mail vient d’être envoyé à ${candidate.email}`);
	await expect(dialog).toContainText('« Activer mon compte »');
	await dialog.getByRole('button', { name: 'J’ai compris' }).click();
	await expect(dialog).toBeHidden();

	// A5: not activated yet, no login.
	await logIn(page, app, candidate.email, candidate.password);
	await expect(alert(page)).toContainText('Votre compte n’est pas encore activé');
	await expect(page).toHaveURL(/\/me-connecter$/);

	// A4: the mail, caught by the SMTP server, holds « Activer mon compte » in its text and HTML parts.
	const activation = await mail.waitForMail(candidate.email, 'Activez votre compte candidat');
	expect(activation.toHeader).toContain(candidate.email);
	expect(activation.text).toContain('Bonjour Inès,');
	const activationLink = linkAfter(activation.text, 'Activer mon compte');
	expect(activationLink).toMatch(new RegExp(`^${app.origin}/compte/activer\\?jeton=[a-z0-9]{20,}$`));
	expect(activation.html).toContain(`href="${activationLink}"`);
	expect(activation.html).toMatch(new RegExp(`<a href="${activationLink.replace(/[?]/g, '\\?')}"[^>]*>Activer mon compte</a>`));

	await page.goto(activationLink);
	await expect(page.getByRole('main')).toContainText('Votre compte est activé. Vous pouvez maintenant vous connecter.');
	await expect(page.getByRole('main').getByRole('link', { name: 'Me connecter' })).toBeVisible();
	// The link serves once: a second opening says so (and that the account is active).
	await page.goto(activationLink);
	await expect(page.getByRole('main')).toContainText('Ce lien a déjà servi : votre compte est activé.');
	await expect(page.getByRole('main')).not.toContainText('Votre compte est activé. Vous pouvez');

	// A5: « Me connecter » with the address and the password.
	await page.getByRole('main').getByRole('link', { name: 'Me connecter' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Me connecter' })).toBeVisible();
	await hydrated(page);
	await submitLogin(page, candidate.email, candidate.password);
	await expect(page).toHaveURL(app.url('/espace-candidat'));
	await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();
	const banner = page.getByRole('banner');
	const name = banner.getByText('Inès Lefèvre', { exact: true });
	await expect(name).toBeVisible();
	// « Modifier mon compte » beside the candidate's name.
	await expect(name.locator('xpath=following-sibling::*[1]')).toHaveText('Modifier mon compte');
	await expect(banner.getByRole('link', { name: 'Modifier mon compte' })).toBeVisible();

	// The session cookie opens the candidate space from another browser (the control of the replay below).
	const cookie = (await sessionCookie(page.context()))!;
	expect(cookie).toBeDefined();
	const replay = async () => {
		const context = await browser.newContext();
		await context.addCookies([{ name: 'session', value: cookie.value, url: app.origin }]);
		const other = await context.newPage();
		await other.goto(app.url('/espace-candidat'));
		const url = other.url();
		await context.close();
		return url;
	};
	expect(await replay()).toBe(app.url('/espace-candidat'));

	// « Se déconnecter » ends the session on the server: the old cookie value opens nothing any more.
	await logOut(page);
	await expect(page).toHaveURL(/\/me-connecter\?deconnecte$/);
	expect(await sessionCookie(page.context())).toBeUndefined();
	await expect(banner.getByRole('link', { name: 'Modifier mon compte' })).toHaveCount(0);
	expect(await replay()).toBe(app.url('/me-connecter?suite=%2Fespace-candidat'));

	// A6: « Mot de passe oublié » on the login page.
	await page.getByRole('main').getByRole('link', { name: 'Mot de passe oublié' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
	await hydrated(page);
	const sinceReset = mail.messages.length;
	await textbox(page, 'Adresse mail').fill(candidate.email);
	await page.getByRole('button', { name: 'Recevoir un lien' }).click();
	await expect(page.getByRole('main').getByRole('status')).toContainText(
		'Si un compte correspond à cette adresse, un mail vient d’y être envoyé'
	);
	const reset = await mail.waitForMail(candidate.email, 'Réinitialisation de votre mot de passe', 15_000, sinceReset);
	const resetLink = linkAfter(reset.text, 'Choisir un nouveau mot de passe');
	expect(resetLink).toMatch(new RegExp(`^${app.origin}/mot-de-passe-oublie/nouveau\\?jeton=`));
	expect(reset.html).toContain(`href="${resetLink}"`);

	await page.goto(resetLink);
	await expect(page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' })).toBeVisible();
	await hydrated(page);
	await passwordInput(page, 'Nouveau mot de passe').fill(newPassword);
	await passwordInput(page, 'Confirmation du nouveau mot de passe').fill(newPassword);
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page.getByRole('main').getByRole('status')).toContainText('Votre mot de passe est changé.');
	await page.getByRole('main').getByRole('link', { name: 'Me connecter' }).click();

	// The old password fails, the new one works.
	await submitLogin(page, candidate.email, candidate.password);
	await expect(alert(page)).toHaveText(WRONG_LOGIN);
	await expect(page).toHaveURL(/\/me-connecter$/);
	await submitLogin(page, candidate.email, newPassword);
	await expect(page).toHaveURL(app.url('/espace-candidat'));

	// The reset link serves once.
	await page.goto(resetLink);
	await expect(page.getByRole('main')).toContainText('Ce lien n’est pas valable : il a peut-être déjà servi');
	await expect(passwordInput(page, 'Nouveau mot de passe')).toHaveCount(0);
});

test('A2: an address already used, in another case, is refused next to the email field; nothing else is lost', async ({
	page,
	request
}) => {
	const first = person();
	expect((await postForm(request, app, '/creer-mon-compte', createAccountForm(first))).status()).toBe(200);

	const second = person({
		civility: 'Monsieur',
		birthName: 'Durand',
		firstNames: 'Jean Paul',
		birthDate: '1998-11-03',
		birthPlace: 'Lyon',
		birthCountry: 'France',
		nationality: 'D’un autre pays de l’Union européenne',
		addressLine1: '3 place Grenette',
		postalCode: '38100',
		city: 'Grenoble',
		country: 'France',
		phone: '07 98 76 54 32',
		email: first.email.toUpperCase(),
		password: 'Autre Compte 1!'
	});
	await page.goto(app.url('/creer-mon-compte'));
	await hydrated(page);
	// The guide's hint on the email field.
	await expect(textbox(page, 'Adresse mail')).toHaveAccessibleDescription(
		/une adresse valide que vous relevez régulièrement et qui sera active au moins jusqu’en décembre \d{4}\./
	);
	await fillCreateAccountForm(page, second);
	await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();

	const email = textbox(page, 'Adresse mail');
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	// The exact sentence, next to the field (just above it, in its block) and read with it.
	await expect(fieldError(email)).toHaveText(EMAIL_TAKEN);
	await expect(page.getByText(EMAIL_TAKEN, { exact: true })).toHaveCount(1);
	await expect(email).toHaveAccessibleDescription(new RegExp(`^${EMAIL_TAKEN.replace('.', '\\.')} .*Explications possibles`));
	// The guide's explanation.
	const explanation = page.locator(`#${(await email.getAttribute('aria-describedby'))!.split(' ').at(-1)}`);
	await expect(explanation).toContainText('Explications possibles');
	await expect(explanation).toContainText('vous (ou l’un de vos proches) avez déjà créé un compte avec cette adresse');
	await expect(explanation).toContainText(
		'un candidat (à un autre examen, par exemple) a déjà cette adresse mail : vous devez en utiliser une autre.'
	);
	await expect(explanation.getByRole('link', { name: 'Mot de passe oublié' })).toHaveAttribute('href', '/mot-de-passe-oublie');
	await expect(page.getByRole('dialog')).toHaveCount(0);

	// Everything else entered is kept; the passwords come back empty.
	await expect(page.getByRole('radio', { name: 'Monsieur', exact: true })).toBeChecked();
	await expect(textbox(page, 'Nom de naissance')).toHaveValue('Durand');
	await expect(textbox(page, 'Prénoms')).toHaveValue('Jean Paul');
	await expect(page.getByLabel('Date de naissance')).toHaveValue('1998-11-03');
	await expect(textbox(page, 'Commune de naissance')).toHaveValue('Lyon');
	await expect(textbox(page, 'Pays de naissance')).toHaveValue('France');
	await expect(page.getByRole('combobox', { name: 'Nationalité' })).toHaveValue('EU');
	await expect(textbox(page, 'Adresse')).toHaveValue('3 place Grenette');
	await expect(textbox(page, 'Code postal')).toHaveValue('38100');
	await expect(textbox(page, 'Commune')).toHaveValue('Grenoble');
	await expect(textbox(page, 'Pays de résidence')).toHaveValue('France');
	await expect(textbox(page, 'Téléphone')).toHaveValue('07 98 76 54 32');
	await expect(email).toHaveValue(first.email.toUpperCase());
	await expect(passwordInput(page, 'Mot de passe')).toHaveValue('');
	await expect(passwordInput(page, 'Confirmation du mot de passe')).toHaveValue('');

	// One account for the address.
	const db = openDatabase(app);
	try {
		const rows = db.prepare('SELECT birth_name FROM candidates WHERE email_normalized = ?').all(first.email.toLowerCase());
		expect(rows).toEqual([{ birth_name: 'Martin' }]);
	} finally {
		db.close();
	}
});

test('A3: the password rule is shown before typing and ticked live; a weak password is refused next to its field', async ({ page }) => {
	await page.goto(app.url('/creer-mon-compte'));
	await hydrated(page);
	const password = passwordInput(page, 'Mot de passe');
	const rules = page.locator(`#${(await password.getAttribute('aria-describedby'))!.split(' ').at(-1)}`);
	await expect(rules).toContainText('Le mot de passe doit comporter :');
	const items = rules.getByRole('listitem');
	const LABELS = [
		'Entre 8 et 20 caractères',
		'Au moins une lettre minuscule',
		'Au moins une lettre majuscule',
		'Au moins un caractère spécial (ni lettre ni chiffre ; l’espace en est un)'
	];
	const expectRules = (met: boolean[]) =>
		expect(items).toHaveText(
			LABELS.map(
				(label, i) =>
					new RegExp(`^${met[i] ? '✓' : '○'}\\s*${label.replace(/[()]/g, '\\$&')}${met[i] ? ' : respecté' : ' : pas encore respecté'}$`)
			)
		);

	await expectRules([false, false, false, false]);
	await password.pressSequentially('é'); // an accented letter is a lowercase letter
	await expectRules([false, true, false, false]);
	await password.pressSequentially('TÉ');
	await expectRules([false, true, true, false]);
	await password.pressSequentially('2027');
	await expectRules([false, true, true, false]);
	await password.pressSequentially(' '); // the space is a special character; 8 characters now
	await expectRules([true, true, true, true]);
	await password.fill('Aa!' + 'a'.repeat(17)); // 20 characters
	await expectRules([true, true, true, true]);
	await password.pressSequentially('a'); // 21
	await expectRules([false, true, true, true]);
	await password.fill('Aa!😀😀😀😀😀'); // 8 code points, 13 UTF-16 units
	await expectRules([true, true, true, true]);

	// Sent weak, it is refused next to the field, and no dialog opens.
	await fillCreateAccountForm(page, person({ password: 'motdepasse2027' }));
	await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	await expect(fieldError(password)).toHaveText(
		'Le mot de passe ne respecte pas la règle : au moins une lettre majuscule ; au moins un caractère spécial (ni lettre ni chiffre ; l’espace en est un).'
	);
	await expect(page.getByRole('dialog')).toHaveCount(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('A3: the server refuses a weak password with the French rule, and never sends the password back', async ({ page }) => {
		const weak = 'zorglubmotdepasse';
		const candidate = person({ password: weak });
		await page.goto(app.url('/creer-mon-compte'));
		await fillCreateAccountForm(page, candidate);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(app.url('/creer-mon-compte'))),
			page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click()
		]);
		expect(response.status()).toBe(400);
		const body = await response.text();
		await page.waitForLoadState();

		const password = passwordInput(page, 'Mot de passe');
		await expect(password).toHaveAttribute('aria-invalid', 'true');
		await expect(fieldError(password)).toHaveText(
			'Le mot de passe ne respecte pas la règle : au moins une lettre majuscule ; au moins un caractère spécial (ni lettre ni chiffre ; l’espace en est un).'
		);
		await expect(password).toHaveValue('');
		await expect(passwordInput(page, 'Confirmation du mot de passe')).toHaveValue('');
		// The other fields come back as typed.
		await expect(textbox(page, 'Nom de naissance')).toHaveValue(candidate.birthName);
		await expect(textbox(page, 'Adresse mail')).toHaveValue(candidate.email);
		expect(body).toContain(candidate.email);
		expect(body).not.toContain(weak);
		expect(await page.content()).not.toContain(weak);
	});

	test('A2: without JavaScript too, a taken address shows the sentence and keeps the other fields', async ({ page, request }) => {
		const first = person();
		expect((await postForm(request, app, '/creer-mon-compte', createAccountForm(first))).status()).toBe(200);
		const second = person({ birthName: 'Bernard', email: ` ${first.email.replace(/^./, (c) => c.toUpperCase())}` });
		await page.goto(app.url('/creer-mon-compte'));
		await fillCreateAccountForm(page, second);
		await page.getByRole('main').getByRole('button', { name: 'Créer mon compte' }).click();
		const email = textbox(page, 'Adresse mail');
		await expect(fieldError(email)).toHaveText(EMAIL_TAKEN);
		await expect(page.getByText('Explications possibles')).toBeVisible();
		await expect(textbox(page, 'Nom de naissance')).toHaveValue('Bernard');
		await expect(passwordInput(page, 'Mot de passe')).toHaveValue('');
		expect(await page.content()).not.toContain(second.password);
	});
});

test('A7: a school candidate logs in with the login slip, must choose a password first, then logs in with it', async ({ page }) => {
	const [slip] = await seedSchoolCandidates(app);
	const password = 'Lycée Pro 2027!';

	await page.goto(app.url('/me-connecter'));
	await page.getByRole('main').getByRole('link', { name: 'Je suis candidat scolaire' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Je suis candidat scolaire' })).toBeVisible();
	await hydrated(page);
	const fillSlip = async (number: string, secret: string) => {
		await textbox(page, 'Numéro de candidat').fill(number);
		await passwordInput(page, 'Code du papillon (ou mot de passe choisi ensuite)').fill(secret);
		await page.getByRole('main').getByRole('button', { name: 'Me connecter' }).click();
	};
	// The code as a person may type it from the paper slip: lower case, with a space.
	await fillSlip(slip.candidateNumber.toLowerCase(), `${slip.secret.slice(0, 5).toLowerCase()} ${slip.secret.slice(5)}`);
	await expect(page).toHaveURL(app.url('/candidat-scolaire/mot-de-passe'));
	await expect(page.getByRole('heading', { level: 1, name: 'Choisir mon mot de passe' })).toBeVisible();

	// Every other page of the candidate space sends there first.
	for (const other of ['/espace-candidat', '/modifier-mon-compte']) {
		await page.goto(app.url(other));
		await expect(page).toHaveURL(app.url('/candidat-scolaire/mot-de-passe'));
	}

	// The password follows A3.
	await hydrated(page);
	await passwordInput(page, 'Mot de passe').fill('lycee2027');
	await passwordInput(page, 'Confirmation du mot de passe').fill('lycee2027');
	await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
	await expect(fieldError(passwordInput(page, 'Mot de passe'))).toHaveText(/^Le mot de passe ne respecte pas la règle : /);
	await expect(page).toHaveURL(app.url('/candidat-scolaire/mot-de-passe'));
	await passwordInput(page, 'Mot de passe').fill(password);
	await passwordInput(page, 'Confirmation du mot de passe').fill(password);
	await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
	await expect(page).toHaveURL(app.url('/espace-candidat'));
	await expect(page.getByRole('banner').getByText(slip.name.replace(/^(\S+) (.+)$/, '$1 $2'), { exact: true })).toBeVisible();

	// Then: the number and the new password, at the same page; the slip's code no longer works.
	await logOut(page);
	await page.goto(app.url('/candidat-scolaire'));
	await hydrated(page);
	await fillSlip(slip.candidateNumber, slip.secret);
	await expect(alert(page)).toHaveText('Numéro de candidat ou code incorrect. Vérifiez votre papillon de connexion.');
	await fillSlip(slip.candidateNumber, password);
	await expect(page).toHaveURL(app.url('/espace-candidat'));
	await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();
});

test('A5, A8: the session cookie is httpOnly and SameSite=Lax, new at each login; the candidate space asks to log in first', async ({
	page,
	browser,
	request
}) => {
	const candidate = await createActivatedAccount(request, app, activationLinkByMail);

	// Without a session, each page of the candidate space sends to « Me connecter », then back.
	for (const target of ['/espace-candidat', '/modifier-mon-compte']) {
		const context = await browser.newContext();
		const fresh = await context.newPage();
		await fresh.goto(app.url(target));
		await expect(fresh).toHaveURL(app.url(`/me-connecter?suite=${encodeURIComponent(target)}`));
		await expect(fresh.getByRole('heading', { level: 1, name: 'Me connecter' })).toBeVisible();
		await hydrated(fresh);
		await submitLogin(fresh, candidate.email, candidate.password);
		await expect(fresh).toHaveURL(app.url(target));
		await context.close();
	}

	// The cookie's flags; not Secure on http:// (it is on an https:// origin).
	await logIn(page, app, candidate.email, candidate.password);
	await expect(page).toHaveURL(app.url('/espace-candidat'));
	const first = (await sessionCookie(page.context()))!;
	expect(first).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
	expect(first.value).toMatch(/^[a-z0-9]{32}$/);
	expect(await page.evaluate(() => document.cookie)).not.toContain(first.value);

	// The next login gets a new token.
	await logOut(page);
	await logIn(page, app, candidate.email, candidate.password);
	await expect(page).toHaveURL(app.url('/espace-candidat'));
	const second = (await sessionCookie(page.context()))!;
	expect(second.value).not.toBe(first.value);

	// And the raw Set-Cookie header of a login says the same.
	const login = await postForm(request, app, '/me-connecter', { email: candidate.email, password: candidate.password });
	expect(login.status()).toBe(303);
	const setCookie = login
		.headersArray()
		.find((header) => header.name.toLowerCase() === 'set-cookie' && header.value.startsWith('session='))!.value;
	expect(setCookie).toMatch(/; HttpOnly/i);
	expect(setCookie).toMatch(/; SameSite=Lax/i);
	expect(setCookie).not.toMatch(/; Secure/i);
	expect(setCookie).not.toContain(first.value);
	expect(setCookie).not.toContain(second.value);
});

test('A5: on an https:// origin the session cookie is __Host- prefixed and Secure as well', async ({ request }) => {
	// A second server that believes it is served over HTTPS (behind a TLS proxy); requests come as from that site.
	const secureOrigin = 'https://candidat.example.org';
	const secure = await startAppServer({ env: { ORIGIN: secureOrigin } });
	try {
		const onSecure = { ...secure, origin: secureOrigin };
		const activation = async (email: string) => {
			const link = new URL(await activationLinkFromLog(secure, email));
			expect(link.origin).toBe(secureOrigin);
			return secure.url(link.pathname + link.search);
		};
		const candidate = await createActivatedAccount(request, onSecure, activation);
		const login = await postForm(request, onSecure, '/me-connecter', { email: candidate.email, password: candidate.password });
		expect(login.status()).toBe(303);
		const setCookie = login
			.headersArray()
			.find((header) => header.name.toLowerCase() === 'set-cookie' && header.value.startsWith('__Host-session='))?.value;
		// __Host-: Secure, Path=/ and no Domain, so no other host or path can set or shadow it.
		expect(setCookie).toMatch(/; Secure/i);
		expect(setCookie).toMatch(/; Path=\/(;|$)/i);
		expect(setCookie).not.toMatch(/; Domain=/i);
		expect(setCookie).toMatch(/; HttpOnly/i);
		expect(setCookie).toMatch(/; SameSite=Lax/i);
	} finally {
		await secure.stop();
	}
});

test('A6: « Mot de passe oublié » and « Renvoyer le lien d’activation » answer byte for byte the same for a known and an unknown address', async ({
	request
}) => {
	const known = await createActivatedAccount(request, app, activationLinkByMail);
	const pending = person();
	expect((await postForm(request, app, '/creer-mon-compte', createAccountForm(pending))).status()).toBe(200);
	const unknown = uniqueEmail('inconnu');

	const answer = async (pathname: string, email: string) => {
		const response = await postAction(request, app, pathname, { email });
		expect(response.status()).toBe(200);
		return response.text();
	};

	const since = mail.messages.length;
	const resetKnown = await answer('/mot-de-passe-oublie', known.email);
	const resetUnknown = await answer('/mot-de-passe-oublie', unknown);
	expect(resetKnown).toContain('Si un compte correspond à cette adresse');
	expect(resetUnknown).toBe(resetKnown);

	const resendPending = await answer('/compte/renvoyer-activation', pending.email);
	const resendUnknown = await answer('/compte/renvoyer-activation', unknown);
	expect(resendPending).toContain('Si un compte en attente d’activation correspond à cette adresse');
	expect(resendUnknown).toBe(resendPending);

	// The answers are the same, the mailboxes are not: the known addresses did receive their mail.
	await mail.waitForMail(known.email, 'Réinitialisation de votre mot de passe', 15_000, since);
	await mail.waitForMail(pending.email, 'Activez votre compte candidat', 15_000, since);
	expect(mail.messages.slice(since).filter((message) => message.to.includes(unknown))).toEqual([]);
});

test('A8: « Modifier mon compte »: everything editable before a registration, then only the email and the password', async ({
	page,
	request
}) => {
	const candidate = await createActivatedAccount(request, app, activationLinkByMail, {
		firstNames: 'Hugo',
		birthName: 'Moreau',
		civility: 'Monsieur'
	});
	await logIn(page, app, candidate.email, candidate.password);
	await page.getByRole('banner').getByRole('link', { name: 'Modifier mon compte' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier mon compte' })).toBeVisible();
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Contact du service gestionnaire');

	const identity = page.getByRole('region', { name: 'Mes informations personnelles' });
	const fields = [
		identity.getByRole('radio', { name: 'Monsieur', exact: true }),
		identity.getByRole('radio', { name: 'Madame', exact: true }),
		textbox(page, 'Nom de naissance'),
		textbox(page, 'Nom d’usage (facultatif)'),
		textbox(page, 'Prénoms'),
		page.getByLabel('Date de naissance'),
		textbox(page, 'Commune de naissance'),
		textbox(page, 'Pays de naissance'),
		page.getByRole('combobox', { name: 'Nationalité' }),
		textbox(page, 'Adresse'),
		textbox(page, 'Complément d’adresse (facultatif)'),
		textbox(page, 'Code postal'),
		textbox(page, 'Commune'),
		textbox(page, 'Pays de résidence'),
		textbox(page, 'Téléphone')
	];
	for (const field of fields) await expect(field).toBeEnabled();
	await expect(identity.getByRole('radio', { name: 'Monsieur', exact: true })).toBeChecked();
	await expect(textbox(page, 'Nom de naissance')).toHaveValue('Moreau');

	// Before any registration a change is saved.
	await textbox(page, 'Nom d’usage (facultatif)').fill('Garnier');
	await textbox(page, 'Commune de naissance').fill('Romans-sur-Isère');
	await identity.getByRole('button', { name: 'Enregistrer mes informations' }).click();
	await expect(identity.getByRole('status')).toHaveText('Vos informations personnelles sont enregistrées.');
	await page.reload();
	await expect(textbox(page, 'Commune de naissance')).toHaveValue('Romans-sur-Isère');
	await expect(page.getByRole('banner').getByText('Hugo Garnier', { exact: true })).toBeVisible();

	// The first registration locks the personal data (set here in the database, as a registration would).
	const db = openDatabase(app);
	try {
		const changes = db
			.prepare('UPDATE candidates SET personal_data_locked_at = ? WHERE email_normalized = ?')
			.run(Date.now(), candidate.email.toLowerCase()).changes;
		expect(changes).toBe(1);
	} finally {
		db.close();
	}
	await page.reload();
	await hydrated(page);
	for (const field of fields) await expect(field).toBeDisabled();
	await expect(identity).toContainText(
		'Depuis votre première inscription, ces informations ne sont plus modifiables ici, même après une désinscription.'
	);
	await expect(identity.getByRole('button', { name: 'Enregistrer mes informations' })).toHaveCount(0);
	await expect(textbox(page, 'Commune de naissance')).toHaveValue('Romans-sur-Isère');

	// A forged post is refused on the server, and nothing changes.
	const forged = await postForm(page.request, app, '/modifier-mon-compte?/identite', {
		...createAccountForm(candidate),
		civility: 'MME',
		birthName: 'Faussaire',
		birthPlace: 'Ailleurs'
	});
	expect(forged.status()).toBe(403);
	expect(await forged.text()).toContain('Vos informations personnelles ne sont plus modifiables depuis votre première inscription.');
	const check = openDatabase(app);
	try {
		expect(
			check
				.prepare('SELECT civility, birth_name, usage_name, birth_place FROM candidates WHERE email_normalized = ?')
				.get(candidate.email.toLowerCase())
		).toEqual({
			civility: 'M',
			birth_name: 'Moreau',
			usage_name: 'Garnier',
			birth_place: 'Romans-sur-Isère'
		});
	} finally {
		check.close();
	}

	// The email stays editable: the current password is asked, and the new address gets a confirmation link.
	const addressSection = page.getByRole('region', { name: 'Mon adresse mail' });
	const newEmail = uniqueEmail('hugo.garnier');
	await textbox(page, 'Nouvelle adresse mail').fill(newEmail);
	await addressSection.getByRole('textbox', { name: 'Mot de passe actuel', exact: true }).fill('Pas le bon 1!');
	await addressSection.getByRole('button', { name: 'Changer mon adresse mail' }).click();
	await expect(addressSection.getByText('Mot de passe incorrect.', { exact: true })).toBeVisible();
	const since = mail.messages.length;
	await textbox(page, 'Nouvelle adresse mail').fill(newEmail);
	await addressSection.getByRole('textbox', { name: 'Mot de passe actuel', exact: true }).fill(candidate.password);
	await addressSection.getByRole('button', { name: 'Changer mon adresse mail' }).click();
	await expect(addressSection.getByRole('status')).toContainText(`Un lien de confirmation vient d’être envoyé à ${newEmail}.`);
	const confirmation = await mail.waitForMail(newEmail, 'Confirmez votre nouvelle adresse mail', 15_000, since);
	await page.goto(linkAfter(confirmation.text, 'Confirmer ma nouvelle adresse'));
	await expect(page.getByRole('main')).toContainText('Votre nouvelle adresse mail est confirmée');
	await page.goto(app.url('/modifier-mon-compte'));
	await hydrated(page);
	await expect(addressSection).toContainText(`Adresse actuelle (identifiant du compte) : ${newEmail}`);

	// The password stays editable, with the current password.
	const passwordSection = page.getByRole('region', { name: 'Mon mot de passe' });
	const current = passwordSection.getByRole('textbox', { name: 'Mot de passe actuel', exact: true });
	await expect(current).toBeEnabled();
	const changePassword = async (currentPassword: string, next: string) => {
		await current.fill(currentPassword);
		await passwordInput(page, 'Nouveau mot de passe').fill(next);
		await passwordInput(page, 'Confirmation du nouveau mot de passe').fill(next);
		await passwordSection.getByRole('button', { name: 'Changer mon mot de passe' }).click();
	};
	await changePassword('Pas le bon 1!', 'Encore Mieux 2027!');
	await expect(passwordSection.getByText('Mot de passe actuel incorrect.', { exact: true })).toBeVisible();
	await changePassword(candidate.password, 'Encore Mieux 2027!');
	await expect(passwordSection.getByRole('status')).toHaveText('Votre mot de passe est changé. Vos autres sessions sont fermées.');

	// Both changes hold: the new address and the new password open the account.
	await logOut(page);
	await logIn(page, app, newEmail, 'Encore Mieux 2027!');
	await expect(page).toHaveURL(app.url('/espace-candidat'));
});
