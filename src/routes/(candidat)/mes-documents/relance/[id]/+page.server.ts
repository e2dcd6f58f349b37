import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { readCandidateReminder } from '$lib/server/documents/reminder';
import type { PageServerLoad } from './$types';

/** The accessible HTML version of a « Relance de pièces justificatives » (SPEC M5, D1, D3): its owner only. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const reminder = /^[a-z0-9]{24}$/.test(event.params.id) ? readCandidateReminder(getDb(), user.candidateId, event.params.id) : null;
	if (!reminder) error(404, 'Document introuvable');
	return { id: reminder.id, version: reminder.version, createdAt: reminder.createdAt.toISOString(), reminder: reminder.data };
};
