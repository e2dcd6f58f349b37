// SPEC S3 at the JSON API's three writes, through their real handlers on the in-memory database:
// hostile input is refused in French, never with a server error, and changes nothing.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivatedCandidate } from '$lib/server/accounts/test-fixtures';
import type { Db } from '$lib/server/db';
import { idempotencyKeys, registrationDrafts, registrations } from '$lib/server/db/schema';
import { MAX_BODY_BYTES } from '$lib/server/http/json-api';
import { callEndpoint, candidateLocals } from '$lib/server/http/test-helpers';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '$lib/server/registrations/test-fixtures';
import * as draftEndpoint from './brouillons/[domaine]/[session]/+server';
import * as registrationsEndpoint from './inscriptions/+server';
import * as registrationEndpoint from './inscriptions/[numero]/+server';

let db: Db;
vi.mock('$lib/server/db', async (original) => ({ ...(await original<typeof import('$lib/server/db')>()), getDb: () => db }));

let candidateId: string;
// One database for the file: each refusal must leave it as it was, which every test checks.
beforeAll(async () => {
	// The handlers read the server's clock: Grenoble's window is open at TEST_NOW.
	vi.setSystemTime(TEST_NOW);
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG });
});
afterAll(() => {
	vi.useRealTimers();
});

const DRAFT = { academyCode: '08', registrationNumber: null, baseVersion: null, tab: 'choice', content: submission().content };

interface Write {
	name: string;
	call: (body: BodyInit, headers?: Record<string, string>) => Promise<Response>;
}

function request(method: string, path: string, body: BodyInit, headers: Record<string, string>): Request {
	return new Request(`http://localhost${path}`, { method, body, headers: { 'Content-Type': 'application/json', ...headers } });
}

const WRITES: Write[] = [
	{
		name: 'PUT /api/brouillons/BCP/2027',
		call: (body, headers = {}) =>
			callEndpoint(draftEndpoint.PUT, request('PUT', '/api/brouillons/BCP/2027', body, { 'If-Match': '"0"', ...headers }), {
				params: { domaine: 'BCP', session: '2027' },
				locals: candidateLocals(candidateId)
			})
	},
	{
		name: 'POST /api/inscriptions',
		call: (body, headers = {}) =>
			callEndpoint(
				registrationsEndpoint.POST,
				request('POST', '/api/inscriptions', body, { 'Idempotency-Key': 'cle-s3-0123456789', ...headers }),
				{
					params: {},
					locals: candidateLocals(candidateId)
				}
			)
	},
	{
		name: 'PUT /api/inscriptions/2708000001X',
		call: (body, headers = {}) =>
			callEndpoint(
				registrationEndpoint.PUT,
				request('PUT', '/api/inscriptions/2708000001X', body, { 'Idempotency-Key': 'cle-s3-0123456789', 'If-Match': '"1"', ...headers }),
				{
					params: { numero: '2708000001X' },
					locals: candidateLocals(candidateId)
				}
			)
	}
];

function stored() {
	return [registrations, registrationDrafts, idempotencyKeys].map((table) => db.select({ n: count() }).from(table).get()!.n);
}

const FRENCH = /[àâçéèêîôûœ’]|\b(?:la|le|les|de|est|introuvable|illisible|demande)\b/i;

async function expectRefused(response: Response, statuses: number[]) {
	expect(statuses).toContain(response.status);
	expect(response.headers.get('Cache-Control')).toBe('no-store');
	const answer = (await response.json()) as { ok: boolean; message: string };
	expect(answer.ok).toBe(false);
	expect(answer.message).toMatch(FRENCH);
}

const HOSTILE: Array<[string, BodyInit, Record<string, string>, number[]]> = [
	// These two were a 500: the request's hash recursed once per level (canonical() in idempotency.ts).
	['nested 20 000 levels', '['.repeat(20_000) + ']'.repeat(20_000), {}, [400]],
	[
		'a content nested 5 000 levels',
		`{"examDomainCode":"BCP","sessionYear":2027,"academyCode":"08","content":${'{"choice":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
		{},
		[400]
	],
	['malformed JSON', '{"examDomainCode":', {}, [400]],
	['bytes that are not UTF-8', new Uint8Array([0x22, 0xc3, 0x28, 0x22]), {}, [400]],
	['JSON sent as text/plain', JSON.stringify(submission()), { 'Content-Type': 'text/plain;charset=UTF-8' }, [415]],
	['a form', 'examDomainCode=BCP', { 'Content-Type': 'application/x-www-form-urlencoded' }, [415]],
	[
		'64 kB of « é »: half the limit in characters, over it in bytes',
		JSON.stringify({ ...DRAFT, padding: 'é'.repeat(MAX_BODY_BYTES / 2) }),
		{},
		[413]
	],
	['a declared Content-Length of 7 MB', '{}', { 'Content-Length': String(7 * 1024 * 1024) }, [413]],
	// The modification names no registration of this candidate: 404 once the body is read.
	['a wrong shape', '[{"__proto__":{"admin":true}}]', {}, [400, 404, 422]]
];

describe('S3: the JSON writes refuse hostile input in French, never with a server error, and change nothing', () => {
	for (const write of WRITES) {
		it.each(HOSTILE)(`${write.name}: %s`, async (_, body, headers, statuses) => {
			await expectRefused(await write.call(body, headers), statuses);
			expect(stored()).toEqual([0, 0, 0]);
		});
	}

	it('the address of a draft that names no session finds none, and nothing is written', async () => {
		for (const session of ['2027.5', '-1', '1e400', 'x'.repeat(5_000)]) {
			const put = request('PUT', `/api/brouillons/BCP/${session}`, JSON.stringify(DRAFT), { 'If-Match': '"0"' });
			await expectRefused(
				await callEndpoint(draftEndpoint.PUT, put, { params: { domaine: 'BCP', session }, locals: candidateLocals(candidateId) }),
				[400, 404]
			);
			const get = new Request(`http://localhost/api/brouillons/BCP/${session}`);
			expect(
				await (
					await callEndpoint(draftEndpoint.GET, get, { params: { domaine: 'BCP', session }, locals: candidateLocals(candidateId) })
				).json()
			).toEqual({ ok: true, draft: null });
		}
		expect(stored()).toEqual([0, 0, 0]);
	});

	it('without a session: 401 in French', async () => {
		const get = new Request('http://localhost/api/brouillons/BCP/2027');
		await expectRefused(
			await callEndpoint(draftEndpoint.GET, get, { params: { domaine: 'BCP', session: '2027' }, locals: { user: null, session: null } }),
			[401]
		);
	});

	// Last: it writes.
	it('the same handlers accept a well-formed write', async () => {
		expect((await WRITES[0].call(JSON.stringify(DRAFT))).status).toBe(200);
		expect((await WRITES[1].call(JSON.stringify(submission()))).status).toBe(201);
	});
});
