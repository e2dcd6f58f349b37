import { redirect } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { listChoices, readServicesChoice } from '$lib/server/catalogue/choice';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { examDomainsWithUnits } from '$lib/server/registrations/catalogue';
import type { PageServerLoad } from './$types';

/** « M’inscrire » (SPEC R1): exam, session, académie; the dates show; « Valider » opens the form. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const offered = examDomainsWithUnits(db);
	const choice = readServicesChoice(db, event.url, new Date(), offered);
	if (choice.result) {
		const existing = registrations.findActiveRegistration(db, user.candidateId, choice.result.domainCode, choice.result.sessionYear);
		// Already registered for this exam and session: go to it instead.
		if (existing) redirect(303, `/inscription/${existing.examDomainCode}/${existing.sessionYear}/${existing.academyCode}`);
	}
	return { choices: listChoices(db, offered), ...choice };
};
