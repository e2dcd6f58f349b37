import { getDb } from '$lib/server/db';
import * as api from '$lib/server/http/json-api';
import { getDraft, writeDraft } from '$lib/server/registrations/drafts';
import type { RequestHandler } from './$types';

/** The server's copy of the draft of this exam and session, to continue on another device (SPEC O3). */
export const GET: RequestHandler = ({ locals, params }) => {
	const candidateId = api.requireCandidate(locals);
	if (candidateId instanceof Response) return candidateId;
	return api.answerWith({ status: 200, body: { ok: true, draft: getDraft(getDb(), candidateId, params.domaine, Number(params.session)) } });
};

/** A write names the revision it was based on in If-Match; an older one gets 412 and the server's copy. */
export const PUT: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, { ifMatch: true });
	if (write instanceof Response) return write;
	const { domaine, session } = event.params;
	return api.answerWith(
		writeDraft(getDb(), write.candidateId, domaine, Number(session), { basedOn: write.ifMatch, body: write.body }, new Date())
	);
};
