// The per-address and per-mailbox limiters (SPEC A9), built from the configuration once. Their
// counters are in the database: every server process (WORKERS) counts the same events.
import type { RequestEvent } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb, type Db } from '../db';
import { SharedWindowLimiter, throttleKeyFor, type WindowLimiter } from './throttle';

export type LimitedAction = 'login' | 'signup' | 'activationResend' | 'passwordReset' | 'emailMail';

let limiters: { db: Db; byAction: Record<LimitedAction, WindowLimiter> } | undefined;

export function limiter(action: LimitedAction): WindowLimiter {
	const db = getDb();
	// Built again when the database changes (a test's own database).
	if (limiters?.db !== db) {
		const { throttle } = getConfig();
		limiters = {
			db,
			byAction: {
				login: new SharedWindowLimiter(db.$client, 'login', throttle.addressLogins),
				signup: new SharedWindowLimiter(db.$client, 'signup', throttle.addressSignups),
				activationResend: new SharedWindowLimiter(db.$client, 'activationResend', throttle.addressActivationResends),
				passwordReset: new SharedWindowLimiter(db.$client, 'passwordReset', throttle.addressPasswordResets),
				emailMail: new SharedWindowLimiter(db.$client, 'emailMail', throttle.emailMails)
			}
		};
	}
	return limiters.byAction[action];
}

/** The requester as the per-address limits count it: its IPv4 address, or its IPv6 /64. */
export function clientKey(event: Pick<RequestEvent, 'getClientAddress'>): string {
	return throttleKeyFor(event.getClientAddress());
}
