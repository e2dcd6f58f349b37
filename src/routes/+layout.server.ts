import { getConfig } from '$lib/server/config';
import { isAdminPath } from '$lib/server/hooks/manager-area';
import { sessionExpiry } from '$lib/domain/session-expiry';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	demo: getConfig().demo,
	// The admin area shows no candidate, even when this browser also holds a candidate session.
	user:
		locals.user && !isAdminPath(url.pathname)
			? { displayName: `${locals.user.firstNames} ${locals.user.usageName || locals.user.birthName}`, candidateId: locals.user.candidateId }
			: null,
	// When the candidate's session ends (SPEC N4): a page with a form open warns two minutes before.
	sessionExpiry:
		locals.user && locals.session?.audience === 'candidate' && !isAdminPath(url.pathname)
			? sessionExpiry(locals.session.expiresAt, new Date())
			: null
});
