// The session's status for the page that warns before it ends (SPEC N4): reading it is not being
// active, and « Rester connecté » is limited per session.
import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_STATUS_PATH } from '../../domain/session-expiry';
import { SlidingWindowLimiter } from './throttle';

/** The page asks when its session ends: the answer must not push the end further (the hook reads this). */
export function readsSessionStatus(event: Pick<RequestEvent, 'request' | 'url'>): boolean {
	return (event.request.method === 'GET' || event.request.method === 'HEAD') && event.url.pathname === SESSION_STATUS_PATH;
}

/**
 * « Rester connecté » is pressed once per warning, at most every few minutes; far more from one
 * session is a script keeping it alive or hammering the database. Per session, in memory.
 */
export const EXTENSIONS_PER_SESSION = { limit: 30, windowMs: 60 * 60_000 };

let extensions: SlidingWindowLimiter | undefined;

export function extensionLimiter(): SlidingWindowLimiter {
	extensions ??= new SlidingWindowLimiter(EXTENSIONS_PER_SESSION);
	return extensions;
}
