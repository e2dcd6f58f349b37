// The session's status for the page that warns before it ends (SPEC N4): reading it is not being
// active, and « Rester connecté » is limited per session.
import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_STATUS_PATH } from '../../domain/session-expiry';
import { getDb, type Db } from '../db';
import { SharedWindowLimiter, type WindowLimiter } from './throttle';

/** The page asks when its session ends: the answer must not push the end further (the hook reads this). */
export function readsSessionStatus(event: Pick<RequestEvent, 'request' | 'url'>): boolean {
	return (event.request.method === 'GET' || event.request.method === 'HEAD') && event.url.pathname === SESSION_STATUS_PATH;
}

/**
 * « Rester connecté » is pressed once per warning, at most every few minutes; far more from one
 * session is a script keeping it alive or hammering the database. Per session, counted in the
 * database (throttle_events, bucket `session-extend`, keyed by the session's id, itself a hash of
 * its token): every server process (WORKERS) counts the same presses.
 */
export const EXTENSIONS_PER_SESSION = { limit: 30, windowMs: 60 * 60_000 };

/** The limit on this database: `take` checks and counts in one immediate transaction. */
export function sessionExtensionLimiter(db: Db): WindowLimiter {
	return new SharedWindowLimiter(db.$client, 'session-extend', EXTENSIONS_PER_SESSION);
}

let extensions: { db: Db; limiter: WindowLimiter } | undefined;

export function extensionLimiter(): WindowLimiter {
	const db = getDb();
	// Built again when the database changes (a test's own database).
	if (extensions?.db !== db) extensions = { db, limiter: sessionExtensionLimiter(db) };
	return extensions.limiter;
}
