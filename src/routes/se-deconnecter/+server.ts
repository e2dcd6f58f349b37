import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** « Se déconnecter »: the session ends on the server, not only in the browser. */
export const POST: RequestHandler = ({ locals, cookies }) => {
	if (locals.session) invalidateSession(getDb(), locals.session.id);
	deleteSessionCookie(cookies, getConfig().origin);
	redirect(303, '/me-connecter?deconnecte');
};

export const GET: RequestHandler = () => redirect(303, '/');
