import { getDb } from '$lib/server/db';
import { commitGrouped } from '$lib/server/db/group-commit';
import * as api from '$lib/server/http/json-api';
import { getDraft, writeDraft } from '$lib/server/registrations/drafts';
import type { RequestHandler } from './$types';

/** The server's copy of the draft of this exam and session, to continue on another device (SPEC O3). */
export const GET: RequestHandler = ({ locals, params }) => {
	const candidateId = api.requireCandidate(locals);
	if (candidateId instanceof Response) return candidateId;
	return api.answerWith({ status: 200, body: { ok: true, draft: getDraft(getDb(), candidateId, params.domaine, Number(params.session)) } });
};

/**
 * A write names the revision it was based on in If-Match; an older one gets 412 and the server's copy.
 * Committed with the other writes of the moment (db/group-commit.ts): drafts are written often.
 */
export const PUT: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, { ifMatch: true });
	if (write instanceof Response) return write;
	const { domaine, session } = event.params;
	const db = getDb();
	const now = new Date();
	return api.answerWith(
		await commitGrouped(db, () =>
			writeDraft(db, write.candidateId, domaine, Number(session), { basedOn: write.ifMatch, body: write.body }, now)
		)
	);
};
