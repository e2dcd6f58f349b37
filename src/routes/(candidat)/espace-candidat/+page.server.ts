import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { loadMySpace, mySpaceCards } from '$lib/server/registrations/home';
import type { PageServerLoad } from './$types';

/** « Mon espace » (SPEC N2): each registration and unsaved draft, with what is left to do and by when. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	return {
		firstNames: user.firstNames,
		candidateId: user.candidateId,
		cards: mySpaceCards(loadMySpace(getDb(), user.candidateId, new Date()))
	};
};
