// The per-address limiters of this process (SPEC A9), built from the configuration once.
import type { RequestEvent } from '@sveltejs/kit';
import { getConfig } from '../config';
import { SlidingWindowLimiter, throttleKeyFor } from './throttle';

export type LimitedAction = 'login' | 'signup' | 'activationResend' | 'passwordReset' | 'emailMail';

let limiters: Record<LimitedAction, SlidingWindowLimiter> | undefined;

export function limiter(action: LimitedAction): SlidingWindowLimiter {
	if (!limiters) {
		const { throttle } = getConfig();
		limiters = {
			login: new SlidingWindowLimiter(throttle.addressLogins),
			signup: new SlidingWindowLimiter(throttle.addressSignups),
			activationResend: new SlidingWindowLimiter(throttle.addressActivationResends),
			passwordReset: new SlidingWindowLimiter(throttle.addressPasswordResets),
			emailMail: new SlidingWindowLimiter(throttle.emailMails)
		};
	}
	return limiters[action];
}

/** The requester as the per-address limits count it: its IPv4 address, or its IPv6 /64. */
export function clientKey(event: Pick<RequestEvent, 'getClientAddress'>): string {
	return throttleKeyFor(event.getClientAddress());
}
