// SPEC N4: « Rester connecté » is limited per session for all server processes together (WORKERS):
// each process has its own connection to the one database file, and the count is in it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db';

let current: Db;
vi.mock('../db', async (original) => ({ ...(await original<typeof import('../db')>()), getDb: () => current }));
const { migrateDatabase, openDatabase } = await import('../db');
const { EXTENSIONS_PER_SESSION, extensionLimiter, sessionExtensionLimiter } = await import('./session-status');

const T0 = new Date('2026-11-29T10:00:00Z').getTime();
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const SESSION = 'a'.repeat(64);

const opened: Array<{ dir: string; connections: Db[] }> = [];

/** Two connections to one file, as two server processes have. */
function twoProcesses(): [Db, Db] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-extensions-'));
	const file = path.join(dir, 'portail.sqlite');
	const setup = openDatabase(file);
	migrateDatabase(setup);
	setup.$client.close();
	const connections: [Db, Db] = [openDatabase(file), openDatabase(file)];
	opened.push({ dir, connections });
	return connections;
}

afterEach(() => {
	for (const { dir, connections } of opened.splice(0)) {
		for (const db of connections) db.$client.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

describe('N4: « Rester connecté » counted once for every server process', () => {
	it('two processes pressing for one session share its limit, then both refuse until a place frees', () => {
		const [first, second] = twoProcesses();
		const a = sessionExtensionLimiter(first);
		const b = sessionExtensionLimiter(second);
		for (let press = 0; press < EXTENSIONS_PER_SESSION.limit; press++) {
			expect((press % 2 === 0 ? a : b).take(SESSION, at(press)).allowed, `press ${press + 1}`).toBe(true);
		}
		const limit = EXTENSIONS_PER_SESSION.limit;
		// Counted apart, each process would have allowed 15 more.
		expect(a.take(SESSION, at(limit))).toEqual({ allowed: false, retryAfterSeconds: 3600 - limit });
		expect(b.take(SESSION, at(limit))).toEqual({ allowed: false, retryAfterSeconds: 3600 - limit });
		// A refused press is not counted: the first press leaves the window an hour after it was made.
		expect(a.take(SESSION, at(3599))).toEqual({ allowed: false, retryAfterSeconds: 1 });
		expect(b.take(SESSION, at(3600)).allowed).toBe(true);
		expect(a.take(SESSION, at(3600))).toEqual({ allowed: false, retryAfterSeconds: 1 });
		// Another session (another device of the same candidate) is counted apart.
		expect(b.take('b'.repeat(64), at(3600)).allowed).toBe(true);
	});

	it('the limiter the endpoint uses is the database’s: another process (a fresh module on its own connection) counts the same presses', async () => {
		const [first, second] = twoProcesses();
		current = first;
		for (let press = 0; press < EXTENSIONS_PER_SESSION.limit; press++)
			expect(extensionLimiter().take(SESSION, at(press)).allowed).toBe(true);
		vi.resetModules();
		const otherProcess = await import('./session-status');
		current = second;
		expect(otherProcess.extensionLimiter().take(SESSION, at(100))).toEqual({ allowed: false, retryAfterSeconds: 3500 });
		const stored = first.$client
			.prepare("SELECT count(*) AS n FROM throttle_events WHERE bucket = 'session-extend' AND key = ?")
			.get(SESSION) as { n: number };
		expect(stored.n).toBe(EXTENSIONS_PER_SESSION.limit);
	});
});
