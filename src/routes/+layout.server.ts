import { getConfig } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	demo: getConfig().demo,
	user: locals.user
		? { displayName: `${locals.user.firstNames} ${locals.user.usageName || locals.user.birthName}`, candidateId: locals.user.candidateId }
		: null
});
