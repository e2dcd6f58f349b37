import { error, fail, redirect } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const found = registrations.getRegistration(getDb(), user.candidateId, event.params.numero, new Date());
	if (!found) error(404, 'Inscription introuvable');
	if (!found.open) redirect(303, `/mes-inscriptions/${event.params.numero}`);
	return { registrationNumber: found.registration.registrationNumber, closesAtText: found.closesAtText };
};

export const actions: Actions = {
	/** « Se désinscrire » (SPEC R11), confirmed: cannot be undone. */
	default: (event) => {
		const { user } = requireCandidate(event);
		const result = registrations.withdrawRegistration(getDb(), user.candidateId, event.params.numero, new Date());
		if (result === 'not-found') error(404, 'Inscription introuvable');
		if (result === 'window-closed')
			return fail(409, { message: 'Le service d’inscription est fermé : il n’est plus possible de se désinscrire.' });
		redirect(303, '/mes-inscriptions?desinscrit');
	}
};
