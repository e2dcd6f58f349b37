// What every JSON write of a registration checks first: who asks, the key, the size, the JSON.
import { json } from '@sveltejs/kit';
import { IDEMPOTENCY_KEY_PATTERN, type SubmissionAnswer } from '../../domain/registration-api';

/** A whole registration is a few kilobytes; anything much larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

export function refuse(status: number, code: Extract<SubmissionAnswer, { ok: false }>['code'], message: string): Response {
	return json({ ok: false, code, message } satisfies SubmissionAnswer, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function answerWith(result: { status: number; body: SubmissionAnswer }): Response {
	return json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}

export async function readRegistrationRequest(request: Request, locals: App.Locals): Promise<Response | { candidateId: string; key: string; body: unknown }> {
	if (!locals.user || locals.session?.audience !== 'candidate') {
		return refuse(401, 'bad-request', 'Votre session a expiré : reconnectez-vous, votre brouillon est conservé sur cet appareil.');
	}
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return refuse(413, 'too-large', 'La demande est trop volumineuse.');
	const key = request.headers.get('Idempotency-Key') ?? '';
	if (!IDEMPOTENCY_KEY_PATTERN.test(key)) return refuse(400, 'bad-request', 'La demande est incomplète : rechargez la page et réessayez.');
	const text = await request.text();
	if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return refuse(413, 'too-large', 'La demande est trop volumineuse.');
	try {
		return { candidateId: locals.user.candidateId, key, body: JSON.parse(text) as unknown };
	} catch {
		return refuse(400, 'bad-request', 'La demande est illisible : rechargez la page et réessayez.');
	}
}
