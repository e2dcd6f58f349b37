import { redirect } from '@sveltejs/kit';
import { invalidateSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** « Se déconnecter »: the session ends on the server, not only in the browser. */
export const POST: RequestHandler = ({ locals, cookies }) => {
	if (locals.session) invalidateSession(getDb(), locals.session.id);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/me-connecter?deconnecte');
};

export const GET: RequestHandler = () => redirect(303, '/');
