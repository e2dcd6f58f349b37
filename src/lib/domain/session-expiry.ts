// When a candidate's session ends, as the server tells the page (SPEC N4), and what the page says
// about it. Pure: used by the server's answers and by the page's warning.

/** The path of the session's status (GET: when it ends, without extending it) and of « Rester connecté » (POST). */
export const SESSION_STATUS_PATH = '/api/session';

/** How long before the idle limit a page with a form open warns. */
export const WARNING_MS = 2 * 60_000;

/**
 * When the session ends, with the server's clock at the time of the answer: the page counts the
 * time left from the difference, so a device whose clock is wrong still warns on time. `warnIn` is
 * how long after `now` the warning is due: the timer every page with a form runs reads it, and
 * needs neither this module nor its rule (issue #17's weight budgets: only the warning brings them).
 */
export interface SessionExpiry {
	expiresAt: string;
	now: string;
	warnIn: number;
}

export function sessionExpiry(expiresAt: Date, now: Date): SessionExpiry {
	return {
		expiresAt: expiresAt.toISOString(),
		now: now.toISOString(),
		warnIn: Math.max(0, expiresAt.getTime() - now.getTime() - WARNING_MS)
	};
}

/** Milliseconds left in the session when the answer was made (never negative). */
export function timeLeft(expiry: Pick<SessionExpiry, 'expiresAt' | 'now'>): number {
	return Math.max(0, Date.parse(expiry.expiresAt) - Date.parse(expiry.now));
}

const plural = (count: number, word: string) => `${count} ${word}${count > 1 ? 's' : ''}`;

/** « 1 minute et 5 secondes », « 2 minutes », « 45 secondes »: the time left as a person reads it. */
export function timeLeftText(ms: number): string {
	const seconds = Math.max(0, Math.ceil(ms / 1000));
	const minutes = Math.floor(seconds / 60);
	const rest = seconds % 60;
	if (minutes === 0) return plural(rest, 'seconde');
	return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} et ${plural(rest, 'seconde')}`;
}

/**
 * « Me connecter », then back to this page (path and query; the server checks it is one of this
 * site's, SPEC S1). `expired` says why the candidate is asked again.
 */
export function loginAddress(page: { pathname: string; search: string }, expired = false): string {
	const suite = encodeURIComponent(page.pathname + page.search);
	return `/me-connecter?suite=${suite}${expired ? '&session=expiree' : ''}`;
}
