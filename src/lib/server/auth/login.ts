// Opening a session after a successful login: a new token every time (no fixation).
import type { RequestEvent } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb } from '../db';
import { createSession, setSessionCookie } from './session';

export function openCandidateSession(event: Pick<RequestEvent, 'cookies'>, candidateId: string, now: Date): void {
	const config = getConfig();
	const { token, session } = createSession(getDb(), candidateId, 'candidate', now, config);
	setSessionCookie(event.cookies, config.origin, token, session.expiresAt);
}
