import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { currentConfirmationData } from '$lib/server/documents/confirmation-access';
import type { PageServerLoad } from './$types';

/** The confirmation as an accessible HTML page (RGAA asks for an alternative to a PDF). */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const confirmation = currentConfirmationData(user.candidateId, event.params.numero, new Date());
	if (!confirmation) error(404, 'Inscription introuvable');
	return { confirmation };
};
