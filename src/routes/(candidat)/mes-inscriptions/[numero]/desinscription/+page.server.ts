import { error, fail, redirect } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { SCHOOL_MADE_NOTICE } from '$lib/server/registrations/consultation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const found = registrations.getRegistration(getDb(), user.candidateId, event.params.numero, new Date());
	if (!found) error(404, 'Inscription introuvable');
	// Closed, or made by a school (M7): the registration's page says why.
	if (!found.open) redirect(303, `/mes-inscriptions/${event.params.numero}`);
	return { registrationNumber: found.registration.registrationNumber, closesAtText: found.closesAtText };
};

export const actions: Actions = {
	/** « Se désinscrire » (SPEC R11), confirmed: cannot be undone. */
	default: (event) => {
		const { user } = requireCandidate(event);
		const result = registrations.withdrawRegistration(getDb(), user.candidateId, event.params.numero, new Date(), getConfig());
		if (result === 'not-found') error(404, 'Inscription introuvable');
		// SPEC M7, A7: the school made this registration; only the school (through the exam office) withdraws it.
		if (result === 'school-made') return fail(403, { message: SCHOOL_MADE_NOTICE });
		if (result === 'window-closed')
			return fail(409, { message: 'Le service d’inscription est fermé : il n’est plus possible de se désinscrire.' });
		redirect(303, '/mes-inscriptions?desinscrit');
	}
};
