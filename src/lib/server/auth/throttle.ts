// Throttling (SPEC A9). Per account: a schedule kept in the database (it must survive a restart
// and hold across instances); the same schedule for identifiers without an account, in the
// database too (absent_login_failures). Per client address and per mailbox: sliding windows kept in
// the database (throttle_events). So every server process (WORKERS) counts the same failures and
// events; the in-memory forms remain for counters that may stay per process.
import { isIPv4, isIPv6 } from 'node:net';
import type Database from 'better-sqlite3';
import type { Rate, ThrottleConfig } from '../config';

type Schedule = Pick<ThrottleConfig, 'loginFreeFailures' | 'loginFirstDelayMs' | 'loginMaxDelayMs'>;

/**
 * When the next login attempt on an account is allowed: after `loginFreeFailures` consecutive
 * failures, wait `loginFirstDelayMs`, doubling at each further failure up to `loginMaxDelayMs`.
 * Never a permanent lock.
 */
export function nextLoginAllowedAt(failures: { count: number; lastAt: Date | null }, config: Schedule): Date | null {
	if (failures.count < config.loginFreeFailures || !failures.lastAt) return null;
	const doublings = Math.min(failures.count - config.loginFreeFailures, 30);
	const delay = Math.min(config.loginFirstDelayMs * 2 ** doublings, config.loginMaxDelayMs);
	return new Date(failures.lastAt.getTime() + delay);
}

/**
 * The per-account schedule for identifiers that match no account: an unknown address waits exactly
 * when an account would, so a delay does not tell that an account exists (SPEC A9). An identifier
 * is forgotten `retentionMs` after its last counted failure. Given a database (`store`), the
 * failures are kept in it (absent_login_failures), shared by every server process (WORKERS): a
 * process counting apart would let an unknown address wait less than an account. Without one, they
 * are kept in memory, where the oldest also go beyond `maxKeys`.
 */
export class AbsentAccountFailures {
	// In the order of the last counted failure: the oldest are always at the front.
	private readonly failures = new Map<string, { count: number; lastAt: Date }>();
	private readonly shared?: {
		sqlite: Database.Database;
		scope: string;
		forget: Database.Statement<[string, number]>;
		read: Database.Statement<[string, string], { count: number; lastAt: number }>;
		count: Database.Statement<[string, string, number]>;
		size: Database.Statement<[string], { n: number }>;
	};

	constructor(
		private readonly bounds: { retentionMs: number; maxKeys: number },
		store?: { sqlite: Database.Database; scope: string }
	) {
		if (store) {
			const { sqlite, scope } = store;
			this.shared = {
				sqlite,
				scope,
				forget: sqlite.prepare('DELETE FROM absent_login_failures WHERE scope = ? AND last_at <= ?'),
				read: sqlite.prepare('SELECT count, last_at AS lastAt FROM absent_login_failures WHERE scope = ? AND key = ?'),
				count: sqlite.prepare(
					'INSERT INTO absent_login_failures (scope, key, count, last_at) VALUES (?, ?, 1, ?) ON CONFLICT (scope, key) DO UPDATE SET count = count + 1, last_at = excluded.last_at'
				),
				size: sqlite.prepare('SELECT count(*) AS n FROM absent_login_failures WHERE scope = ?')
			};
		}
	}

	get size(): number {
		return this.shared ? this.shared.size.get(this.shared.scope)!.n : this.failures.size;
	}

	/**
	 * As an attempt on an account: while the delay runs, refused and not counted (returns when the
	 * delay ends); otherwise counted as a failure (returns null).
	 */
	attempt(key: string, now: Date, config: Schedule): Date | null {
		if (this.shared) return this.sharedAttempt(this.shared, key, now, config);
		this.forget(now);
		const failures = this.failures.get(key);
		const retryAt = failures ? nextLoginAllowedAt(failures, config) : null;
		if (retryAt && retryAt > now) return retryAt;
		this.failures.delete(key);
		this.failures.set(key, { count: (failures?.count ?? 0) + 1, lastAt: now });
		if (this.failures.size > this.bounds.maxKeys) this.failures.delete(this.failures.keys().next().value!);
		return null;
	}

	private sharedAttempt(shared: NonNullable<typeof this.shared>, key: string, now: Date, config: Schedule): Date | null {
		return shared.sqlite
			.transaction(() => {
				shared.forget.run(shared.scope, now.getTime() - this.bounds.retentionMs);
				const row = shared.read.get(shared.scope, key);
				const retryAt = row ? nextLoginAllowedAt({ count: row.count, lastAt: new Date(row.lastAt) }, config) : null;
				if (retryAt && retryAt > now) return retryAt;
				shared.count.run(shared.scope, key, now.getTime());
				return null;
			})
			.immediate();
	}

