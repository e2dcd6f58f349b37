import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { loadWizardData } from '$lib/server/registrations/wizard-data';
import { summaryUnits } from '$lib/domain/exemptions';
import { summarySections } from '$lib/domain/registration-summary';
import { TAB_LABELS } from '$lib/domain/registration-tabs';
import type { PageServerLoad } from './$types';

/** A registration in consultation mode (SPEC R9), with « Modifier » and « Se désinscrire » while open (never for a school's, M7). */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const now = new Date();
	const found = registrations.getRegistration(db, user.candidateId, event.params.numero, now);
	// Another candidate's number answers exactly like a number that does not exist.
	if (!found) error(404, 'Inscription introuvable');
	const { registration, stored } = found;
	const wizard = loadWizardData(
		db,
		user.candidateId,
		{ domainCode: registration.examDomainCode, sessionYear: registration.sessionYear, academyCode: registration.academyCode },
		now
	)!;
	const identity = { ...wizard.identity, ...(stored.identity as Record<string, string>) } as Record<string, string>;
	return {
		registrationNumber: registration.registrationNumber,
		candidateNumber: stored.identity.candidateNumber,
		status: registration.status,
		pendingValidation: registration.pendingValidation,
		// SPEC M4: set aside by the exam office, with the reason the candidate sees.
		setAsideReason: registration.setAsideAt ? (registration.setAsideReason ?? '') : null,
		supportingDocumentsLocked: registration.supportingDocumentsLockedAt !== null,
		version: registration.version,
		open: found.open,
		// SPEC M7, A7: made by a school: consulted, never changed nor withdrawn by the pupil.
		schoolMade: found.schoolMade,
		closesAtText: found.closesAtText,
		exam: wizard.exam,
		// The summary as text: the page needs neither the catalogue, nor the rules, nor the labels.
		summaryHeading: TAB_LABELS.summary,
		summary: summarySections(
			stored.content,
			wizard.catalogue,
			identity,
			wizard.exam,
			summaryUnits(wizard.catalogue, stored.content, registration.sessionYear)
		)
	};
};
