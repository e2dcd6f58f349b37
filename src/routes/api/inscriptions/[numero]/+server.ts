import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { commitGrouped } from '$lib/server/db/group-commit';
import * as api from '$lib/server/http/json-api';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

/**
 * « Modifier » then « Enregistrer »: If-Match names the version the modification started from. Committed
 * with the other writes of the moment (db/group-commit.ts).
 */
export const PUT: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, { idempotencyKey: true, ifMatch: true });
	if (write instanceof Response) return write;
	const request = { key: write.idempotencyKey, ifMatch: write.ifMatch, body: write.body };
	const db = getDb();
	const ctx = { now: new Date(), config: getConfig() };
	return api.answerWith(
		await commitGrouped(db, () => registrations.modifyRegistration(db, write.candidateId, event.params.numero, request, ctx))
	);
};