	private forget(now: Date): void {
		const before = now.getTime() - this.bounds.retentionMs;
		for (const [key, { lastAt }] of this.failures) {
			if (lastAt.getTime() > before) break;
			this.failures.delete(key);
		}
	}
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

/**
 * The key a client address is counted under. IPv4 as is (an IPv4-mapped IPv6 address too): one
 * IPv6 client usually holds a whole /64, so it counts as its /64, however it is written.
 */
export function throttleKeyFor(address: string): string {
	const plain = address
		.trim()
		.replace(/^\[(.*)\]$/, '$1')
		.replace(/%.*$/, '')
		.toLowerCase();
	if (isIPv4(plain)) return plain;
	const groups = ipv6Groups(plain);
	if (!groups) return plain;
	if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
		return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
	}
	return `${groups
		.slice(0, 4)
		.map((group) => group.toString(16))
		.join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, or null for anything else. */
function ipv6Groups(address: string): number[] | null {
	if (!isIPv6(address)) return null;
	// A dotted IPv4 tail (::ffff:192.0.2.1) is the last two groups.
	const text = address.replace(
		/(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
		(_, a, b, c, d) => `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`
	);
	const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
	const [head, tail] = text.split('::');
	if (tail === undefined) return parse(head);
	const left = parse(head);
	const right = parse(tail);
	return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** At most `limit` events per key in any `windowMs`. */
export interface WindowLimiter {
	check(key: string, now: Date): Verdict;
	consume(key: string, now: Date): void;
	/** check() then consume() when allowed. */
	take(key: string, now: Date): Verdict;
}

function verdictFor(newestFirst: number[], rate: Rate, now: Date): Verdict {
	if (newestFirst.length < rate.limit) return { allowed: true, retryAfterSeconds: 0 };
	// The place frees when the limit-th newest event leaves the window.
	const freedAt = newestFirst[rate.limit - 1] + rate.windowMs;
	return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000)) };
}

/**
 * The sliding window in the database, shared by every process on it: one row per counted event
 * under (bucket, key). Events older than the window go at each write, so the table follows the
 * traffic of one window. `take` is one immediate transaction: two processes cannot both take the
 * last place. (`check` then `consume` apart may let concurrent requests overshoot by a few.)
 */
export class SharedWindowLimiter implements WindowLimiter {
	private readonly recent: Database.Statement<[string, string, number, number], { at: number }>;
	private readonly insert: Database.Statement<[string, string, number]>;
	private readonly prune: Database.Statement<[string, number]>;

	constructor(
		private readonly sqlite: Database.Database,
		private readonly bucket: string,
		private readonly rate: Rate
	) {
		this.recent = sqlite.prepare('SELECT at FROM throttle_events WHERE bucket = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT ?');
		this.insert = sqlite.prepare('INSERT INTO throttle_events (bucket, key, at) VALUES (?, ?, ?)');
		this.prune = sqlite.prepare('DELETE FROM throttle_events WHERE bucket = ? AND at <= ?');
	}

	check(key: string, now: Date): Verdict {
		const times = this.recent.all(this.bucket, key, now.getTime() - this.rate.windowMs, this.rate.limit).map((row) => row.at);
		return verdictFor(times, this.rate, now);
	}

	consume(key: string, now: Date): void {
		this.sqlite.transaction(() => {
			this.insert.run(this.bucket, key, now.getTime());
			this.prune.run(this.bucket, now.getTime() - this.rate.windowMs);
		})();
	}

	take(key: string, now: Date): Verdict {
		return this.sqlite
			.transaction(() => {
				const verdict = this.check(key, now);
				if (verdict.allowed) this.consume(key, now);
				return verdict;
			})
			.immediate();
	}
}

/**
 * The same window in this process's memory. A key whose events are all older than the window is
 * dropped at the next write, so memory follows the traffic of one window.
 */
export class SlidingWindowLimiter implements WindowLimiter {
	// In the order of each key's last event: the stale keys are always at the front.
	private readonly events = new Map<string, number[]>();

	constructor(private readonly rate: Rate) {}

	/** Keys held in memory. */
	get size(): number {
		return this.events.size;
	}

	private recent(key: string, now: number): number[] {
		const since = now - this.rate.windowMs;
		const kept = (this.events.get(key) ?? []).filter((at) => at > since);
		if (kept.length === 0) this.events.delete(key);
		else this.events.set(key, kept);
		return kept;
	}

	check(key: string, now: Date): Verdict {
		return verdictFor(this.recent(key, now.getTime()).slice().reverse(), this.rate, now);
	}

	consume(key: string, now: Date): void {
		const recent = this.recent(key, now.getTime());
		recent.push(now.getTime());
		this.events.delete(key);
		this.events.set(key, recent);
		this.dropStaleKeys(now.getTime());
	}

	private dropStaleKeys(now: number): void {
		const since = now - this.rate.windowMs;
		for (const [key, times] of this.events) {
			if (times[times.length - 1] > since) break;
			this.events.delete(key);
		}
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
