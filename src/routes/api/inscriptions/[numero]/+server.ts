import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as api from '$lib/server/http/json-api';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

/** « Modifier » then « Enregistrer »: If-Match names the version the modification started from. */
export const PUT: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, { idempotencyKey: true, ifMatch: true });
	if (write instanceof Response) return write;
	const request = { key: write.idempotencyKey, ifMatch: write.ifMatch, body: write.body };
	return api.answerWith(
		registrations.modifyRegistration(getDb(), write.candidateId, event.params.numero, request, { now: new Date(), config: getConfig() })
	);
};
