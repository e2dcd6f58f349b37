import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { diffContents } from '$lib/domain/registration-diff';
import { identityChanges, registrationEventLabel } from '$lib/domain/admin-decisions';
import * as registrations from '$lib/server/registrations';
import { getExamCatalogue } from '$lib/server/registrations/catalogue';
import type { PageServerLoad } from './$types';

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
			// SPEC M4: a correction's reason (its audit entry is written with the version, at the same instant).
			reason:
				version.createdBy === 'manager'
					? (history.events.find(
							(entry) => entry.action === 'registration.corrected' && entry.occurredAt.getTime() === version.createdAt.getTime()
						)?.reason ?? null)
					: null,
			changes:
				index === 0
					? null
					: [
							// A correction changes the identity copied into the version, not the content.
							...(version.createdBy === 'manager'
								? identityChanges(
										history.versions[index - 1].stored.identity as unknown as Record<string, unknown>,
										version.stored.identity as unknown as Record<string, unknown>
									)
								: []),
							...diffContents(history.versions[index - 1].stored.content, version.stored.content, catalogue)
						]
		})),
		events: history.events.map((entry) => ({
			occurredAt: entry.occurredAt.toISOString(),
			label: registrationEventLabel(entry.action),
			reason: entry.reason
		}))
	};
};
