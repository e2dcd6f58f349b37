import { describe, expect, it } from 'vitest';
import { CANDIDATE_CACHE_HEADER, candidateCacheKey, offlineCopies } from './offline-copies';

const KIT_DATA = { 'Cache-Control': 'private, no-store' };

/** Runs the hook on a request answered by `answer` (what Kit and the route produced). */
async function copiesOf(options: { method?: string; data?: boolean; user?: { candidateId: string } | null; answer: Response }) {
	const event = {
		request: new Request('http://localhost/ouverture-des-services/__data.json', { method: options.method ?? 'GET' }),
		isDataRequest: options.data ?? true,
		locals: { user: options.user ?? null, session: null }
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
	});

	it('O2: a post, a redirect or an error is never marked to be kept', async () => {
		const posted = await copiesOf({ method: 'POST', answer: new Response('{}', { headers: KIT_DATA }) });
		expect(posted.headers.get('Cache-Control')).toBe('private, no-store');
		const redirected = await copiesOf({ user: { candidateId: 'c-1' }, data: false, answer: new Response(null, { status: 303, headers: { Location: '/' } }) });
		expect(redirected.headers.has(CANDIDATE_CACHE_HEADER)).toBe(false);
		const failed = await copiesOf({ answer: new Response('{}', { status: 500, headers: KIT_DATA }) });
		expect(failed.headers.get('Cache-Control')).toBe('private, no-store');
	});
});
