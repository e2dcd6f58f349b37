// Crash and backup drills (issue 17), on the built server as a child process. A small count in
// `npm test`; larger by hand: DRILL_KILLS=20 DRILL_SEED=42 npx playwright test tests/017-drills.uat.ts
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import {
	drillDataDir,
	integrityCheck,
	readDatabase,
	seedDrillCandidates,
	seededRandom,
	sleep,
	startDrillServer,
	submitRegistration,
	type DrillCandidate,
	type DrillServer
} from './support/drill-server';
import { freePort } from './support/app-server';

const run = promisify(execFile);
const KILLS = Number(process.env.DRILL_KILLS ?? 3);
const SEED = Number(process.env.DRILL_SEED ?? Date.now() % 1_000_000);
/** Submissions sent at once, as a surge of candidates would. */
const CONCURRENCY = 4;
/** Candidates whose submissions a round sends before its kill. */
const ROUND = 15;

test.describe.configure({ mode: 'serial' });

interface Acknowledged {
	candidateId: string;
	registrationNumber: string;
}

/**
 * Sends the queued candidates' « Enregistrer », CONCURRENCY at a time, until the queue is empty or
 * the server is gone. A 2xx answer is an acknowledgement; no answer puts the candidate back in the
 * queue with the same Idempotency-Key, as the app's sync does; any other answer fails the drill.
 */
async function submitAll(
	server: DrillServer,
	queue: DrillCandidate[],
	acknowledged: Map<string, Acknowledged>,
	alive: () => boolean
): Promise<number> {
	let unanswered = 0;
	const loop = async () => {
		while (alive()) {
			const candidate = queue.shift();
			if (!candidate) return;
			const answer = await submitRegistration(server.origin, candidate);
			if (!answer) {
				unanswered++;
				queue.push(candidate);
				continue;
			}
			expect(answer.status, `candidate ${candidate.candidateId}`).toBe(201);
			acknowledged.set(candidate.key, { candidateId: candidate.candidateId, registrationNumber: answer.registrationNumber! });
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, loop));
	return unanswered;
}

/** Every acknowledged registration is in the database exactly once, and no candidate has two. */
function expectAcknowledgedOnce(dataDir: string, acknowledged: Map<string, Acknowledged>): void {
	const db = readDatabase(dataDir);
	try {
		const byNumber = db.prepare('SELECT candidate_id AS candidateId FROM registrations WHERE registration_number = ?');
		for (const { candidateId, registrationNumber } of acknowledged.values()) {
			expect(byNumber.all(registrationNumber), registrationNumber).toEqual([{ candidateId }]);
		}
		const doubles = db.prepare('SELECT candidate_id, count(*) AS n FROM registrations GROUP BY candidate_id HAVING n > 1').all();
		expect(doubles).toEqual([]);
	} finally {
		db.close();
	}
}

/** Registrations without their version-1 confirmation document whose file is stored. */
function missingConfirmations(dataDir: string): string[] {
	const db = readDatabase(dataDir);
	try {
		const rows = db
			.prepare(
				`SELECT r.registration_number AS number, d.storage_name AS storageName, d.byte_size AS size
				 FROM registrations r LEFT JOIN documents d ON d.registration_id = r.id AND d.kind = 'confirmation' AND d.version = 1`
			)
			.all() as { number: string; storageName: string | null; size: number | null }[];
		return rows
			.filter((row) => {
				if (!row.storageName) return true;
				const file = path.join(dataDir, 'files', row.storageName);
				return !fs.existsSync(file) || fs.statSync(file).size !== row.size;
			})
			.map((row) => row.number);
	} finally {
		db.close();
	}
}

/** Documents and pieces whose stored file is not there. */
function missingFiles(dataDir: string): string[] {
	const db = readDatabase(dataDir);
	try {
		const names = db
			.prepare('SELECT storage_name AS name FROM documents UNION ALL SELECT storage_name FROM supporting_documents')
			.all() as {
			name: string;
		}[];
		return names.map((row) => row.name).filter((name) => !fs.existsSync(path.join(dataDir, 'files', name)));
	} finally {
		db.close();
	}
}

