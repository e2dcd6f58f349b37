import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { diffContents } from '$lib/domain/registration-diff';
import * as registrations from '$lib/server/registrations';
import { getExamCatalogue } from '$lib/server/registrations/catalogue';
import type { PageServerLoad } from './$types';

const EVENT_LABELS: Record<string, string> = {
	'registration.created': 'Inscription enregistrée',
	'registration.modified': 'Modification enregistrée',
	'registration.withdrawn': 'Désinscription'
};

/** The versions with their dates and what changed between two versions, in French labels (SPEC R10). */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const history = registrations.getRegistrationHistory(db, user.candidateId, event.params.numero);
	if (!history) error(404, 'Inscription introuvable');
	const catalogue = getExamCatalogue(db, history.registration.examDomainCode, history.registration.sessionYear);
	return {
		registrationNumber: history.registration.registrationNumber,
		versions: history.versions.map((version, index) => ({
			version: version.version,
			createdAt: version.createdAt.toISOString(),
			createdBy: version.createdBy,
			changes: index === 0 ? null : diffContents(history.versions[index - 1].stored.content, version.stored.content, catalogue)
		})),
		events: history.events.map((entry) => ({
			occurredAt: entry.occurredAt.toISOString(),
			label: EVENT_LABELS[entry.action] ?? entry.action,
			reason: entry.reason
		}))
	};
};
