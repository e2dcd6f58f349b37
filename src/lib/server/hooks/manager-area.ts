import { redirect, type Handle } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb } from '../db';
import { deleteManagerCookie, managerCookieName, setManagerCookie, validateManagerSessionToken } from '../managers/sessions';
import { readSetting } from '../managers/settings';

/** Admin pages open without a session: the login and its second step. */
export const ADMIN_LOGIN_ROUTE = '/admin/connexion';
export const ADMIN_SECOND_FACTOR_ROUTE = '/admin/connexion/code';
export const ADMIN_ENROLMENT_ROUTE = '/admin/mon-compte/double-authentification';
export const ADMIN_LOGOUT_ROUTE = '/admin/deconnexion';

export function isAdminPath(pathname: string): boolean {
	return pathname === '/admin' || pathname.startsWith('/admin/');
}

/**
 * « Espace gestionnaire » (SPEC M1): under /admin only, reads the manager cookie (never the
 * candidate's), sends whoever has no full session to the login, a half-done login to its code, and
 * a manager without the second factor an administrator requires to its enrolment. Every load and
 * action checks again (`requireManager`); nothing of /admin is ever stored by a cache.
 */
export const managerArea: Handle = async ({ event, resolve }) => {
	event.locals.manager = null;
	event.locals.managerSession = null;
	if (!isAdminPath(event.url.pathname)) return resolve(event);

	const config = getConfig();
	const db = getDb();
	const token = event.cookies.get(managerCookieName(config.origin));
	if (token) {
		const found = validateManagerSessionToken(db, token, new Date(), config);
		if (found) {
			event.locals.manager = found.manager;
			event.locals.managerSession = found.session;
			setManagerCookie(event.cookies, config.origin, token, found.session.expiresAt);
		} else {
			deleteManagerCookie(event.cookies, config.origin);
		}
	}

	const routeId: string | null = event.route.id;
	const session = event.locals.managerSession;
	const manager = event.locals.manager;
	if (routeId && routeId !== ADMIN_LOGIN_ROUTE && routeId !== ADMIN_LOGOUT_ROUTE) {
		const next = encodeURIComponent(event.url.pathname + event.url.search);
		if (!session) redirect(303, `${ADMIN_LOGIN_ROUTE}?suite=${next}`);
		if (session.pendingSecondFactor) {
			if (routeId !== ADMIN_SECOND_FACTOR_ROUTE) redirect(303, `${ADMIN_SECOND_FACTOR_ROUTE}?suite=${next}`);
		} else if (manager && !manager.totpEnabled && routeId !== ADMIN_ENROLMENT_ROUTE && readSetting(db, 'totp-required')) {
			redirect(303, ADMIN_ENROLMENT_ROUTE);
		}
	}

	const response = await resolve(event);
	response.headers.set('Cache-Control', 'no-store');
	response.headers.set('X-Robots-Tag', 'noindex, nofollow');
	return response;
};
