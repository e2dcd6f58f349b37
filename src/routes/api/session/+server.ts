// The page's session (SPEC N4): when it ends, and « Rester connecté ». Candidates only, each for
// their own session; nothing here is ever cached.
import { z } from 'zod';
import { extendSession, sessionCookieName, setSessionCookie } from '$lib/server/auth/session';
import { extensionLimiter } from '$lib/server/auth/session-status';
import { retryMessage } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as api from '$lib/server/http/json-api';
import { sessionExpiry } from '$lib/domain/session-expiry';
import type { RequestHandler } from './$types';

/** « Rester connecté » says so, and nothing else: there is nothing to choose. */
const extendRequest = z.object({ prolonger: z.literal(true) }).strict();

const UNEXPECTED = 'La demande n’est pas celle attendue : rechargez la page et réessayez.';

/** When this session ends. Reading it does not extend it (the session hook leaves it as it is). */
export const GET: RequestHandler = ({ locals }) => {
	const candidateId = api.requireCandidate(locals);
	if (candidateId instanceof Response) return candidateId;
	return api.answerWith({ status: 200, body: { ok: true, ...sessionExpiry(locals.session!.expiresAt, new Date()) } });
};

/** « Rester connecté »: the idle limit starts again now (never past the session's absolute limit). */
export const POST: RequestHandler = async (event) => {
	const write = await api.readCandidateWrite(event, {});
	if (write instanceof Response) return write;
	if (!extendRequest.safeParse(write.body).success) return api.refuse(400, 'bad-request', UNEXPECTED);

	const session = event.locals.session!;
	const now = new Date();
	// Checked and counted at once, for every server process: two presses cannot both take the last place.
	const verdict = extensionLimiter().take(session.id, now);
	if (!verdict.allowed) {
		const refusal = api.refuse(429, 'throttled', `Trop de demandes. ${retryMessage(verdict.retryAfterSeconds)}`);
		refusal.headers.set('Retry-After', String(verdict.retryAfterSeconds));
		return refusal;
	}

	const config = getConfig();
	const extended = extendSession(getDb(), session, now, config);
	event.locals.session = extended;
	// The browser keeps the cookie until the session's end: that end moved.
	const token = event.cookies.get(sessionCookieName(config.origin));
	if (token) setSessionCookie(event.cookies, config.origin, token, extended.expiresAt);
	return api.answerWith({ status: 200, body: { ok: true, ...sessionExpiry(extended.expiresAt, now) } });
};
