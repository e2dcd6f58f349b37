// Opening a manager session after the password (and the second factor when on): a new token each
// time (no fixation), and a next page inside /admin only.
import type { RequestEvent } from '@sveltejs/kit';
import { safeNext } from '../auth/guard';
import { getConfig } from '../config';
import { getDb } from '../db';
import { isAdminPath } from '../hooks/manager-area';
import { createManagerSession, setManagerCookie, type ManagerSession } from './sessions';

export function openManagerSession(event: Pick<RequestEvent, 'cookies'>, managerId: string, pendingSecondFactor: boolean, now: Date): void {
	const config = getConfig();
	const { token, session } = createManagerSession(getDb(), managerId, pendingSecondFactor, now, config);
	setManagerCookie(event.cookies, config.origin, token, session.expiresAt);
}

export function replaceManagerCookie(event: Pick<RequestEvent, 'cookies'>, created: { token: string; session: ManagerSession }): void {
	setManagerCookie(event.cookies, getConfig().origin, created.token, created.session.expiresAt);
}

/** Where to go after logging in: the page asked for, if it is an admin page of this site. */
export function adminNext(suite: string | null): string {
	const next = safeNext(suite, getConfig().origin, '/admin');
	return isAdminPath(new URL(next, 'http://x').pathname) ? next : '/admin';
}
