import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { answerWith, readRegistrationRequest, refuse } from '$lib/server/registrations/http';
import type { RequestHandler } from './$types';

/** « Modifier » then « Enregistrer »: If-Match names the version the modification started from. */
export const PUT: RequestHandler = async ({ request, locals, params }) => {
	const read = await readRegistrationRequest(request, locals);
	if (read instanceof Response) return read;
	const ifMatch = /^(?:W\/)?"?(\d+)"?$/.exec(request.headers.get('If-Match') ?? '');
	if (!ifMatch) return refuse(428, 'bad-request', 'La version de départ de la modification manque : rechargez la page.');
	return answerWith(
		registrations.modifyRegistration(getDb(), read.candidateId, params.numero, { key: read.key, ifMatch: Number(ifMatch[1]), body: read.body }, { now: new Date(), config: getConfig() })
	);
};
