import { redirect, type Handle } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/** Names the candidate's own cache on the device: the service worker keeps their pages there only. */
export const CANDIDATE_CACHE_HEADER = 'X-Portail-Candidate';

export function candidateCacheKey(candidateId: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(`cache:${candidateId}`))).slice(0, 24);
}

export const SET_FIRST_PASSWORD_ROUTE = '/(candidat)/candidat-scolaire/mot-de-passe';

/**
 * The candidate's space (route group `(candidat)`) needs a session; a school candidate who has not
 * chosen a password yet goes to that page first. Every load and action checks again.
 */
export const candidateArea: Handle = async ({ event, resolve }) => {
	if (event.route.id?.startsWith('/(candidat)')) {
		const user = event.locals.user;
		if (!user) redirect(303, `/me-connecter?suite=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		if (user.mustSetPassword && event.route.id !== SET_FIRST_PASSWORD_ROUTE) redirect(303, '/candidat-scolaire/mot-de-passe');
		const response = await resolve(event);
		if (response.ok) response.headers.set(CANDIDATE_CACHE_HEADER, candidateCacheKey(user.candidateId));
		return response;
	}
	return resolve(event);
};
