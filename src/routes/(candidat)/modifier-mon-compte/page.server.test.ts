// The limits of « Modifier mon compte » as its actions apply them, on the in-memory database.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { createTestDb } from '$lib/server/db/test-helpers';
import { createActivatedCandidate, LEA_PASSWORD } from '$lib/server/accounts/test-fixtures';
import { createSession } from '$lib/server/auth/session';
import { getConfig } from '$lib/server/config';
import { candidates } from '$lib/server/db/schema';
import { eq } from 'drizzle-orm';

let db: Db;
vi.mock('$lib/server/db', async (original) => ({ ...(await original<typeof import('$lib/server/db')>()), getDb: () => db }));
const { actions } = await import('./+page.server');

let candidateId: string;
let sessionId: string;
beforeEach(async () => {
	db = createTestDb();
	candidateId = await createActivatedCandidate(db, { now: new Date(), config: getConfig() });
	sessionId = createSession(db, candidateId, 'candidate', new Date(), getConfig()).session.id;
});

let nextAddress = 0;
/** Posts a form as the signed-in candidate; each test gets its own client address unless told. */
async function post(
	action: 'adresse' | 'motDePasse' | 'rappels',
	fields: Record<string, string>,
	clientAddress = `10.0.0.${++nextAddress}`
) {
	const headers: Record<string, string> = {};
	const url = new URL(`http://localhost/modifier-mon-compte?/${action}`);
	const event = {
		url,
		request: new Request(url, { method: 'POST', body: new URLSearchParams(fields) }),
		locals: {
			user: { candidateId, firstNames: 'Léa', birthName: 'Martin', usageName: '', mustSetPassword: false },
			session: {
				id: sessionId,
				audience: 'candidate',
				expiresAt: new Date(Date.now() + 3600_000),
				absoluteExpiresAt: new Date(Date.now() + 3600_000)
			}
		},
		getClientAddress: () => clientAddress,
		setHeaders: (set: Record<string, string>) => Object.assign(headers, set)
	};
	const result = (await actions[action](event as never)) as {
		status?: number;
		data?: { form: { errors: Record<string, string[]>; message?: { text: string } } };
	};
	// A refusal answers `fail(status, { form })`; a success returns the form under its own name (`remindersForm`…).
	type Answered = { errors?: Record<string, string[]>; message?: { text: string } };
	const body = (result.data ?? result) as Record<string, Answered | undefined>;
	const form = body.form ?? Object.values(body).find((value) => typeof value === 'object' && value !== null && 'message' in value);
	return { status: result.status ?? 200, errors: form?.errors ?? {}, message: form?.message?.text, headers };
}

describe('A9: « Modifier mon compte » under the limits', () => {
	it('the current password waits like a login, with the message next to the field', async () => {
		for (let failure = 1; failure <= 5; failure++) {
			const wrong = await post('motDePasse', {
				currentPassword: 'Faux mot 1!',
				password: 'Nouveau mot 2?',
				passwordConfirmation: 'Nouveau mot 2?'
			});
			expect(wrong.errors.currentPassword).toEqual(['Mot de passe actuel incorrect.']);
		}
		const waiting = await post('adresse', { newEmail: 'autre@example.org', currentPassword: LEA_PASSWORD });
		expect(waiting.status).toBe(429);
		expect(waiting.errors.currentPassword).toEqual(['Trop de tentatives. Réessayez dans 1 minute.']);
		expect(Number(waiting.headers['Retry-After'])).toBeGreaterThan(55);
	});

	it('an email change counts against the client address like an account creation', async () => {
		const limit = getConfig().throttle.addressSignups.limit;
		for (let attempt = 1; attempt <= limit; attempt++) {
			const sent = await post('adresse', { newEmail: `essai${attempt}@example.org`, currentPassword: LEA_PASSWORD }, '10.1.0.1');
			expect(sent.status).toBe(200);
		}
		const refused = await post('adresse', { newEmail: 'libre@example.org', currentPassword: LEA_PASSWORD }, '10.1.0.1');
		expect(refused.status).toBe(429);
		expect(refused.message).toMatch(/^Trop de tentatives\. Réessayez dans /);
		expect(refused.headers['Retry-After']).toBeDefined();
	});

	it('mails one address no more than the per-address mail limit, and says so next to the field', async () => {
		const limit = getConfig().throttle.emailMails.limit;
		for (let attempt = 1; attempt <= limit; attempt++) {
			expect((await post('adresse', { newEmail: 'boite@example.org', currentPassword: LEA_PASSWORD })).status).toBe(200);
		}
		const refused = await post('adresse', { newEmail: 'Boite@Example.org', currentPassword: LEA_PASSWORD });
		expect(refused.status).toBe(429);
		expect(refused.errors.newEmail?.[0]).toMatch(/^Trop de mails ont déjà été envoyés à cette adresse\. Réessayez dans /);
		expect(db.$client.prepare("SELECT count(*) AS n FROM mail_outbox WHERE to_address = 'boite@example.org'").get()).toEqual({ n: limit });
	});
});

describe('N3: « Mes rappels » in « Modifier mon compte »', () => {
	const optedOut = () =>
		db.select({ optOut: candidates.remindersOptOut }).from(candidates).where(eq(candidates.id, candidateId)).get()!.optOut;

	it('reminders are on by default; unticked they stop, ticked again they resume, each time said', async () => {
		expect(optedOut()).toBe(false);
		const off = await post('rappels', {});
		expect(off.status).toBe(200);
		expect(off.message).toBe('Vous ne recevrez plus de rappels. Les messages sur vos inscriptions vous restent envoyés.');
		expect(optedOut()).toBe(true);
		const on = await post('rappels', { reminders: 'on' });
		expect(on.message).toBe('Vous recevrez les rappels avant la fermeture du service d’inscription.');
		expect(optedOut()).toBe(false);
	});
});
