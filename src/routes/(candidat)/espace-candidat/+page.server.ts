import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const now = new Date();
	// After its window closes a registration stays here, read-only, until its session's year ends,
	// so it never seems to vanish (« Mes inscriptions » lists only those still open).
	const thisYear = Number(new Intl.DateTimeFormat('fr-FR', { year: 'numeric', timeZone: 'Europe/Paris' }).format(now));
	return {
		firstNames: user.firstNames,
		registrations: registrations
			.listRegistrations(getDb(), user.candidateId, now)
			.filter((entry) => entry.open || entry.sessionYear >= thisYear)
	};
};
