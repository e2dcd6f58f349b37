import { describe, expect, it } from 'vitest';
import type { Session, SessionUser } from '../auth/session';
import { getConfig } from '../config';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, readCandidateWrite, readIfMatch, readJsonBody, requireCandidate } from './json-api';

const ENDPOINT = 'http://localhost/api/inscriptions';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const user: SessionUser = { candidateId: 'c1', firstNames: 'Léa', birthName: 'Martin', usageName: '', mustSetPassword: false };
const session: Session = { id: 's1', audience: 'candidate', expiresAt: new Date(), absoluteExpiresAt: new Date() };

function put(body: BodyInit | null, headers: Record<string, string> = JSON_TYPE): Request {
	return new Request(ENDPOINT, { method: 'PUT', headers, body });
}

/** A refusal as the browser reads it: status, French message, never stored. */
async function expectRefusal(answer: unknown, status: number, message: RegExp) {
	expect(answer).toBeInstanceOf(Response);
	const response = answer as Response;
	expect(response.status).toBe(status);
	expect(response.headers.get('Cache-Control')).toBe('no-store');
	const body = await response.json();
	expect(body).toEqual({ ok: false, code: expect.any(String), message: expect.stringMatching(message) });
	expect(body.message).not.toContain("'");
}

describe('S3: malformed JSON gets 400 in French', () => {
	it.each([['{'], ['{"a":1}x'], [''], ['undefined'], ["{'a':1}"]])('%j', async (text) => {
		await expectRefusal(await readJsonBody(put(text)), 400, /^La demande est illisible/);
	});

	it('bytes that are not UTF-8 are refused, not decoded into replacement characters', async () => {
		const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
		await expectRefusal(await readJsonBody(put(bytes)), 400, /^La demande est illisible/);
	});

	it(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused before anything walks it`, async () => {
		const hostile = '['.repeat(20_000) + ']'.repeat(20_000);
		await expectRefusal(await readJsonBody(put(hostile)), 400, /^La demande est illisible/);
		const deepest = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
		expect(await readJsonBody(put(deepest))).toEqual({ body: JSON.parse(deepest) });
	});

	it('well-formed JSON is read, accents included', async () => {
		expect(await readJsonBody(put(JSON.stringify({ ville: 'Évry-Courcouronnes' })))).toEqual({ body: { ville: 'Évry-Courcouronnes' } });
		expect(await readJsonBody(put('null', { 'Content-Type': 'application/json; charset=UTF-8' }))).toEqual({ body: null });
	});
});

describe('S3: a body that is not JSON gets 415', () => {
	it.each([
		['text/plain', { 'Content-Type': 'text/plain;charset=UTF-8' }],
		['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }],
		['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }],
		['no type', {}],
		['a look-alike', { 'Content-Type': 'application/jsonp' }]
	])('%s', async (_, headers) => {
		const request = put('{"a":1}', headers);
		await expectRefusal(await readJsonBody(request), 415, /^La demande n’est pas au format attendu \(JSON\)/);
		expect(request.bodyUsed).toBe(false);
	});
});

describe('S3: an oversized body gets 413, counted in bytes', () => {
	it('multi-byte characters count for their bytes: under the limit in characters, over it in bytes', async () => {
		const text = JSON.stringify('é'.repeat(MAX_BODY_BYTES / 2));
		expect(text.length).toBeLessThan(MAX_BODY_BYTES);
		expect(new TextEncoder().encode(text).byteLength).toBeGreaterThan(MAX_BODY_BYTES);
		await expectRefusal(await readJsonBody(put(text)), 413, /^La demande est trop volumineuse\.$/);
	});

	it('exactly the limit in bytes is read', async () => {
		const text = JSON.stringify('é'.repeat(MAX_BODY_BYTES / 2 - 1));
		expect(new TextEncoder().encode(text).byteLength).toBe(MAX_BODY_BYTES);
		expect(await readJsonBody(put(text))).toEqual({ body: 'é'.repeat(MAX_BODY_BYTES / 2 - 1) });
	});

	it('a declared Content-Length over the limit is refused before a byte is read', async () => {
		const request = put('{}', { ...JSON_TYPE, 'Content-Length': String(MAX_BODY_BYTES + 1) });
		await expectRefusal(await readJsonBody(request), 413, /^La demande est trop volumineuse\.$/);
		expect(request.bodyUsed).toBe(false);
	});

	it('a Content-Length that lies low does not let a larger body through: reading stops at the limit', async () => {
		let sent = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				sent += 1024;
				controller.enqueue(new TextEncoder().encode('['.padEnd(1024, ' ')));
				if (sent > 10 * MAX_BODY_BYTES) controller.close();
			}
		});
		const request = new Request(ENDPOINT, {
			method: 'PUT',
			headers: { ...JSON_TYPE, 'Content-Length': '2' },
			body: endless,
			duplex: 'half'
		} as RequestInit);
		await expectRefusal(await readJsonBody(request), 413, /^La demande est trop volumineuse\.$/);
		expect(sent).toBeLessThan(2 * MAX_BODY_BYTES);
	});

	it('a smaller limit may be asked for', async () => {
		await expectRefusal(await readJsonBody(put('"12345"'), 5), 413, /^La demande est trop volumineuse\.$/);
	});
});

describe('S3: If-Match names the version a write starts from', () => {
	it.each([
		['"3"', 3],
		['W/"3"', 3],
		['3', 3],
		[' "12" ', 12],
		['"0"', 0]
	])('%s → %d', (header, version) => {
		expect(readIfMatch(put(null, { 'If-Match': header }))).toBe(version);
	});

	it.each([[undefined], [''], ['*'], ['"abc"'], ['"1'], ['"1", "2"'], ['"-1"'], ['"1.5"'], ['"9999999999999999999999"']])(
		'%j → 428',
		async (header) => {
			await expectRefusal(
				readIfMatch(put(null, header === undefined ? {} : { 'If-Match': header })),
				428,
				/^La version de départ de la modification manque/
			);
		}
	);
});

describe('S3: the candidate asking, then the headers, then the body', () => {
	it('no session, or not a candidate’s: 401 in French', async () => {
		await expectRefusal(requireCandidate({ user: null, session: null }), 401, /^Votre session a expiré/);
		await expectRefusal(requireCandidate({ user, session: { ...session, audience: 'manager' } }), 401, /^Votre session a expiré/);
		expect(requireCandidate({ user, session })).toBe('c1');
	});

	it('without a session nothing else is looked at', async () => {
		const request = put('{', {});
		await expectRefusal(
			await readCandidateWrite({ request, locals: { user: null, session: null } }, { idempotencyKey: true, ifMatch: true }),
			401,
			/^Votre session a expiré/
		);
		expect(request.bodyUsed).toBe(false);
	});

	it('a missing Idempotency-Key is 400 and a missing If-Match 428, before the body is read', async () => {
		const locals = { user, session };
		const noKey = put('{}', { ...JSON_TYPE, 'If-Match': '"1"' });
		await expectRefusal(await readCandidateWrite({ request: noKey, locals }, { idempotencyKey: true }), 400, /^La demande est incomplète/);
		expect(noKey.bodyUsed).toBe(false);
		const noVersion = put('{}', { ...JSON_TYPE, 'Idempotency-Key': 'cle-0123456789abcdef' });
		await expectRefusal(
			await readCandidateWrite({ request: noVersion, locals }, { idempotencyKey: true, ifMatch: true }),
			428,
			/^La version de départ/
		);
		expect(noVersion.bodyUsed).toBe(false);
	});

	it('a write from another site’s page is refused (403) before anything else; this site’s, or no Origin at all, go on', async () => {
		const headers = { ...JSON_TYPE, 'Idempotency-Key': 'cle-0123456789abcdef' };
		const elsewhere = put('{"a":1}', { ...headers, Origin: 'http://evil.example' });
		await expectRefusal(
			await readCandidateWrite({ request: elsewhere, locals: { user, session } }, { idempotencyKey: true }),
			403,
			/^Cette demande ne vient pas du Portail candidat/
		);
		const anonymousElsewhere = put('{"a":1}', { ...headers, Origin: 'http://evil.example' });
		await expectRefusal(
			await readCandidateWrite({ request: anonymousElsewhere, locals: { user: null, session: null } }, { idempotencyKey: true }),
			403,
			/ne vient pas/
		);
		const here = put('{"a":1}', { ...headers, Origin: getConfig().origin });
		expect(await readCandidateWrite({ request: here, locals: { user, session } }, { idempotencyKey: true })).toMatchObject({
			body: { a: 1 }
		});
	});

	it('a complete write gives who, the key, the version and the body', async () => {
		const request = put('{"a":1}', { ...JSON_TYPE, 'Idempotency-Key': 'cle-0123456789abcdef', 'If-Match': '"2"' });
		expect(await readCandidateWrite({ request, locals: { user, session } }, { idempotencyKey: true, ifMatch: true })).toEqual({
			candidateId: 'c1',
			idempotencyKey: 'cle-0123456789abcdef',
			ifMatch: 2,
			body: { a: 1 }
		});
	});
});
