import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { scopedSchoolCandidate, SLIP_STATE_LABELS } from '$lib/server/admin/login-slips';
import { requireManager } from '$lib/server/managers/scope';
import type { PageServerLoad } from './$types';

/** SPEC M7: one school candidate's slip, and « Réémettre le papillon » behind a confirmation. */
export const load: PageServerLoad = (event) => {
	const { manager } = requireManager(event);
	const found = scopedSchoolCandidate(getDb(), manager, event.params.numero);
	// Another académie's pupil answers like a number that does not exist (SPEC M1).
	if (!found) error(404, 'Candidat introuvable');
	return {
		candidateNumber: found.candidateNumber!,
		name: found.name,
		ine: found.ine,
		schoolUai: found.schoolUai,
		registrationNumber: found.registrationNumber,
		state: found.state,
		stateLabel: SLIP_STATE_LABELS[found.state],
		loginSlipIssuedAt: found.loginSlipIssuedAt?.toISOString() ?? null,
		confirmationMissing: event.url.searchParams.has('confirmer')
	};
};
