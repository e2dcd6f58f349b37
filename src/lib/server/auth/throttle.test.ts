import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../db';
import { createTestDb } from '../db/test-helpers';
import {
	AbsentAccountFailures,
	nextLoginAllowedAt,
	retryMessage,
	SharedWindowLimiter,
	SlidingWindowLimiter,
	throttleKeyFor
} from './throttle';

const t = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 10, 0, seconds));
const ms = (milliseconds: number) => new Date(t(0).getTime() + milliseconds);

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

describe('A9: the key a client address is counted under', () => {
	it('keeps an IPv4 address, also when written as an IPv4-mapped IPv6 address', () => {
		expect(throttleKeyFor('192.0.2.10')).toBe('192.0.2.10');
		expect(throttleKeyFor('::ffff:192.0.2.10')).toBe('192.0.2.10');
		expect(throttleKeyFor('::FFFF:192.0.2.10')).toBe('192.0.2.10');
		expect(throttleKeyFor('::ffff:c000:20a')).toBe('192.0.2.10');
		expect(throttleKeyFor('0:0:0:0:0:ffff:c000:020a')).toBe('192.0.2.10');
	});

	it('counts an IPv6 client by its /64, however the address is written', () => {
		const spellings = [
			'2001:db8:85a3:12::1',
			'2001:0DB8:85A3:0012:0000:0000:0000:0001',
			'2001:db8:85a3:12:ffff:ffff:ffff:ffff',
			'2001:db8:85a3:12:a:b:c:d',
			'[2001:db8:85a3:12::42]',
			' 2001:db8:85a3:12::7 ',
			'2001:db8:85a3:12::192.0.2.1'
		];
		expect(new Set(spellings.map(throttleKeyFor))).toEqual(new Set(['2001:db8:85a3:12::/64']));
		expect(throttleKeyFor('2001:db8:85a3:13::1')).toBe('2001:db8:85a3:13::/64');
		expect(throttleKeyFor('2001:db8::')).toBe('2001:db8:0:0::/64');
		expect(throttleKeyFor('::1')).toBe('0:0:0:0::/64');
		expect(throttleKeyFor('fe80::1%eth0')).toBe(throttleKeyFor('fe80::2'));
	});

	it('a client rotating through its /64 shares one window', () => {
		const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
		for (const suffix of ['1', '2', '3']) expect(limiter.take(throttleKeyFor(`2001:db8:1:2::${suffix}`), t(0)).allowed).toBe(true);
		expect(limiter.take(throttleKeyFor('2001:db8:1:2:dead:beef:0:4'), t(1)).allowed).toBe(false);
		expect(limiter.take(throttleKeyFor('2001:db8:1:3::1'), t(1)).allowed).toBe(true);
	});

	it('leaves anything that is not an address as it came', () => {
		expect(throttleKeyFor('unknown')).toBe('unknown');
		expect(throttleKeyFor('')).toBe('');
	});
});

describe('A9: the per-address counters stay bounded in memory', () => {
	it('drops the keys whose events are all older than the window at the next write', () => {
		const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 60_000 });
		// 20 000 clients, one a millisecond for 20 seconds.
		for (let n = 0; n < 20_000; n++) limiter.consume(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, ms(n));
		expect(limiter.size).toBe(20_000);
		limiter.consume('192.0.2.1', ms(70_000));
		// Only the clients seen in the last 60 seconds remain (after 10 000 ms), with the new one.
		expect(limiter.size).toBe(9_999 + 1);
		limiter.consume('192.0.2.2', ms(200_000));
		expect(limiter.size).toBe(1);
	});

	it('keeps what a key still counts when others are dropped', () => {
		const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 60_000 });
		limiter.consume('old', t(0));
		limiter.consume('a', t(50));
		limiter.consume('a', t(55));
		limiter.consume('b', t(61));
		expect(limiter.size).toBe(2);
		expect(limiter.check('a', t(62))).toEqual({ allowed: false, retryAfterSeconds: 48 });
	});
});

describe('A9: per-account delays', () => {
	const config = { loginFreeFailures: 5, loginFirstDelayMs: 60_000, loginMaxDelayMs: 900_000 };
	it('starts after the free failures and doubles up to the maximum', () => {
		const lastAt = t(0);
		expect(nextLoginAllowedAt({ count: 4, lastAt }, config)).toBeNull();
		const delays = [5, 6, 7, 8, 9, 50].map(
			(count) => (nextLoginAllowedAt({ count, lastAt }, config)!.getTime() - lastAt.getTime()) / 60_000
		);
		expect(delays).toEqual([1, 2, 4, 8, 15, 15]);
	});
	it('says when to retry in French', () => {
		expect(retryMessage(1)).toBe('Réessayez dans 1 seconde.');
		expect(retryMessage(45)).toBe('Réessayez dans 45 secondes.');
		expect(retryMessage(61)).toBe('Réessayez dans 2 minutes.');
		expect(retryMessage(60)).toBe('Réessayez dans 1 minute.');
	});
});

