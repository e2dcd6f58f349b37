// SPEC N4 at /api/session, through the session hook and the real handlers on the in-memory
// database: reading when the session ends does not extend it, « Rester connecté » does (cookie
// included, never past the absolute limit), and every refusal leaves the session as it was.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActivatedCandidate } from '$lib/server/accounts/test-fixtures';
import { eq } from 'drizzle-orm';
import { createSession } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { readConfig, type Config } from '$lib/server/config';
import type { Db } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { createTestDb } from '$lib/server/db/test-helpers';
import { callEndpoint, candidateLocals } from '$lib/server/http/test-helpers';
import { EXTENSIONS_PER_SESSION } from '$lib/server/auth/session-status';

let db: Db;
let config: Config;
vi.mock('$lib/server/db', async (original) => ({ ...(await original<typeof import('$lib/server/db')>()), getDb: () => db }));
vi.mock('$lib/server/config', async (original) => ({
	...(await original<typeof import('$lib/server/config')>()),
	getConfig: () => config
}));
const { session: sessionHook } = await import('$lib/server/hooks/session');
const endpoint = await import('./+server');

const ORIGIN = 'https://candidat.example.org';
const T0 = new Date('2026-11-29T10:00:00Z').getTime();
const MINUTE = 60_000;

let candidateId: string;
let token: string;

function at(ms: number): void {
	vi.setSystemTime(new Date(T0 + ms));
}

beforeEach(async () => {
	vi.useFakeTimers({ toFake: ['Date'], now: new Date(T0) });
	db = createTestDb();
	config = readConfig({ ORIGIN, SESSION_CANDIDATE_IDLE: '10m', SESSION_CANDIDATE_MAX: '1h' });
	candidateId = await createActivatedCandidate(db, { now: new Date(), config });
	token = createSession(db, candidateId, 'candidate', new Date(), config).token;
});
afterEach(() => vi.useRealTimers());

function storedExpiry(sessionToken = token): number | undefined {
	return db
		.select({ expiresAt: sessions.expiresAt })
		.from(sessions)
		.where(eq(sessions.id, hashToken(sessionToken)))
		.get()
		?.expiresAt.getTime();
}

interface Call {
	method?: 'GET' | 'POST';
	path?: string;
	cookie?: string | null;
	body?: string;
	headers?: Record<string, string>;
}

/** A request as the browser sends it, through the session hook then the endpoint. */
async function call({ method = 'GET', path = '/api/session', cookie = token, body, headers = {} }: Call = {}) {
	const written: Array<{ name: string; value?: string; options: { expires?: Date } }> = [];
	const request = new Request(`${ORIGIN}${path}`, {
		method,
		body: method === 'POST' ? (body ?? '{"prolonger":true}') : undefined,
		headers: method === 'POST' ? { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers } : headers
	});
	const event = {
		request,
		url: new URL(request.url),
		locals: {} as App.Locals,
		params: {},
		route: { id: '/api/session' },
		getClientAddress: () => '192.0.2.1',
		setHeaders: () => undefined,
		cookies: {
			get: (name: string) => (name === '__Host-session' && cookie ? cookie : undefined),
			set: (name: string, value: string, options: object) => void written.push({ name, value, options }),
			delete: (name: string, options: object) => void written.push({ name, options })
		}
	};
	const handler = path === '/api/session' ? (method === 'GET' ? endpoint.GET : endpoint.POST) : () => new Response('ok');
	const response = await sessionHook({ event, resolve: (e: never) => handler(e) } as never);
	const answer = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
	return {
		status: response.status,
		answer,
		written,
		retryAfter: response.headers.get('Retry-After'),
		cache: response.headers.get('Cache-Control')
	};
}

describe('N4: GET /api/session tells when the session ends, without extending it', () => {
	it('answers the end and the server’s time, past half the idle limit, and leaves the end where it was', async () => {
		at(8 * MINUTE);
		const { status, answer, cache } = await call();
		expect(status).toBe(200);
		// Two minutes left: the warning is due now.
		expect(answer).toEqual({
			ok: true,
			expiresAt: new Date(T0 + 10 * MINUTE).toISOString(),
			now: new Date(T0 + 8 * MINUTE).toISOString(),
			warnIn: 0
		});
		expect(cache).toBe('no-store');
		expect(storedExpiry()).toBe(T0 + 10 * MINUTE);
		// Any other request of the page at that time is the candidate being active: it extends.
		await call({ path: '/mes-inscriptions' });
		expect(storedExpiry()).toBe(T0 + 18 * MINUTE);
	});

	it('401 without a session, or once it has ended', async () => {
		expect((await call({ cookie: null })).status).toBe(401);
		at(10 * MINUTE);
		const ended = await call();
		expect(ended.status).toBe(401);
		expect(ended.answer.message).toBe('Votre session a expiré : reconnectez-vous, votre brouillon est conservé sur cet appareil.');
	});
});

