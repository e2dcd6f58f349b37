import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getDraft, writeDraft } from '$lib/server/registrations/drafts';
import type { RequestHandler } from './$types';

const MAX_BODY_BYTES = 64 * 1024;
const NO_STORE = { 'Cache-Control': 'private, no-store' };

function candidateOf(locals: App.Locals): string | null {
	return locals.user && locals.session?.audience === 'candidate' ? locals.user.candidateId : null;
}

/** The server's copy of the draft of this exam and session, to continue on another device (SPEC O3). */
export const GET: RequestHandler = ({ locals, params }) => {
	const candidateId = candidateOf(locals);
	if (!candidateId) return json({ ok: false, code: 'bad-request', message: 'Session expirée.' }, { status: 401, headers: NO_STORE });
	return json({ ok: true, draft: getDraft(getDb(), candidateId, params.domaine, Number(params.session)) }, { headers: NO_STORE });
};

/** A write names the revision it was based on in If-Match; an older one gets 412 and the server's copy. */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const candidateId = candidateOf(locals);
	if (!candidateId) return json({ ok: false, code: 'bad-request', message: 'Session expirée.' }, { status: 401, headers: NO_STORE });
	const basedOn = /^(?:W\/)?"?(\d+)"?$/.exec(request.headers.get('If-Match') ?? '');
	if (!basedOn) return json({ ok: false, code: 'bad-request', message: 'Révision manquante.' }, { status: 428, headers: NO_STORE });
	const text = await request.text();
	if (text.length > MAX_BODY_BYTES) return json({ ok: false, code: 'bad-request', message: 'Brouillon trop volumineux.' }, { status: 413, headers: NO_STORE });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return json({ ok: false, code: 'bad-request', message: 'Brouillon illisible.' }, { status: 400, headers: NO_STORE });
	}
	const result = writeDraft(getDb(), candidateId, params.domaine, Number(params.session), { basedOn: Number(basedOn[1]), body }, new Date());
	return json(result.body, { status: result.status, headers: NO_STORE });
};
