import { error, fail, redirect } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { listSupportingDocuments, lockSupportingDocuments } from '$lib/server/documents/supporting';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const listed = listSupportingDocuments(getDb(), user.candidateId, event.params.numero);
	if (!listed) error(404, 'Inscription introuvable');
	return { registrationNumber: listed.registration.registrationNumber, locked: listed.registration.supportingDocumentsLockedAt !== null };
};

export const actions: Actions = {
	/** « Verrouiller mes pièces », confirmed. */
	default: (event) => {
		const { user } = requireCandidate(event);
		const result = lockSupportingDocuments(getDb(), user.candidateId, event.params.numero, new Date());
		if (!result.ok) return fail(409, { message: result.reason });
		redirect(303, `/mes-inscriptions/${event.params.numero}/pieces`);
	}
};