describe('N4: POST /api/session (« Rester connecté ») starts the idle limit again', () => {
	it('extends the end to now + the idle limit, in the database and in the cookie', async () => {
		at(8 * MINUTE + 30_000);
		const { status, answer, written } = await call({ method: 'POST' });
		expect(status).toBe(200);
		const end = new Date(T0 + 18 * MINUTE + 30_000);
		// Ten minutes left: the warning is due in eight.
		expect(answer).toEqual({
			ok: true,
			expiresAt: end.toISOString(),
			now: new Date(T0 + 8 * MINUTE + 30_000).toISOString(),
			warnIn: 8 * MINUTE
		});
		expect(storedExpiry()).toBe(end.getTime());
		expect(written.at(-1)).toMatchObject({ name: '__Host-session', value: token, options: { expires: end } });
	});

	it('never past the session’s absolute limit', async () => {
		config = readConfig({ ORIGIN, SESSION_CANDIDATE_IDLE: '10m', SESSION_CANDIDATE_MAX: '15m' });
		token = createSession(db, candidateId, 'candidate', new Date(), config).token;
		at(9 * MINUTE);
		expect((await call({ method: 'POST' })).answer.expiresAt).toBe(new Date(T0 + 15 * MINUTE).toISOString());
		expect(storedExpiry()).toBe(T0 + 15 * MINUTE);
	});

	const refusals: Array<[string, Call, number]> = [
		['without a session', { method: 'POST', cookie: null }, 401],
		['from another site’s page', { method: 'POST', headers: { Origin: 'https://evil.example' } }, 403],
		['not JSON', { method: 'POST', headers: { 'Content-Type': 'text/plain' } }, 415],
		['unreadable JSON', { method: 'POST', body: '{' }, 400],
		['with an empty object', { method: 'POST', body: '{}' }, 400],
		['with anything else in the body', { method: 'POST', body: '{"prolonger":true,"expiresAt":"2099-01-01T00:00:00Z"}' }, 400],
		['with another value', { method: 'POST', body: '{"prolonger":"oui"}' }, 400],
		['with an array', { method: 'POST', body: '[]' }, 400]
	];
	for (const [name, request, status] of refusals) {
		it(`refuses a request ${name} (${status}) and changes nothing`, async () => {
			// Before half the idle limit: the hook's own sliding extension is not in the way.
			at(2 * MINUTE);
			const { status: answered, answer } = await call(request);
			expect(answered).toBe(status);
			expect(answer).toMatchObject({ ok: false });
			expect(typeof answer.message).toBe('string');
			expect(storedExpiry()).toBe(T0 + 10 * MINUTE);
		});
	}

	it('refuses a manager’s session: only a candidate’s page warns', async () => {
		const locals = candidateLocals(candidateId);
		locals.session!.audience = 'manager';
		const request = new Request(`${ORIGIN}/api/session`, {
			method: 'POST',
			body: '{"prolonger":true}',
			headers: { 'Content-Type': 'application/json' }
		});
		expect((await callEndpoint(endpoint.POST, request, { params: {}, locals })).status).toBe(401);
		expect((await callEndpoint(endpoint.GET, new Request(`${ORIGIN}/api/session`), { params: {}, locals })).status).toBe(401);
	});

	it(`answers 429 with Retry-After past ${EXTENSIONS_PER_SESSION.limit} extensions in an hour, per session`, async () => {
		for (let press = 0; press < EXTENSIONS_PER_SESSION.limit; press++) {
			at(press * 1000);
			expect((await call({ method: 'POST' })).status).toBe(200);
		}
		const before = storedExpiry();
		at(EXTENSIONS_PER_SESSION.limit * 1000);
		const refused = await call({ method: 'POST' });
		expect(refused.status).toBe(429);
		expect(refused.retryAfter).toBe(String(3600 - EXTENSIONS_PER_SESSION.limit));
		expect(refused.answer.message).toBe('Trop de demandes. Réessayez dans 1 heure.');
		expect(storedExpiry()).toBe(before);
		// Another session of the same candidate (another device) is counted apart.
		const other = createSession(db, candidateId, 'candidate', new Date(), config).token;
		expect((await call({ method: 'POST', cookie: other })).status).toBe(200);
	});
});
