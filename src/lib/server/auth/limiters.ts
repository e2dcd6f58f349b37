// The per-address limiters of this process (SPEC A9), built from the configuration once.
import { getConfig } from '../config';
import { SlidingWindowLimiter } from './throttle';

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
