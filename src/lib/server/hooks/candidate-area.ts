import { redirect, type Handle } from '@sveltejs/kit';
import { refuse } from '../http/json-api';

export const SET_FIRST_PASSWORD_ROUTE = '/(candidat)/candidat-scolaire/mot-de-passe';

/**
 * The candidate's space (route group `(candidat)`) needs a session; a school candidate who has not
 * chosen a password yet goes to that page first, and the JSON API (`/api/*`, outside the group)
 * refuses them until then. Every load, action and endpoint checks the session again.
 */
export const candidateArea: Handle = async ({ event, resolve }) => {
	if (event.route.id?.startsWith('/(candidat)')) {
		const user = event.locals.user;
		if (!user) redirect(303, `/me-connecter?suite=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		if (user.mustSetPassword && event.route.id !== SET_FIRST_PASSWORD_ROUTE) redirect(303, '/candidat-scolaire/mot-de-passe');
	}
	if (event.route.id?.startsWith('/api/') && event.locals.user?.mustSetPassword) {
		return refuse(403, 'password-required', 'Choisissez d’abord votre mot de passe : il remplace le code de votre papillon de connexion.');
	}
	return resolve(event);
};
