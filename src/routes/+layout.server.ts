import { getConfig } from '$lib/server/config';
import { isAdminPath } from '$lib/server/hooks/manager-area';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	demo: getConfig().demo,
	// The admin area shows no candidate, even when this browser also holds a candidate session.
	user:
		locals.user && !isAdminPath(url.pathname)
			? { displayName: `${locals.user.firstNames} ${locals.user.usageName || locals.user.birthName}`, candidateId: locals.user.candidateId }
			: null
});
