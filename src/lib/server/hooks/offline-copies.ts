import type { Handle } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { keptAnswers } from '../../domain/kept-answers';

/**
 * Tells the service worker which answers it may keep for offline use (SPEC O2), and for whom
 * (SPEC S2: nothing of a candidate stays readable on the device once their session is over).
 * - Rendered for a signed-in candidate (any page, its data, the documents they may read offline):
 *   only in that candidate's own cache on the device, named by CANDIDATE_CACHE_HEADER, and only
 *   until the session ends (SESSION_EXPIRES_HEADER). Their supporting documents (identity scans)
 *   are never kept. A page rendered for nobody tells the worker that nobody is signed in any more.
 * - Rendered for nobody in particular (no session): a page or a page's data that its route did not
 *   mark no-store may go to the device's shared cache. Kit marks every data answer
 *   `private, no-store` because it cannot know; here it is known, so such an answer gets `no-cache`
 *   (kept, always revalidated online), like the page's HTML. A route that sets its own
 *   Cache-Control (the pages opened by a mailed link) is left as it is, so never kept.
 */
export const CANDIDATE_CACHE_HEADER = 'X-Portail-Candidate';

export const SESSION_EXPIRES_HEADER = 'X-Portail-Session-Expires';

/** Files that a candidate may read offline: published documents and the confirmation. */
const KEPT_FILE_ROUTES = new Set(['/(candidat)/documents/[id]', '/(candidat)/mes-inscriptions/[numero]/confirmation-pdf']);

/** Kit's Cache-Control of every `__data.json` answer, unless the route set its own. */
const KIT_DATA_CACHE_CONTROL = 'private, no-store';

/** Kept per candidate (a SHA-256 in JavaScript on every signed-in answer was 1 % of a page's CPU). */
export function candidateCacheKey(candidateId: string): string {
	return cacheKeys(candidateId, () => encodeHexLowerCase(sha256(new TextEncoder().encode(`cache:${candidateId}`))).slice(0, 24));
}

const cacheKeys = keptAnswers<string>(10_000);

export const offlineCopies: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.request.method !== 'GET' || response.status !== 200) return response;
	const { user, session } = event.locals;
	const isPage = event.isDataRequest || !!response.headers.get('Content-Type')?.startsWith('text/html');
	if (user && session) {
		if (isPage || KEPT_FILE_ROUTES.has(event.route.id ?? '')) {
			response.headers.set(CANDIDATE_CACHE_HEADER, candidateCacheKey(user.candidateId));
			response.headers.set(SESSION_EXPIRES_HEADER, session.expiresAt.toISOString());
		}
	} else if (event.isDataRequest && response.headers.get('Cache-Control') === KIT_DATA_CACHE_CONTROL) {
		response.headers.set('Cache-Control', 'no-cache');
	}
	return response;
};
