import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import type { PageServerLoad } from './$types';

/** « Mes inscriptions » (SPEC R9): active registrations whose window is open, and those made by a school (M7), which have none for the pupil. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	return {
		withdrawn: event.url.searchParams.has('desinscrit'),
		registrations: registrations.listRegistrations(getDb(), user.candidateId, new Date()).filter((entry) => entry.open || entry.schoolMade)
	};
};