test(`crash drill: ${KILLS} SIGKILLs under submissions; after each, the database is intact and every acknowledged registration is there once, then confirmed`, async () => {
	test.setTimeout(120_000 + KILLS * 30_000);
	const random = seededRandom(SEED);
	console.log(`crash drill: seed ${SEED} (DRILL_SEED=${SEED} replays the kill moments)`);
	const dataDir = drillDataDir('crash');
	const candidates = await seedDrillCandidates(dataDir, ROUND * KILLS + 10, 'crash');
	const port = await freePort();
	const queue = [...candidates];
	const acknowledged = new Map<string, Acknowledged>();
	let cutMidway = 0;

	for (let kill = 1; kill <= KILLS; kill++) {
		const server = await startDrillServer(dataDir, { port });
		let alive = true;
		// The clock starts at the round's first acknowledgement (a fresh process answers its first
		// request slowly), so that each kill lands among acknowledged submissions and running jobs.
		const killAfter = Math.round(50 + random() * 700);
		const acknowledgedBefore = acknowledged.size;
		const killer = expect
			.poll(() => acknowledged.size > acknowledgedBefore, { timeout: 30_000, intervals: [10] })
			.toBe(true)
			.then(() => sleep(killAfter))
			.then(async () => {
				alive = false;
				await server.kill();
			});
		// Each round sends its share: a fast server could answer the whole queue before the first kill.
		const round = queue.splice(0, ROUND);
		cutMidway += await submitAll(server, round, acknowledged, () => alive);
		await killer;
		queue.push(...round);
		// After the kill, before any restart: what SQLite finds on disk.
		expect(integrityCheck(dataDir), `after kill ${kill}`).toBe('ok');
		expectAcknowledgedOnce(dataDir, acknowledged);
		console.log(
			`kill ${kill}, ${killAfter} ms after the round's first acknowledgement: ${acknowledged.size} acknowledged so far, ${queue.length} waiting`
		);
	}

	// The last start: every candidate still waiting resends with the same key; replays of the
	// acknowledged ones get their first answer back.
	const server = await startDrillServer(dataDir, { port });
	try {
		await submitAll(server, queue, acknowledged, () => true);
		expect(acknowledged.size).toBe(candidates.length);
		for (const candidate of candidates.slice(0, 10)) {
			const replay = await submitRegistration(server.origin, candidate);
			expect(replay).toEqual({ status: 201, registrationNumber: acknowledged.get(candidate.key)!.registrationNumber });
		}
		expectAcknowledgedOnce(dataDir, acknowledged);
		// Each confirmation is made by the queued job, also for those whose job was cut by a kill.
		await expect.poll(() => missingConfirmations(dataDir), { timeout: 90_000, intervals: [1000] }).toEqual([]);
		expect(integrityCheck(dataDir)).toBe('ok');
	} finally {
		await server.stop();
	}
	console.log(
		`crash drill: ${KILLS} kill(s) survived, ${acknowledged.size} registrations checked (${cutMidway} submission(s) cut by a kill and resent)`
	);
	fs.rmSync(dataDir, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('backup drill: `npm run backup` under write load, `npm run restore` into an empty folder finds every acknowledged registration and document', async () => {
	test.setTimeout(180_000);
	const dataDir = drillDataDir('backup');
	const candidates = await seedDrillCandidates(dataDir, 60, 'backup');
	const server = await startDrillServer(dataDir);
	const acknowledged = new Map<string, Acknowledged>();
	const work = drillDataDir('backup-out');
	const archive = path.join(work, 'portail.tar.gz');
	let before: { acknowledged: Acknowledged[]; documents: { id: string; candidateId: string; storageName: string; hash: string }[] };
	try {
		// Registrations with their confirmations, then more submissions while the backup runs.
		const first = candidates.slice(0, 15);
		await submitAll(server, first, acknowledged, () => true);
		await expect.poll(() => missingConfirmations(dataDir), { timeout: 60_000, intervals: [1000] }).toEqual([]);
		const queue = candidates.slice(15);
		let loading = true;
		const load = submitAll(server, queue, acknowledged, () => loading);
		await sleep(200);
		const db = readDatabase(dataDir);
		const documents = db
			.prepare("SELECT id, candidate_id AS candidateId, storage_name AS storageName FROM documents WHERE kind = 'confirmation'")
			.all() as { id: string; candidateId: string; storageName: string }[];
		db.close();
		before = {
			acknowledged: [...acknowledged.values()],
			documents: documents.map((document) => ({ ...document, hash: sha256(path.join(dataDir, 'files', document.storageName)) }))
		};
		const started = performance.now();
		const backup = await run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', archive], {
			env: { ...process.env, DATA_DIR: dataDir }
		});
		const seconds = (performance.now() - started) / 1000;
		loading = false;
		await load;
		console.log(
			`${backup.stdout.trim()} (${seconds.toFixed(1)} s with the tsx start; ${acknowledged.size - before.acknowledged.length} submissions acknowledged meanwhile)`
		);
	} finally {
		await server.stop();
	}

	// Restoring refuses a folder in use, in one line.
	const refused = await run(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', archive], {
		env: { ...process.env, DATA_DIR: dataDir }
	}).catch((error: { code: number; stderr: string }) => error);
	expect(refused).toMatchObject({ code: 1, stderr: `DATA_DIR ${dataDir} is not empty: restore only into an empty folder.\n` });

	const restoredDir = path.join(work, 'restored');
	const restored = await run(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', archive], {
		env: { ...process.env, DATA_DIR: restoredDir }
	});
	expect(restored.stdout).toContain('(integrity ok)');
	expect(integrityCheck(restoredDir)).toBe('ok');
	expectAcknowledgedOnce(restoredDir, new Map(before.acknowledged.map((a) => [a.registrationNumber, a])));
	for (const document of before.documents) expect(sha256(path.join(restoredDir, 'files', document.storageName))).toBe(document.hash);
	// Every document the restored database names has its file.
	expect(missingFiles(restoredDir)).toEqual([]);

	// The restored folder serves: a candidate downloads a confirmation with the session the backup
	// kept, and the confirmations still queued at the backup are made.
	const again = await startDrillServer(restoredDir);
	try {
		await expect.poll(() => missingConfirmations(restoredDir), { timeout: 60_000, intervals: [1000] }).toEqual([]);
		const document = before.documents[0];
		const owner = candidates.find((candidate) => candidate.candidateId === document.candidateId)!;
		const response = await fetch(`${again.origin}/documents/${document.id}`, { headers: { cookie: `session=${owner.token}` } });
		expect(response.status).toBe(200);
		expect(
			createHash('sha256')
				.update(Buffer.from(await response.arrayBuffer()))
				.digest('hex')
		).toBe(document.hash);
	} finally {
		await again.stop();
	}
	console.log(`backup drill: ${before.acknowledged.length} registrations and ${before.documents.length} documents found after restore`);
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(work, { recursive: true, force: true });
});
