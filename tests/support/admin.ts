// Shared steps of the admin view's tests (SPEC M1): managers written straight into the server's
// database (the CLI has its own test), and logging in through « Espace gestionnaire ».
import path from 'node:path';
import { expect, request as newRequest, type APIRequestContext, type Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/index';
import { createManager } from '../../src/lib/server/managers/accounts';
import type { ManagerRole } from '../../src/lib/domain/manager';
import type { AppServer } from './app-server';
import { activationLinkFromLog, createActivatedAccount, passwordInput, postForm, uniqueEmail, type Person } from './accounts';

export interface TestManager {
	email: string;
	password: string;
	role: ManagerRole;
	academyCodes: string[];
}

export const GRENOBLE = '08';
export const LYON = '10';
export const RENNES = '14';

/** A manager of these académies (or an administrator with `role: 'administrator'`), with a password. */
export async function addManager(
	app: AppServer,
	options: { role?: ManagerRole; academyCodes?: string[]; label?: string } = {}
): Promise<TestManager> {
	const manager: TestManager = {
		email: uniqueEmail(options.label ?? 'gestionnaire'),
		password: 'Une phrase de passe assez longue',
		role: options.role ?? 'manager',
		academyCodes: options.role === 'administrator' ? [] : (options.academyCodes ?? [GRENOBLE])
	};
	const db = openDatabase(path.join(app.dataDir, 'portail.sqlite'));
	try {
		const result = await createManager(db, { ...manager }, new Date());
		if (result.status !== 'created') throw new Error(`manager not created: ${result.status}`);
	} finally {
		db.$client.close();
	}
	return manager;
}

/** Logs in through /admin/connexion with the password (no second factor on). */
export async function logInAsManager(page: Page, app: AppServer, manager: Pick<TestManager, 'email' | 'password'>): Promise<void> {
	await page.goto(app.url('/admin/connexion'));
	await page.getByLabel('Adresse mail professionnelle').fill(manager.email);
	await passwordInput(page, 'Mot de passe').fill(manager.password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('navigation', { name: 'Menu gestionnaire' })).toBeVisible();
}

/** Bac pro 2027, commerce option A, individual: a registration the demonstration windows (DEMO=1) accept. */
export const SAMPLE_CONTENT = {
	choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] as string[] },
	situation: { category: 'individual', lastDiploma: 'cap', lastDiplomaYear: '2022', currentActivity: 'employed', trainingOrganisation: '' },
	priorResults: { keptMarks: [] as unknown[], diploma: { held: false, name: '', level: '', year: '' }, declined: [] as string[] },
	accommodations: { applied: 'no' }
};

let registrations = 0;

/**
 * A new activated candidate who registers for the bac pro 2027 in this académie through the JSON
 * API (the wizard has its own suites); the candidate's request context stays signed in.
 */
export async function registerWithApi(
	app: AppServer,
	academyCode: string,
	firstNames: string,
	overrides: Partial<Person> = {},
	/** Where the activation link is read: the server's log by default, or the test's mailbox. */
	activationLink: (email: string) => Promise<string> = (email) => activationLinkFromLog(app, email)
): Promise<{ person: Person; candidate: APIRequestContext; registrationNumber: string; candidateNumber: string }> {
	const setup = await newRequest.newContext();
	const person = await createActivatedAccount(setup, app, activationLink, { firstNames, ...overrides });
	await setup.dispose();
	const candidate = await newRequest.newContext();
	expect((await postForm(candidate, app, '/me-connecter', { email: person.email, password: person.password })).status()).toBe(303);
	registrations += 1;
	const created = await candidate.post(app.url('/api/inscriptions'), {
		headers: {
			'content-type': 'application/json',
			origin: app.origin,
			'idempotency-key': `admin-${Date.now()}-${registrations}-0000000000`
		},
		data: { examDomainCode: 'BCP', sessionYear: 2027, academyCode, content: SAMPLE_CONTENT }
	});
	expect(created.status(), await created.text()).toBe(201);
	const { registrationNumber, candidateNumber } = (await created.json()) as { registrationNumber: string; candidateNumber: string };
	// Its confirmation is made by a queued job just after: wait for it, so that nothing changes later.
	await expect
		.poll(
			() => {
				const db = openDatabase(path.join(app.dataDir, 'portail.sqlite'));
				try {
					return db.$client.prepare('SELECT count(*) AS n FROM queued_jobs WHERE done_at IS NULL').get() as { n: number };
				} finally {
					db.$client.close();
				}
			},
			{ timeout: 20_000 }
		)
		.toEqual({ n: 0 });
	return { person, candidate, registrationNumber, candidateNumber };
}
