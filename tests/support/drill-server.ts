// What the crash, backup and cluster drills share: a built server run as a plain Node process (so a
// SIGKILL reaches the server itself, not a tsx wrapper), candidates seeded straight into its
// database with a session each, and « Enregistrer » sent through the JSON API with fetch.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { activateAccount, createAccount } from '../../src/lib/server/accounts';
import { LEA, lastMailedToken } from '../../src/lib/server/accounts/test-fixtures';
import { createSession } from '../../src/lib/server/auth/session';
import { readConfig } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { candidates } from '../../src/lib/server/db/schema';
import { startChildServer } from '../../scripts/child-server';
import { CONTENT, GRENOBLE_2027 } from './candidate-space';

export interface DrillServer {
	readonly origin: string;
	readonly dataDir: string;
	readonly pid: number;
	output(): string;
	/** SIGKILL: no shutdown, no checkpoint, requests cut mid-way. */
	kill(): Promise<void>;
	/** SIGTERM, and wait for the exit. */
	stop(): Promise<void>;
}

export function drillDataDir(label: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `portail-${label}-`));
}

export async function startDrillServer(
	dataDir: string,
	options: { port?: number; env?: Record<string, string> } = {}
): Promise<DrillServer> {
	const server = await startChildServer({
		name: 'server',
		command: process.execPath,
		args: ['--import', 'tsx', 'scripts/serve.ts'],
		port: options.port,
		env: { DATA_DIR: dataDir, DEMO: '0', MAIL_TRANSPORT: 'log', ...options.env },
		readyText: 'listening on'
	});
	return {
		origin: server.origin,
		dataDir,
		pid: server.process.pid!,
		output: server.output,
		kill: () => server.stop('SIGKILL'),
		stop: () => server.stop()
	};
}

export interface DrillCandidate {
	candidateId: string;
	/** The session cookie's value. */
	token: string;
	/** The one Idempotency-Key of this candidate's « Enregistrer », resent as is after a crash. */
	key: string;
}

/**
 * A database ready for the drills: the schema, the catalogue, the demonstration windows (Bac pro
 * 2027 open in Grenoble) and `count` activated candidates, each signed in. Done before the server
 * starts (or while it runs: WAL).
 */
export async function seedDrillCandidates(dataDir: string, count: number, label = 'drill'): Promise<DrillCandidate[]> {
	const config = readConfig({ DATA_DIR: dataDir });
	// The schema, the catalogue and the windows by `npm run seed -- --demo` (the catalogue's JSON
	// imports load under tsx, not under Playwright's loader).
	await promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/seed.ts', '--demo'], {
		env: { ...process.env, DATA_DIR: dataDir, DEMO: '0' }
	});
	const db = openDatabase(path.join(dataDir, 'portail.sqlite'));
	try {
		const seeded: DrillCandidate[] = [];
		for (let n = 0; n < count; n++) {
			const email = `${label}.${n}.${Date.now().toString(36)}@exemple.fr`;
			const now = new Date();
			await createAccount(db, { ...LEA, email, password: 'Une phrase de passe assez longue' }, { now, config });
			activateAccount(db, lastMailedToken(db, email), { now, config });
			const candidateId = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.email, email)).get()!.id;
			const { token } = createSession(db, candidateId, 'candidate', now, config);
			seeded.push({ candidateId, token, key: `${label}-${n}-${Date.now().toString(36)}-0000000000` });
		}
		return seeded;
	} finally {
		db.$client.close();
	}
}

export interface Submitted {
	status: number;
	registrationNumber?: string;
}

/** « Enregistrer » for Bac pro 2027 in Grenoble; null when no answer came (the server died). */
export async function submitRegistration(origin: string, candidate: DrillCandidate): Promise<Submitted | null> {
	try {
		const response = await fetch(`${origin}/api/inscriptions`, {
			method: 'POST',
			headers: {
				cookie: `session=${candidate.token}`,
				origin,
				'content-type': 'application/json',
				'idempotency-key': candidate.key
			},
			body: JSON.stringify({ ...GRENOBLE_2027, content: CONTENT }),
			signal: AbortSignal.timeout(30_000)
		});
		const body = (await response.json()) as { registrationNumber?: string };
		return { status: response.status, registrationNumber: body.registrationNumber };
	} catch {
		return null;
	}
}

/** The server's database, to read (while it runs, or after a kill: opened as SQLite would, recovering the WAL). */
export function readDatabase(dataDir: string): Database.Database {
	const db = new Database(path.join(dataDir, 'portail.sqlite'));
	db.pragma('busy_timeout = 5000');
	return db;
}

export function integrityCheck(dataDir: string): string {
	const db = readDatabase(dataDir);
	try {
		return String(db.pragma('integrity_check', { simple: true }));
	} finally {
		db.close();
	}
}

/** A small seeded random generator (mulberry32), so a drill's kill moments can be replayed. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
