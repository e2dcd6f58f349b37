// « Me connecter » as its action answers, on the in-memory database: what a stranger sees tells
// nothing about whether an account exists (SPEC A9).
import { isRedirect } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { createTestDb } from '$lib/server/db/test-helpers';
import * as accounts from '$lib/server/accounts';
import { createActivatedCandidate, LEA, LEA_PASSWORD } from '$lib/server/accounts/test-fixtures';
import { getConfig } from '$lib/server/config';

let db: Db;
vi.mock('$lib/server/db', async (original) => ({ ...(await original<typeof import('$lib/server/db')>()), getDb: () => db }));
const { actions, load } = await import('./+page.server');

beforeEach(async () => {
	// One instant for the whole test: the delays the answers name are then exact.
	vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-29T10:00:00Z') });
	db = createTestDb();
	await createActivatedCandidate(db, { now: new Date(), config: getConfig() }, 'lea@example.org');
	await accounts.createAccount(db, { ...LEA, email: 'tom@example.org', password: LEA_PASSWORD }, { now: new Date(), config: getConfig() });
});
afterEach(() => vi.useRealTimers());

let nextAddress = 0;
/** Posts « Me connecter », each time from another client address (the per-address limit is not the subject). */
async function logIn(email: string, password: string) {
	const headers: Record<string, string> = {};
	const url = new URL('http://localhost/me-connecter');
	const event = {
		url,
		request: new Request(url, { method: 'POST', body: new URLSearchParams({ email, password }) }),
		locals: { user: null, session: null },
		cookies: { set: () => {} },
		getClientAddress: () => `10.9.${++nextAddress >> 8}.${nextAddress & 255}`,
		setHeaders: (set: Record<string, string>) => Object.assign(headers, set)
	};
	const result = (await actions.default(event as never)) as { status: number; data: { form: { message?: { text: string } } } };
	return { status: result.status, message: result.data.form.message?.text, retryAfter: headers['Retry-After'] };
}

describe('A9: « Me connecter » answers a stranger the same, account or not', () => {
	it('an unknown address, an account and a not-activated account: same statuses, messages and Retry-After', async () => {
		const answers = async (email: string) => {
			const seen = [];
			for (let attempt = 1; attempt <= 7; attempt++) seen.push(await logIn(email, `Mauvais ${attempt}!`));
			return seen;
		};
		const known = await answers('lea@example.org');
		expect(known.slice(0, 5)).toEqual(
			Array(5).fill({ status: 400, message: 'Adresse mail ou mot de passe incorrect.', retryAfter: undefined })
		);
		expect(known.slice(5)).toEqual(
			Array(2).fill({ status: 429, message: 'Trop de tentatives. Réessayez dans 1 minute.', retryAfter: '60' })
		);
		expect(await answers('personne@example.org')).toEqual(known);
		expect(await answers('tom@example.org')).toEqual(known);
	});
});

/** Where the browser goes after a successful login posted to `/me-connecter?<query>`. */
async function landingAfterLogin(query: string): Promise<string> {
	const url = new URL(`http://localhost/me-connecter?${query}`);
	const event = {
		url,
		request: new Request(url, { method: 'POST', body: new URLSearchParams({ email: 'lea@example.org', password: LEA_PASSWORD }) }),
		locals: { user: null, session: null },
		cookies: { set: () => {} },
		getClientAddress: () => `10.8.0.${++nextAddress & 255}`,
		setHeaders: () => {}
	};
	try {
		await actions.default(event as never);
	} catch (thrown) {
		if (isRedirect(thrown)) return `${thrown.status} ${thrown.location}`;
		throw thrown;
	}
	throw new Error('the login did not redirect');
}

describe('N4, S1: after logging in again, the page the session expired on opens', () => {
	it('the form of the return address (`suite`), with its query', async () => {
		expect(await landingAfterLogin('suite=%2Finscription%2FBCP%2F2027%2F08&session=expiree')).toBe('303 /inscription/BCP/2027/08');
		expect(await landingAfterLogin(`suite=${encodeURIComponent('/mes-inscriptions/2708000012X/modifier?x=1')}`)).toBe(
			'303 /mes-inscriptions/2708000012X/modifier?x=1'
		);
		expect(await landingAfterLogin('')).toBe('303 /espace-candidat');
	});

	it('never another site', async () => {
		for (const suite of [
			'//evil.example',
			'https://evil.example/inscription',
			'/\\evil.example',
			'/%2F%2Fevil.example',
			'javascript:alert(1)'
		]) {
			expect(await landingAfterLogin(`suite=${encodeURIComponent(suite)}`), suite).toBe('303 /espace-candidat');
		}
	});

	it('says the session expired and the work waits on the device', async () => {
		const shown = (query: string) =>
			load({ locals: { user: null, session: null }, url: new URL(`http://localhost/me-connecter?${query}`) } as never) as Promise<{
				sessionExpired: boolean;
			}>;
		expect((await shown('suite=%2Finscription&session=expiree')).sessionExpired).toBe(true);
		expect((await shown('suite=%2Finscription')).sessionExpired).toBe(false);
	});
});
