// Shared steps of the account tests (SPEC A1–A9): a person's data, the « Créer mon compte » form,
// logging in, school candidates' login slips, and reading the server's database.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect, type APIRequestContext, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { AppServer } from './app-server';

export interface Person {
	civility: 'Madame' | 'Monsieur';
	birthName: string;
	firstNames: string;
	birthDate: string;
	birthPlace: string;
	birthCountry: string;
	nationality: string;
	addressLine1: string;
	postalCode: string;
	city: string;
	country: string;
	phone: string;
	email: string;
	password: string;
}

let counter = 0;

/** An address no other test uses (the servers outlive a single test). */
export function uniqueEmail(label: string): string {
	counter += 1;
	return `${label}.${Date.now().toString(36)}${counter}@exemple.fr`;
}

export function person(overrides: Partial<Person> = {}): Person {
	return {
		civility: 'Madame',
		birthName: 'Martin',
		firstNames: 'Léa Camille',
		birthDate: '2001-04-17',
		birthPlace: 'Valence',
		birthCountry: 'France',
		nationality: 'Française',
		addressLine1: '12 rue des Alpes',
		postalCode: '38000',
		city: 'Grenoble',
		country: 'France',
		phone: '06 12 34 56 78',
		email: uniqueEmail('lea.martin'),
		password: 'Évasion 2027!',
		...overrides
	};
}

const NATIONALITY_CODES: Record<string, string> = {
	Française: 'FR',
	'D’un autre pays de l’Union européenne': 'EU',
	'D’un autre pays': 'OTHER'
};

/** The form fields as the server reads them (name → value). */
export function createAccountForm(p: Person): Record<string, string> {
	return {
		civility: p.civility === 'Madame' ? 'MME' : 'M',
		birthName: p.birthName,
		usageName: '',
		firstNames: p.firstNames,
		birthDate: p.birthDate,
		birthPlace: p.birthPlace,
		birthCountry: p.birthCountry,
		nationality: NATIONALITY_CODES[p.nationality],
		addressLine1: p.addressLine1,
		addressLine2: '',
		postalCode: p.postalCode,
		city: p.city,
		country: p.country,
		phone: p.phone,
		email: p.email,
		password: p.password,
		passwordConfirmation: p.password
	};
}

/** A text field by its visible label (the asterisk of required fields is aria-hidden). */
export function textbox(page: Page, name: string) {
	return page.getByRole('textbox', { name, exact: true });
}

/** A password field (Playwright gives password inputs the textbox role), by its exact label. */
export function passwordInput(page: Page, label: string) {
	return textbox(page, label);
}

/** The error shown in a field's block, just above its input (and first in its accessible description). */
export function fieldError(field: Locator): Locator {
	return field.locator(
		`xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' field ')][1]/p[contains(concat(' ', normalize-space(@class), ' '), ' field-error ')]`
	);
}

/** Fills « Créer mon compte » the way a person does, label by label. */
export async function fillCreateAccountForm(page: Page, p: Person): Promise<void> {
	await page.getByRole('radio', { name: p.civility, exact: true }).check();
	await textbox(page, 'Nom de naissance').fill(p.birthName);
	await textbox(page, 'Prénoms').fill(p.firstNames);
	await page.getByLabel('Date de naissance').fill(p.birthDate);
	await textbox(page, 'Commune de naissance').fill(p.birthPlace);
	await textbox(page, 'Pays de naissance').fill(p.birthCountry);
	await page.getByRole('combobox', { name: 'Nationalité' }).selectOption({ label: p.nationality });
	await textbox(page, 'Adresse').fill(p.addressLine1);
	await textbox(page, 'Code postal').fill(p.postalCode);
	await textbox(page, 'Commune').fill(p.city);
	await textbox(page, 'Pays de résidence').fill(p.country);
	await textbox(page, 'Téléphone').fill(p.phone);
	await textbox(page, 'Adresse mail').fill(p.email);
	await passwordInput(page, 'Mot de passe').fill(p.password);
	await passwordInput(page, 'Confirmation du mot de passe').fill(p.password);
}

/** A same-origin form post, as a browser without JavaScript sends it. It must accept HTML: Kit
 * answers a post that accepts JSON first (Playwright's default Accept takes any type) with JSON. */