describe('A9: identifiers without an account follow the accounts’ schedule', () => {
	const config = { loginFreeFailures: 2, loginFirstDelayMs: 60_000, loginMaxDelayMs: 240_000 };

	it('delays them exactly when an account would be, without counting a refused attempt', () => {
		const failures = new AbsentAccountFailures({ retentionMs: 3600_000, maxKeys: 10 });
		expect(failures.attempt('email:x@example.org', t(0), config)).toBeNull();
		expect(failures.attempt('email:x@example.org', t(1), config)).toBeNull();
		expect(failures.attempt('email:x@example.org', t(2), config)).toEqual(new Date(t(1).getTime() + 60_000));
		expect(failures.attempt('email:x@example.org', t(61), config)).toBeNull();
		expect(failures.attempt('email:x@example.org', t(62), config)).toEqual(new Date(t(61).getTime() + 120_000));
		expect(failures.attempt('email:y@example.org', t(62), config)).toBeNull();
	});

	it('forgets an identifier after the retention, and the oldest beyond the maximum', () => {
		const failures = new AbsentAccountFailures({ retentionMs: 3600_000, maxKeys: 1000 });
		for (let n = 0; n < 1500; n++) failures.attempt(`email:${n}@example.org`, ms(n * 1000), config);
		// The first 500 went beyond the maximum.
		expect(failures.size).toBe(1000);
		// An hour after failure n° 1200: it and those before it are forgotten.
		failures.attempt('email:late@example.org', ms(1200_000 + 3600_000), config);
		expect(failures.size).toBe(299 + 1);
		failures.attempt('email:later@example.org', ms(3 * 3600_000), config);
		expect(failures.size).toBe(1);
	});
});

describe('A9: the per-address limits are shared by every server process (WORKERS)', () => {
	function sharedDatabase() {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-throttle-'));
		const file = path.join(dir, 'portail.sqlite');
		migrateDatabase(openDatabase(file));
		// Two connections to one file, as two processes have.
		return { dir, first: openDatabase(file), second: openDatabase(file) };
	}

	it('counts the events of both processes in one window, and says when a place frees', () => {
		const { dir, first, second } = sharedDatabase();
		const rate = { limit: 3, windowMs: 60_000 };
		const a = new SharedWindowLimiter(first.$client, 'login', rate);
		const b = new SharedWindowLimiter(second.$client, 'login', rate);
		expect(a.take('10.0.0.1', t(0)).allowed).toBe(true);
		expect(b.take('10.0.0.1', t(10)).allowed).toBe(true);
		a.consume('10.0.0.1', t(20));
		expect(b.take('10.0.0.1', t(30))).toEqual({ allowed: false, retryAfterSeconds: 30 });
		expect(a.check('10.0.0.1', t(30))).toEqual({ allowed: false, retryAfterSeconds: 30 });
		// Another address, another bucket: counted apart.
		expect(b.take('10.0.0.2', t(30)).allowed).toBe(true);
		expect(new SharedWindowLimiter(second.$client, 'signup', rate).take('10.0.0.1', t(30)).allowed).toBe(true);
		expect(b.take('10.0.0.1', t(60)).allowed).toBe(true);
		expect(a.check('10.0.0.1', t(61))).toEqual({ allowed: false, retryAfterSeconds: 9 });
		first.$client.close();
		second.$client.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('behaves as the in-memory window on the same events', () => {
		const db = createTestDb();
		const rate = { limit: 4, windowMs: 30_000 };
		const shared = new SharedWindowLimiter(db.$client, 'login', rate);
		const memory = new SlidingWindowLimiter(rate);
		for (let second = 0; second < 200; second += 3) {
			const key = `10.0.0.${second % 2}`;
			expect(shared.take(key, t(second)), `at ${second} s`).toEqual(memory.take(key, t(second)));
		}
	});

	it('deletes the events that left the window as it writes', () => {
		const db = createTestDb();
		const limiter = new SharedWindowLimiter(db.$client, 'login', { limit: 5, windowMs: 60_000 });
		for (let n = 0; n < 500; n++) limiter.consume(`10.0.${n >> 8}.${n & 255}`, ms(n * 1000));
		const rows = () => (db.$client.prepare('SELECT count(*) AS n FROM throttle_events').get() as { n: number }).n;
		// Only the last 60 seconds' events remain.
		expect(rows()).toBe(60);
		limiter.consume('192.0.2.1', ms(10_000_000));
		expect(rows()).toBe(1);
	});
});

describe('A9: identifiers without an account wait alike in every server process', () => {
	const config = { loginFreeFailures: 2, loginFirstDelayMs: 60_000, loginMaxDelayMs: 240_000 };

	it('counts the failures of both processes, per scope, and behaves as the in-memory schedule', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-absent-'));
		const file = path.join(dir, 'portail.sqlite');
		migrateDatabase(openDatabase(file));
		const [first, second] = [openDatabase(file), openDatabase(file)];
		const bounds = { retentionMs: 3600_000, maxKeys: 10 };
		const a = new AbsentAccountFailures(bounds, { sqlite: first.$client, scope: 'candidate' });
		const b = new AbsentAccountFailures(bounds, { sqlite: second.$client, scope: 'candidate' });
		const memory = new AbsentAccountFailures(bounds);
		const key = 'email:x@example.org';
		for (const [limiter, when] of [
			[a, 0],
			[b, 1],
			[a, 2],
			[b, 61],
			[a, 62],
			[b, 200]
		] as const) {
			expect(limiter.attempt(key, t(when), config), `at ${when} s`).toEqual(memory.attempt(key, t(when), config));
		}
		// The managers' logins are another scope.
		expect(new AbsentAccountFailures(bounds, { sqlite: second.$client, scope: 'manager' }).attempt(key, t(3), config)).toBeNull();
		// Forgotten after the retention.
		expect(a.attempt(key, t(200 + 3600), config)).toBeNull();
		expect(a.size).toBe(1);
		first.$client.close();
		second.$client.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
