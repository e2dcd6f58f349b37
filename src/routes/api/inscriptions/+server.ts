import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { commitGrouped } from '$lib/server/db/group-commit';
import * as api from '$lib/server/http/json-api';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

/**
 * « Enregistrer »: creates the registration once per Idempotency-Key (DESIGN §3). Its transaction is
 * committed with those of the submissions that arrive at the same moment (one disk sync for all).
 */
export const POST: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, { idempotencyKey: true });
	if (write instanceof Response) return write;
	const db = getDb();
	const work = registrations.planSubmission(db, write.candidateId, write.idempotencyKey, write.body, {
		now: new Date(),
		config: getConfig()
	});
	return api.answerWith(await commitGrouped(db, work));
};
