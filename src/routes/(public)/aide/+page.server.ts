import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import type { PageServerLoad } from './$types';

/**
 * « J’ai besoin d’aide » (SPEC P2): the guide's answers, for anyone; with the exam office's
 * confirmed contact when a signed-in candidate has a registration (SPEC M2: never a placeholder).
 */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) return { examOffice: null, signedIn: false };
	return { examOffice: registrations.latestExamOffice(getDb(), locals.user.candidateId), signedIn: true };
};
