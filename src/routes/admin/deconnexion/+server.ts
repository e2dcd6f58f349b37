import { redirect } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { deleteManagerCookie, invalidateManagerSession } from '$lib/server/managers/sessions';
import type { RequestHandler } from './$types';

/** « Se déconnecter »: the session ends on the server, not only in the browser. */
export const POST: RequestHandler = ({ locals, cookies }) => {
	if (locals.managerSession) invalidateManagerSession(getDb(), locals.managerSession.id);
	deleteManagerCookie(cookies, getConfig().origin);
	redirect(303, '/admin/connexion?deconnecte');
};

export const GET: RequestHandler = () => redirect(303, '/admin/connexion');