export function postForm(
	request: APIRequestContext,
	app: AppServer,
	pathname: string,
	form: Record<string, string>,
	headers: Record<string, string> = {}
) {
	return request.post(app.url(pathname), {
		form,
		headers: { origin: app.origin, accept: 'text/html,application/xhtml+xml', ...headers },
		maxRedirects: 0
	});
}

/** The same post as `use:enhance` sends it: the answer is the action's JSON. */
export function postAction(
	request: APIRequestContext,
	app: AppServer,
	pathname: string,
	form: Record<string, string>,
	headers: Record<string, string> = {}
) {
	return postForm(request, app, pathname, form, { accept: 'application/json', 'x-sveltekit-action': 'true', ...headers });
}

/**
 * Creates an account by posting « Créer mon compte », then opens the « Activer mon compte » link
 * that `activationLink` finds (in a caught mail or in the server's log).
 */
export async function createActivatedAccount(
	request: APIRequestContext,
	app: AppServer,
	activationLink: (email: string) => Promise<string>,
	overrides: Partial<Person> = {},
	headers: Record<string, string> = {}
): Promise<Person> {
	const p = person(overrides);
	const created = await postForm(request, app, '/creer-mon-compte', createAccountForm(p), headers);
	expect(created.status(), await created.text()).toBe(200);
	const link = await activationLink(p.email);
	const activated = await request.get(link);
	expect(await activated.text()).toContain('Votre compte est activé.');
	return p;
}

/** Without SMTP_URL the server logs each mail's links: the activation link of an address. */
export async function activationLinkFromLog(app: AppServer, email: string): Promise<string> {
	const pattern = new RegExp(
		`\\[mail not sent: no SMTP_URL\\] to ${email.replace(/[.+]/g, '\\$&')}: « Activez votre compte candidat » (\\S+)`
	);
	let link: string | undefined;
	await expect.poll(() => (link = pattern.exec(app.output())?.[1])).toBeTruthy();
	return link!;
}

/**
 * Waits until SvelteKit has started on the page (its router sets history.scrollRestoration to
 * 'manual' once the page is hydrated). Only with JavaScript. A radio button checked before
 * hydration is unchecked by it (Svelte's bind:group; text fields and selects keep their input),
 * so forms are filled after this.
 */
export async function hydrated(page: Page): Promise<void> {
	await page.waitForFunction(() => history.scrollRestoration === 'manual');
}

/** « Me connecter » through the page, as a person does. */
export async function logIn(page: Page, app: AppServer, email: string, password: string): Promise<void> {
	await page.goto(app.url('/me-connecter'));
	await hydrated(page);
	await submitLogin(page, email, password);
}

export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
	const main = page.getByRole('main');
	await textbox(page, 'Adresse mail').fill(email);
	await passwordInput(page, 'Mot de passe').fill(password);
	await main.getByRole('button', { name: 'Me connecter' }).click();
}

export async function logOut(page: Page): Promise<void> {
	await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
}

export async function sessionCookie(context: BrowserContext) {
	return (await context.cookies()).find((cookie) => cookie.name === 'session');
}

export interface LoginSlip {
	name: string;
	candidateNumber: string;
	secret: string;
}

/** `scripts/seed.ts --demo-school` on the server's database: three school candidates and their slips. */
export async function seedSchoolCandidates(app: AppServer): Promise<LoginSlip[]> {
	const { stdout } = await promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/seed.ts', '--demo-school'], {
		env: { ...process.env, DATA_DIR: app.dataDir, DEMO: '0' }
	});
	const slips = [...stdout.matchAll(/^(.+) – N° candidat : (\w{10}) – Code : (\w+)$/gm)].map(([, name, candidateNumber, secret]) => ({
		name,
		candidateNumber,
		secret
	}));
	expect(slips, stdout).toHaveLength(3);
	return slips;
}

/** The server's SQLite database (WAL: readable and writable while the server runs). */
export function openDatabase(app: AppServer): Database.Database {
	const db = new Database(path.join(app.dataDir, 'portail.sqlite'));
	db.pragma('busy_timeout = 5000');
	return db;
}
