import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as api from '$lib/server/http/json-api';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

/** « Enregistrer »: creates the registration once per Idempotency-Key (DESIGN §3). */
export const POST: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, { idempotencyKey: true });
	if (write instanceof Response) return write;
	return api.answerWith(
		registrations.submitRegistration(getDb(), write.candidateId, write.idempotencyKey, write.body, { now: new Date(), config: getConfig() })
	);
};
