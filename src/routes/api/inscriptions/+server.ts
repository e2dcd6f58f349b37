import { json } from '@sveltejs/kit';
import { IDEMPOTENCY_KEY_PATTERN, type SubmissionAnswer } from '$lib/domain/registration-api';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

/** A whole registration is a few kilobytes; anything much larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

function refuse(status: number, code: Extract<SubmissionAnswer, { ok: false }>['code'], message: string) {
	return json({ ok: false, code, message } satisfies SubmissionAnswer, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** « Enregistrer »: creates the registration once per Idempotency-Key (DESIGN §3). */
export const POST: RequestHandler = async ({ request, locals }) => {
	if (!locals.user || locals.session?.audience !== 'candidate') {
		return json({ ok: false, code: 'bad-request', message: 'Votre session a expiré : reconnectez-vous, votre brouillon est conservé sur cet appareil.' }, { status: 401 });
	}
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return refuse(413, 'too-large', 'La demande est trop volumineuse.');
	const key = request.headers.get('Idempotency-Key') ?? '';
	if (!IDEMPOTENCY_KEY_PATTERN.test(key)) return refuse(400, 'bad-request', 'La demande est incomplète : rechargez la page et réessayez.');
	const text = await request.text();
	if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return refuse(413, 'too-large', 'La demande est trop volumineuse.');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return refuse(400, 'bad-request', 'La demande est illisible : rechargez la page et réessayez.');
	}
	const result = registrations.submitRegistration(getDb(), locals.user.candidateId, key, body, { now: new Date(), config: getConfig() });
	return json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
};
