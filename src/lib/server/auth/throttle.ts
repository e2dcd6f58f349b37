// Throttling (SPEC A9). Per account: a schedule kept in the database (it must survive a restart
// and hold across instances). Per client address: in-memory sliding windows, which DESIGN allows
// to stay per process.
import type { Rate, ThrottleConfig } from '../config';

/**
 * When the next login attempt on an account is allowed: after `loginFreeFailures` consecutive
 * failures, wait `loginFirstDelayMs`, doubling at each further failure up to `loginMaxDelayMs`.
 * Never a permanent lock.
 */
export function nextLoginAllowedAt(
	failures: { count: number; lastAt: Date | null },
	config: Pick<ThrottleConfig, 'loginFreeFailures' | 'loginFirstDelayMs' | 'loginMaxDelayMs'>
): Date | null {
	if (failures.count < config.loginFreeFailures || !failures.lastAt) return null;
	const doublings = Math.min(failures.count - config.loginFreeFailures, 30);
	const delay = Math.min(config.loginFirstDelayMs * 2 ** doublings, config.loginMaxDelayMs);
	return new Date(failures.lastAt.getTime() + delay);
}

export interface Verdict {
	allowed: boolean;
	/** When refused: seconds until a new attempt may succeed. */
	retryAfterSeconds: number;
}

/** The refusal of an attempt made before `retryAt`. */
export function refusedUntil(retryAt: Date, now: Date): Verdict {
	return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) };
}

/** At most `limit` events per key in any `windowMs`. */
export class SlidingWindowLimiter {
	private readonly events = new Map<string, number[]>();

	constructor(private readonly rate: Rate) {}

	private recent(key: string, now: number): number[] {
		const since = now - this.rate.windowMs;
		const kept = (this.events.get(key) ?? []).filter((at) => at > since);
		if (kept.length === 0) this.events.delete(key);
		else this.events.set(key, kept);
		return kept;
	}

	check(key: string, now: Date): Verdict {
		const recent = this.recent(key, now.getTime());
		if (recent.length < this.rate.limit) return { allowed: true, retryAfterSeconds: 0 };
		const freedAt = recent[recent.length - this.rate.limit] + this.rate.windowMs;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000)) };
	}

	consume(key: string, now: Date): void {
		const recent = this.recent(key, now.getTime());
		recent.push(now.getTime());
		this.events.set(key, recent);
	}

	/** check() then consume() when allowed. */
	take(key: string, now: Date): Verdict {
		const verdict = this.check(key, now);
		if (verdict.allowed) this.consume(key, now);
		return verdict;
	}
}

/** « Réessayez dans 3 minutes. » */
export function retryMessage(seconds: number): string {
	if (seconds < 60) return `Réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
	const hours = Math.ceil(minutes / 60);
	return `Réessayez dans ${hours} heure${hours > 1 ? 's' : ''}.`;
}
