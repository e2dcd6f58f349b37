import type { Handle } from '@sveltejs/kit';
import { deleteSessionCookie, sessionCookieName, setSessionCookie, validateSessionToken } from '../auth/session';
import { readsSessionStatus } from '../auth/session-status';
import { getConfig } from '../config';
import { getDb } from '../db';

/** Reads the session cookie; sets locals.user and locals.session (null when absent or expired). */
export const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const config = getConfig();
	const token = event.cookies.get(sessionCookieName(config.origin));
	if (token) {
		const found = validateSessionToken(getDb(), token, new Date(), config, { extend: !readsSessionStatus(event) });
		if (found) {
			event.locals.user = found.user;
			event.locals.session = found.session;
			// The browser keeps the cookie with the expiry it was last given (at sign-in, « Rester
			// connecté » or here): sent again only when that expiry moves, not with every answer.
			if (found.extended) setSessionCookie(event.cookies, config.origin, token, found.session.expiresAt);
		} else {
			deleteSessionCookie(event.cookies, config.origin);
		}
	}
	const response = await resolve(event);
	// A page rendered for someone (their name is in the header) is never stored by a shared cache
	// or by the service worker for another person.
	if (event.locals.user && !response.headers.has('Cache-Control')) {
		response.headers.set('Cache-Control', 'private, no-store');
	}
	return response;
};
