import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { examDomainsWithUnits } from '$lib/server/registrations/catalogue';
import { loadWizardData } from '$lib/server/registrations/wizard-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const now = new Date();
	const exam = { domainCode: event.params.domaine, sessionYear: Number(event.params.session), academyCode: event.params.academie };
	const data = examDomainsWithUnits(db).includes(exam.domainCode) ? loadWizardData(db, user.candidateId, exam, now) : null;
	if (!data) error(404, 'Cet examen n’est pas proposé à l’inscription.');

	const existing = registrations.findActiveRegistration(db, user.candidateId, exam.domainCode, exam.sessionYear);
	const summary = existing ? registrations.getRegistrationSummary(db, user.candidateId, existing.registrationNumber, now) : null;
	return {
		...data,
		catalogue: data.window && !existing ? data.catalogue : null,
		existing: summary
			? {
					registrationNumber: summary.registration.registrationNumber,
					candidateNumber: summary.candidateNumber,
					version: summary.registration.version,
					closesAtText: summary.closesAtText
				}
			: null
	};
};
