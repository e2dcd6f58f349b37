import { describe, expect, it } from 'vitest';
import { nextLoginAllowedAt, retryMessage, SlidingWindowLimiter } from './throttle';

const t = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 10, 0, seconds));

describe('A9: per-address limits', () => {
	it('allows `limit` events in any window, then says when the oldest frees a place', () => {
		const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
		for (const second of [0, 10, 20]) expect(limiter.take('10.0.0.1', t(second)).allowed).toBe(true);
		expect(limiter.take('10.0.0.1', t(30))).toEqual({ allowed: false, retryAfterSeconds: 30 });
		expect(limiter.take('10.0.0.2', t(30)).allowed).toBe(true);
		expect(limiter.take('10.0.0.1', t(60)).allowed).toBe(true);
		expect(limiter.check('10.0.0.1', t(61))).toEqual({ allowed: false, retryAfterSeconds: 9 });
	});

	it('a refused attempt does not extend the wait', () => {
		const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 });
		limiter.take('a', t(0));
		for (let second = 1; second < 60; second += 5) expect(limiter.take('a', t(second)).allowed).toBe(false);
		expect(limiter.take('a', t(60)).allowed).toBe(true);
	});
});

describe('A9: per-account delays', () => {
	const config = { loginFreeFailures: 5, loginFirstDelayMs: 60_000, loginMaxDelayMs: 900_000 };
	it('starts after the free failures and doubles up to the maximum', () => {
		const lastAt = t(0);
		expect(nextLoginAllowedAt({ count: 4, lastAt }, config)).toBeNull();
		const delays = [5, 6, 7, 8, 9, 50].map((count) => (nextLoginAllowedAt({ count, lastAt }, config)!.getTime() - lastAt.getTime()) / 60_000);
		expect(delays).toEqual([1, 2, 4, 8, 15, 15]);
	});
	it('says when to retry in French', () => {
		expect(retryMessage(1)).toBe('Réessayez dans 1 seconde.');
		expect(retryMessage(45)).toBe('Réessayez dans 45 secondes.');
		expect(retryMessage(61)).toBe('Réessayez dans 2 minutes.');
		expect(retryMessage(60)).toBe('Réessayez dans 1 minute.');
	});
});
