import { redirect } from '@sveltejs/kit';
import { requireManager } from '$lib/server/managers/scope';
import type { PageServerLoad } from './$types';

/** The admin area opens on the candidatures, the page managers use all day. */
export const load: PageServerLoad = (event) => {
	requireManager(event);
	redirect(303, '/admin/candidatures');
};
