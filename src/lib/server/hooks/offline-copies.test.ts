import { describe, expect, it } from 'vitest';
import { CANDIDATE_CACHE_HEADER, SESSION_EXPIRES_HEADER, candidateCacheKey, offlineCopies } from './offline-copies';

const KIT_DATA = { 'Cache-Control': 'private, no-store' };

/** Runs the hook on a request answered by `answer` (what Kit and the route produced). */
const SESSION_END = new Date('2027-03-01T12:00:00Z');

async function copiesOf(options: {
	method?: string;
	data?: boolean;
	route?: string;
	user?: { candidateId: string } | null;
	answer: Response;
}) {
	const event = {
		request: new Request('http://localhost/ouverture-des-services/__data.json', { method: options.method ?? 'GET' }),
		isDataRequest: options.data ?? true,
		route: { id: options.route ?? '/(public)/ouverture-des-services' },
		locals: { user: options.user ?? null, session: options.user ? { expiresAt: SESSION_END } : null }
	};
	return offlineCopies({ event, resolve: async () => options.answer } as never);
}

describe('offlineCopies (SPEC O2: what the device may keep)', () => {
	it('O2: the data of a page rendered for nobody in particular may be kept (Kit marks every data answer no-store)', async () => {
		const response = await copiesOf({ answer: new Response('{}', { headers: KIT_DATA }) });
		expect(response.headers.get('Cache-Control')).toBe('no-cache');
		expect(response.headers.has(CANDIDATE_CACHE_HEADER)).toBe(false);
	});

	it('O2: a page that forbids copies (a mailed link with its token) stays so, data included', async () => {
		const response = await copiesOf({ answer: new Response('{}', { headers: { 'Cache-Control': 'no-store' } }) });
		expect(response.headers.get('Cache-Control')).toBe('no-store');
	});

	it('O2: what is rendered for a signed-in candidate is named for their own cache only, on any page', async () => {
		const response = await copiesOf({ user: { candidateId: 'c-1' }, answer: new Response('{}', { headers: KIT_DATA }) });
		expect(response.headers.get(CANDIDATE_CACHE_HEADER)).toBe(candidateCacheKey('c-1'));
		expect(response.headers.get('Cache-Control')).toBe('private, no-store');
		expect(candidateCacheKey('c-1')).not.toBe(candidateCacheKey('c-2'));
		expect(candidateCacheKey('c-1')).not.toContain('c-1');
		const html = await copiesOf({
			user: { candidateId: 'c-1' },
			data: false,
			route: '/(candidat)/mes-inscriptions',
			answer: new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } })
		});
		expect(html.headers.get(CANDIDATE_CACHE_HEADER)).toBe(candidateCacheKey('c-1'));
	});

	it('S2: a candidate’s copies say when their session ends, after which the device no longer serves them', async () => {
		const response = await copiesOf({ user: { candidateId: 'c-1' }, answer: new Response('{}', { headers: KIT_DATA }) });
		expect(response.headers.get(SESSION_EXPIRES_HEADER)).toBe('2027-03-01T12:00:00.000Z');
	});

	it('S2: a published document may be kept for its candidate, an uploaded supporting document (an identity scan) never', async () => {
		const pdf = { 'Content-Type': 'application/pdf', 'Cache-Control': 'private, no-store' };
		const published = await copiesOf({
			user: { candidateId: 'c-1' },
			data: false,
			route: '/(candidat)/documents/[id]',
			answer: new Response('%PDF', { headers: pdf })
		});
		expect(published.headers.get(CANDIDATE_CACHE_HEADER)).toBe(candidateCacheKey('c-1'));
		const scan = await copiesOf({
			user: { candidateId: 'c-1' },
			data: false,
			route: '/(candidat)/mes-inscriptions/[numero]/pieces/[id]',
			answer: new Response('jpeg', { headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' } })
		});
		expect(scan.headers.has(CANDIDATE_CACHE_HEADER)).toBe(false);
		expect(scan.headers.has(SESSION_EXPIRES_HEADER)).toBe(false);
	});

	it('O2: a post, a redirect or an error is never marked to be kept', async () => {
		const posted = await copiesOf({ method: 'POST', answer: new Response('{}', { headers: KIT_DATA }) });
		expect(posted.headers.get('Cache-Control')).toBe('private, no-store');
		const redirected = await copiesOf({
			user: { candidateId: 'c-1' },
			data: false,
			answer: new Response(null, { status: 303, headers: { Location: '/' } })
		});
		expect(redirected.headers.has(CANDIDATE_CACHE_HEADER)).toBe(false);
		const failed = await copiesOf({ answer: new Response('{}', { status: 500, headers: KIT_DATA }) });
		expect(failed.headers.get('Cache-Control')).toBe('private, no-store');
	});
});
