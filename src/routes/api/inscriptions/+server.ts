import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { answerWith, readRegistrationRequest } from '$lib/server/registrations/http';
import type { RequestHandler } from './$types';

/** « Enregistrer »: creates the registration once per Idempotency-Key (DESIGN §3). */
export const POST: RequestHandler = async ({ request, locals }) => {
	const read = await readRegistrationRequest(request, locals);
	if (read instanceof Response) return read;
	return answerWith(registrations.submitRegistration(getDb(), read.candidateId, read.key, read.body, { now: new Date(), config: getConfig() }));
};
