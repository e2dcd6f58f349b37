import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { listAcademies } from '$lib/server/catalogue';
import type { LayoutServerLoad } from './$types';

/** Who is signed in, for the shell; each page checks role and académie again on its own. */
export const load: LayoutServerLoad = ({ locals }) => {
	const manager = locals.manager && !locals.managerSession?.pendingSecondFactor ? locals.manager : null;
	const academyNames = manager ? new Map(listAcademies(getDb()).map((academy) => [academy.code, academy.name])) : new Map();
	return {
		demo: getConfig().demo,
		manager: manager && {
			email: manager.email,
			role: manager.role,
			academies: manager.academyCodes.map((code) => academyNames.get(code) ?? code)
		}
	};
};
