import { error, redirect } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { DOCUMENT_KIND_LABELS, listCandidateDocuments } from '$lib/server/documents';
import * as registrations from '$lib/server/registrations';
import { loadWizardData } from '$lib/server/registrations/wizard-data';
import type { PageServerLoad } from './$types';

/** « Modifier » (SPEC R9, R10): every tab again, in order, with the saved values. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const now = new Date();
	const found = registrations.getRegistration(db, user.candidateId, event.params.numero, now);
	if (!found) error(404, 'Inscription introuvable');
	if (!found.open) redirect(303, `/mes-inscriptions/${event.params.numero}`);
	const { registration, stored } = found;
	const wizard = loadWizardData(
		db,
		user.candidateId,
		{ domainCode: registration.examDomainCode, sessionYear: registration.sessionYear, academyCode: registration.academyCode },
		now
	)!;
	// R7, D2: what the exam office published for this registration, the latest of each kind (the
	// confirmation has its own line on « N°Inscription »).
	const publishedDocuments = listCandidateDocuments(db, user.candidateId)
		.filter((row) => row.document.registrationId === registration.id && row.document.kind !== 'confirmation')
		.map(({ document }) => ({
			id: document.id,
			label: DOCUMENT_KIND_LABELS[document.kind] + (document.kind === 'other' ? ` : ${document.title}` : ''),
			version: document.version
		}));
	return {
		...wizard,
		publishedDocuments,
		modification: { registrationNumber: registration.registrationNumber, version: registration.version, content: stored.content }
	};
};
