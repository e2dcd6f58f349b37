// « Espace gestionnaire », accounts (SPEC M1): TOTP enrolment and login with a code computed here,
// the operator's CLI with a piped password, candidates and managers kept apart, nothing of /admin
// in the service worker's caches, TOTP required by an administrator, and axe on the account pages.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { totpCodeAt } from '../src/lib/server/managers/totp';
import { useAppServer, type AppServer } from './support/app-server';
import {
	activationLinkFromLog,
	createActivatedAccount,
	fieldError,
	hydrated,
	logIn,
	openDatabase,
	passwordInput,
	textbox,
	uniqueEmail
} from './support/accounts';
import { addManager, logInAsManager, LYON, type TestManager } from './support/admin';

async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(results.violations, `${page.url()}: ${JSON.stringify(results.violations, null, 2)}`).toEqual([]);
}

function menu(page: Page) {
	return page.getByRole('navigation', { name: 'Menu gestionnaire' });
}

/** From anywhere in the admin view to the enrolment page, by links. */
async function openEnrolment(page: Page): Promise<void> {
	await menu(page).getByRole('link', { name: 'Mon compte' }).click();
	await page.getByRole('link', { name: 'Gérer la double authentification' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Double authentification' })).toBeVisible();
}

/** Starts the enrolment and reads the key shown as text, as a person types it into an app. */
async function startEnrolment(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Configurer la double authentification' }).click();
	await expect(page.getByRole('img', { name: 'QR code d’activation de la double authentification' })).toBeVisible();
	const shown = await page.getByText('Ou saisissez cette clé dans l’application').locator('code').innerText();
	expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
	return shown.replace(/\s/g, '');
}

async function finishEnrolment(page: Page, key: string): Promise<string[]> {
	await hydrated(page);
	await textbox(page, 'Code à 6 chiffres').fill(totpCodeAt(key, new Date()));
	await page.getByRole('button', { name: 'Activer la double authentification' }).click();
	const codes = page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem');
	await expect(codes).toHaveCount(8);
	await expect(page.getByText('ils ne seront plus affichés')).toBeVisible();
	return codes.allInnerTexts();
}

async function logOutOfAdmin(page: Page): Promise<void> {
	await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
}

async function submitAdminLogin(page: Page, manager: Pick<TestManager, 'email' | 'password'>): Promise<void> {
	await page.getByLabel('Adresse mail professionnelle').fill(manager.email);
	await passwordInput(page, 'Mot de passe').fill(manager.password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
}

test.describe('accounts', () => {
	const app = useAppServer({ env: { DEMO: '1' } });

	test('M1: a manager enrols TOTP and logs in with a code computed in the test', async ({ page }) => {
		const manager = await addManager(app, { label: 'totp' });
		await logInAsManager(page, app, manager);
		await openEnrolment(page);
		const key = await startEnrolment(page);

		// A wrong code: refused, the message next to the field.
		await hydrated(page);
		const field = textbox(page, 'Code à 6 chiffres');
		await field.fill(totpCodeAt(key, new Date(Date.now() + 3600_000)));
		await page.getByRole('button', { name: 'Activer la double authentification' }).click();
		await expect(fieldError(field)).toContainText('Ce code ne correspond pas');
		await expect(field).toHaveAttribute('aria-invalid', 'true');

		const recoveryCodes = await finishEnrolment(page, key);
		expect(recoveryCodes.every((code) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(code))).toBe(true);
		await expect(page.getByText('La double authentification est activée.').first()).toBeVisible();

		// Log out, then in again: the password, then a code of the app.
		await logOutOfAdmin(page);
		await submitAdminLogin(page, manager);
		await expect(page.getByRole('heading', { name: 'Code de vérification' })).toBeVisible();
		await hydrated(page);
		await textbox(page, 'Code').fill(totpCodeAt(key, new Date(Date.now() + 3600_000)));
		await page.getByRole('button', { name: 'Valider' }).click();
		await expect(fieldError(textbox(page, 'Code'))).toContainText('Code incorrect ou déjà utilisé');
		await expect(menu(page)).toBeHidden();

		// The next time step: later than the one used at enrolment, so never a replay.
		await textbox(page, 'Code').fill(totpCodeAt(key, new Date(Date.now() + 30_000)));
		await page.getByRole('button', { name: 'Valider' }).click();
		await expect(menu(page)).toBeVisible();
		await menu(page).getByRole('link', { name: 'Mon compte' }).click();
		const secondFactor = page.getByRole('region', { name: 'Double authentification' });
		await expect(secondFactor).toContainText('Activée : à chaque connexion');
		await expect(secondFactor).toContainText('Codes de secours restants : 8.');

		// A recovery code, once.
		await logOutOfAdmin(page);
		await submitAdminLogin(page, manager);
		await textbox(page, 'Code').fill(recoveryCodes[0]);
		await page.getByRole('button', { name: 'Valider' }).click();
		await expect(menu(page)).toBeVisible();
	});

	test('M1: the CLI creates a manager from a piped password', async ({ page }) => {
		const email = uniqueEmail('cli');
		const password = 'Phrase de passe transmise par un tube';
		const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/manager.ts', 'create', '--email', email, '--academy', LYON], {
			env: { ...process.env, DATA_DIR: app.dataDir },
			input: `${password}\n`,
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toContain(email);

		await page.goto(app.url('/admin/connexion'));
		await submitAdminLogin(page, { email, password });
		await expect(menu(page)).toBeVisible();
		await expect(page.getByRole('banner')).toContainText(email);
		await expect(page.getByRole('banner')).toContainText('Lyon');
	});

	test('M1: a candidate session never opens /admin and a manager session never opens the candidate space', async ({ page, playwright }) => {
		const request = await playwright.request.newContext();
		const candidate = await createActivatedAccount(request, app, (email) => activationLinkFromLog(app, email));
		await request.dispose();
		await logIn(page, app, candidate.email, candidate.password);
		await expect(page).toHaveURL(/\/espace-candidat/);
		await page.goto(app.url('/admin/candidatures'));
		await expect(page).toHaveURL(/\/admin\/connexion\?suite=/);
		await expect(page.getByRole('heading', { name: 'Connexion à l’espace gestionnaire' })).toBeVisible();

		await page.context().clearCookies();
		const manager = await addManager(app, { label: 'separe' });
		await logInAsManager(page, app, manager);
		await page.goto(app.url('/espace-candidat'));
		await expect(page).toHaveURL(/\/me-connecter/);
	});

	test('M1: the service worker never keeps /admin', async ({ page }) => {
		await page.goto(app.url('/'));
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		const manager = await addManager(app, { role: 'administrator', label: 'sw' });
		await logInAsManager(page, app, manager);
		await menu(page).getByRole('link', { name: 'Gestionnaires' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Gestionnaires' })).toBeVisible();
		await menu(page).getByRole('link', { name: 'Mon compte' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
		await page.reload();
		const cached = await page.evaluate(async () => {
			const urls: string[] = [];
			for (const name of await caches.keys()) {
				for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
			}
			return urls;
		});
		expect(cached.length).toBeGreaterThan(0);
		expect(cached.filter((url) => new URL(url).pathname.startsWith('/admin'))).toEqual([]);
	});

	test('M1: an administrator manages a manager: académies, password, disable and re-enable, all audited', async ({ page }) => {
		const administrator = await addManager(app, { role: 'administrator', label: 'admin-gere' });
		await logInAsManager(page, app, administrator);
		await menu(page).getByRole('link', { name: 'Gestionnaires' }).click();
		await hydrated(page);

		const email = uniqueEmail('nouveau');
		const creation = page.getByRole('region', { name: 'Créer un compte' });
		await creation.getByLabel('Adresse mail professionnelle').fill(email);
		await creation.getByRole('checkbox', { name: 'Lyon' }).check();
		await passwordInput(page, 'Mot de passe initial').fill('court');
		await creation.getByRole('button', { name: 'Créer le compte' }).click();
		await expect(fieldError(passwordInput(page, 'Mot de passe initial'))).toContainText('au moins 12 caractères');
		await passwordInput(page, 'Mot de passe initial').fill('Mot de passe initial assez long');
		await creation.getByRole('button', { name: 'Créer le compte' }).click();
		await expect(page.getByText(`Le compte de ${email} est créé.`)).toBeVisible();
		const row = page.getByRole('table', { name: /Comptes des gestionnaires/ }).getByRole('row', { name: new RegExp(email) });
		await expect(row).toContainText('Lyon');
		await expect(row).toContainText('Actif');

		await row.getByRole('link', { name: email }).click();
		await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible();
		await hydrated(page);
		await page.getByRole('checkbox', { name: 'Grenoble' }).check();
		await page.getByRole('button', { name: 'Enregistrer les académies' }).click();
		await expect(page.getByText('Les académies sont enregistrées.')).toBeVisible();
		await page.getByRole('button', { name: 'Désactiver le compte' }).click();
		await expect(page.getByText('Le compte est désactivé ; ses sessions sont fermées.')).toBeVisible();
		await page.getByRole('button', { name: 'Réactiver le compte' }).click();
		await expect(page.getByText('Le compte est réactivé.')).toBeVisible();
		await passwordInput(page, 'Nouveau mot de passe').fill('Un mot de passe donné par l’administrateur');
		await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
		await expect(page.getByText('Le nouveau mot de passe est enregistré')).toBeVisible();
		const db = openDatabase(app);
		try {
			const events = db
				.prepare(`SELECT actor_type, action FROM audit_events WHERE subject_id = (SELECT id FROM managers WHERE email = ?) ORDER BY id`)
				.all(email);
			expect(events).toEqual(
				['manager.created', 'manager.academies-changed', 'manager.disabled', 'manager.enabled', 'manager.password-reset'].map((action) => ({
					actor_type: 'administrator',
					action
				}))
			);
		} finally {
			db.close();
		}

		// Their own page: no way to disable themselves.
		await menu(page).getByRole('link', { name: 'Gestionnaires' }).click();
		await page.getByRole('link', { name: administrator.email }).click();
		await expect(page.getByText('Vous ne pouvez pas désactiver votre propre compte.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Désactiver le compte' })).toHaveCount(0);

		// The new account logs in with the password the administrator typed.
		await logOutOfAdmin(page);
		await submitAdminLogin(page, { email, password: 'Un mot de passe donné par l’administrateur' });
		await expect(page.getByRole('banner')).toContainText('Grenoble, Lyon');
		// « Gestionnaires » does not exist for a manager.
		await expect(menu(page).getByRole('link', { name: 'Gestionnaires' })).toHaveCount(0);
		const response = await page.goto(app.url('/admin/gestionnaires'));
		expect(response?.status()).toBe(404);
	});

	test('M1: a manager changes their own password; this session goes on', async ({ page }) => {
		const manager = await addManager(app, { label: 'mdp' });
		await logInAsManager(page, app, manager);
		await menu(page).getByRole('link', { name: 'Mon compte' }).click();
		await hydrated(page);
		await passwordInput(page, 'Mot de passe actuel').fill('pas le bon mot de passe');
		await passwordInput(page, 'Nouveau mot de passe').fill('Ma nouvelle phrase de passe');
		await passwordInput(page, 'Confirmation du nouveau mot de passe').fill('Ma nouvelle phrase de passe');
		await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
		await expect(fieldError(passwordInput(page, 'Mot de passe actuel'))).toHaveText('Mot de passe actuel incorrect.');
		await passwordInput(page, 'Mot de passe actuel').fill(manager.password);
		await passwordInput(page, 'Nouveau mot de passe').fill('Ma nouvelle phrase de passe');
		await passwordInput(page, 'Confirmation du nouveau mot de passe').fill('Ma nouvelle phrase de passe');
		await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
		await expect(page.getByText('Votre mot de passe est changé. Vos autres sessions sont fermées.')).toBeVisible();
		await page.reload();
		await expect(menu(page)).toBeVisible();
		await logOutOfAdmin(page);
		await submitAdminLogin(page, { email: manager.email, password: 'Ma nouvelle phrase de passe' });
		await expect(menu(page)).toBeVisible();
	});

	test('M1: axe finds no violation on the account pages', async ({ page }) => {
		test.setTimeout(120_000);
		await page.goto(app.url('/admin/connexion'));
		await expectNoAxeViolations(page);
		const administrator = await addManager(app, { role: 'administrator', label: 'axe' });
		await logInAsManager(page, app, administrator);
		await menu(page).getByRole('link', { name: 'Mon compte' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: 'Gérer la double authentification' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Double authentification' })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: 'Configurer la double authentification' }).click();
		await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
		await expectNoAxeViolations(page);
		await menu(page).getByRole('link', { name: 'Gestionnaires' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Gestionnaires' })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: administrator.email }).click();
		await expect(page.getByRole('heading', { level: 1, name: administrator.email })).toBeVisible();
		await expectNoAxeViolations(page);
	});
});

test.describe('TOTP required for all', () => {
	// Its own server: the setting applies to every manager of the database.
	const app: AppServer = useAppServer({ env: { DEMO: '1' } });

	test('M1: an administrator requires TOTP, a manager without it is sent to enrol', async ({ page, browser }) => {
		const administrator = await addManager(app, { role: 'administrator', label: 'exige' });
		const manager = await addManager(app, { label: 'exige' });
		await logInAsManager(page, app, administrator);
		await menu(page).getByRole('link', { name: 'Gestionnaires' }).click();
		await hydrated(page);
		const required = page.getByRole('checkbox', { name: 'Exiger la double authentification pour tous les gestionnaires' });
		// Not before the administrator has it: they would be sent to enrol at once.
		await required.check();
		await page.getByRole('button', { name: 'Enregistrer ce réglage' }).click();
		await expect(fieldError(required)).toContainText('Activez d’abord la double authentification sur votre propre compte');
		await openEnrolment(page);
		await finishEnrolment(page, await startEnrolment(page));

		await menu(page).getByRole('link', { name: 'Gestionnaires' }).click();
		await hydrated(page);
		await required.check();
		await page.getByRole('button', { name: 'Enregistrer ce réglage' }).click();
		await expect(page.getByText('La double authentification est exigée')).toBeVisible();

		// The manager, in another browser: sent to enrol before any other page.
		const other = await browser.newContext();
		const managerPage = await other.newPage();
		await managerPage.goto(app.url('/admin/connexion'));
		await submitAdminLogin(managerPage, manager);
		await expect(managerPage).toHaveURL(/\/admin\/mon-compte\/double-authentification$/);
		await expect(managerPage.getByText('Un administrateur exige la double authentification')).toBeVisible();
		await managerPage.goto(app.url('/admin/mon-compte'));
		await expect(managerPage).toHaveURL(/\/admin\/mon-compte\/double-authentification$/);
		const key = await startEnrolment(managerPage);
		await finishEnrolment(managerPage, key);
		// Once on, it cannot be turned off while required.
		await managerPage.reload();
		await expect(managerPage.getByText('elle ne peut pas être désactivée')).toBeVisible();
		await expect(managerPage.getByRole('button', { name: 'Désactiver la double authentification' })).toHaveCount(0);
		await menu(managerPage).getByRole('link', { name: 'Mon compte' }).click();
		await expect(managerPage).toHaveURL(/\/admin\/mon-compte$/);
		await other.close();
	});
});
