import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config';
import { migrateDatabase, openDatabase, type Db } from '../db';
import { queuedJobs } from '../db/schema';
import {
	claimScheduledRun,
	enqueueJob,
	finishScheduledRun,
	hasDueJob,
	JOB_LEASE_MS,
	leaseNextJob,
	processOwner,
	releaseLeasesOfDeadProcesses,
	runDueJobs,
	type JobHandlers
} from './queue';
import { JOBS, startJobs, type JobContext } from './index';

const NOW = new Date('2026-11-29T10:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Two connections to one database file, as two server processes have. */
function twoProcesses(): [Db, Db] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-jobs-'));
	dirs.push(dir);
	const file = path.join(dir, 'portail.sqlite');
	const first = openDatabase(file);
	migrateDatabase(first);
	return [first, openDatabase(file)];
}

function enqueue(db: Db, count: number): void {
	for (let n = 0; n < count; n++) enqueueJob(db, 'confirmation', { registrationId: `r${n}`, version: 1 }, NOW);
}

/** The registrations of the first `count` jobs `enqueue` makes, sorted as `ran.sort()` sorts. */
const firstJobs = (count: number) => Array.from({ length: count }, (_, n) => `r${n}`).sort();

/** Every job is done and held by nobody. */
function expectAllDone(db: Db): void {
	expect(
		db
			.select()
			.from(queuedJobs)
			.all()
			.every((job) => job.doneAt && job.leasedBy === null)
	).toBe(true);
}

describe('the job queue shared by several processes', () => {
	it('leases each job to one process: two processes draining the queue at once run every job exactly once', async () => {
		const [a, b] = twoProcesses();
		enqueue(a, 30);
		const ran: string[] = [];
		const handlers = (who: string): JobHandlers => ({
			confirmation: async ({ registrationId }) => {
				ran.push(`${registrationId}`);
				// Yield, so that the other process takes jobs meanwhile.
				await new Promise((resolve) => setTimeout(resolve, 1));
				void who;
			}
		});
		const [doneA, doneB] = await Promise.all([
			runDueJobs(a, handlers('a'), NOW, { batch: 30, owner: 'host/1' }),
			runDueJobs(b, handlers('b'), NOW, { batch: 30, owner: 'host/2' })
		]);
		expect(doneA + doneB).toBe(30);
		expect(doneA).toBeGreaterThan(0);
		expect(doneB).toBeGreaterThan(0);
		expect(ran.sort()).toEqual(firstJobs(30));
		expectAllDone(a);
	});

	it('a job held by a process that died is retried once its lease expires', async () => {
		const [a, b] = twoProcesses();
		enqueue(a, 1);
		// Process 1 takes it, then dies without finishing.
		expect(leaseNextJob(a, 'host/1', NOW)).toBeDefined();
		const handlers: JobHandlers = { confirmation: async () => {} };
		expect(await runDueJobs(b, handlers, at(1000), { batch: 10, owner: 'host/2' })).toBe(0);
		expect(await runDueJobs(b, handlers, at(JOB_LEASE_MS), { batch: 10, owner: 'host/2' })).toBe(1);
	});

	it('a process starting on this host frees at once the leases of its processes that are gone', async () => {
		const [a, b] = twoProcesses();
		enqueue(a, 2);
		const dead = processOwner(999_999);
		const living = processOwner(123);
		leaseNextJob(a, dead, NOW);
		leaseNextJob(a, living, NOW);
		expect(claimScheduledRun(a, 'purge-unactivated', dead, NOW)).toBe(true);
		// Another host's lease is left to expire: its processes cannot be seen from here.
		enqueue(a, 1);
		leaseNextJob(a, 'elsewhere/999999', NOW);
		expect(releaseLeasesOfDeadProcesses(b, (pid) => pid === 123)).toBe(2);
		const held = b.select({ leasedBy: queuedJobs.leasedBy }).from(queuedJobs).all();
		expect(held.map((job) => job.leasedBy)).toEqual([null, living, 'elsewhere/999999']);
		expect(claimScheduledRun(b, 'purge-unactivated', living, at(1))).toBe(true);
	});

	it('a failure keeps the job, unleased, for a later retry', async () => {
		const [a] = twoProcesses();
		enqueue(a, 1);
		expect(
			await runDueJobs(a, { confirmation: async () => Promise.reject(new Error('disk full')) }, NOW, { batch: 10, owner: 'host/1' })
		).toBe(0);
		expect(a.select().from(queuedJobs).get()).toMatchObject({ attempts: 1, doneAt: null, leasedBy: null, lastError: 'Error: disk full' });
	});

	it('takes no new job once its time is up: the rest waits for the next run, unleased', async () => {
		const [a] = twoProcesses();
		enqueue(a, 5);
		const slow: JobHandlers = { confirmation: () => new Promise((resolve) => setTimeout(resolve, 30)) };
		// The first job always runs; after it, 10 ms have passed.
		expect(await runDueJobs(a, slow, NOW, { batch: 100, owner: 'host/1', budgetMs: 10 })).toBe(1);
		expect(
			a
				.select()
				.from(queuedJobs)
				.all()
				.filter((job) => job.leasedBy !== null)
		).toEqual([]);
		expect(await runDueJobs(a, slow, NOW, { batch: 100, owner: 'host/1' })).toBe(4);
	});
});

describe('jobs in progress at once (concurrency)', () => {
	/** Handlers that wait `ms` for each job (as for a PDF drawn elsewhere) and note how many run at once. */
	function waiting(ms: number) {
		const seen = { running: 0, most: 0, ran: [] as string[] };
		const handlers: JobHandlers = {
			confirmation: async ({ registrationId }) => {
				seen.running++;
				seen.most = Math.max(seen.most, seen.running);
				await new Promise((resolve) => setTimeout(resolve, ms));
				seen.ran.push(registrationId);
				seen.running--;
			}
		};
		return { seen, handlers };
	}

	it('with 2, a job starts while another waits, each job runs once, and never more than 2 at a time', async () => {
		const [a] = twoProcesses();
		enqueue(a, 9);
		const { seen, handlers } = waiting(5);
		expect(await runDueJobs(a, handlers, NOW, { batch: 100, owner: 'host/1', concurrency: 2 })).toBe(9);
		expect(seen.most).toBe(2);
		expect(seen.ran.sort()).toEqual(firstJobs(9));
		expectAllDone(a);
	});

	it('with 2, the run still takes at most `batch` jobs, and one at a time by default', async () => {
		const [a] = twoProcesses();
		enqueue(a, 9);
		const two = waiting(5);
		expect(await runDueJobs(a, two.handlers, NOW, { batch: 5, owner: 'host/1', concurrency: 2 })).toBe(5);
		const one = waiting(5);
		expect(await runDueJobs(a, one.handlers, NOW, { batch: 100, owner: 'host/1' })).toBe(4);
		expect(one.seen.most).toBe(1);
		expect([...two.seen.ran, ...one.seen.ran].sort()).toEqual(firstJobs(9));
	});
});

describe('scheduled jobs run once per period, whatever the number of processes', () => {
	it('only one of the processes ticking on the same schedule runs each period', () => {
		const [a, b] = twoProcesses();
		const period = 10 * 60_000;
		const runs: string[] = [];
		// Both processes tick every 5 seconds for an hour.
		for (let ms = 0; ms < 3_600_000; ms += 5_000) {
			for (const [db, owner] of [
				[a, 'host/1'],
				[b, 'host/2']
			] as const) {
				if (claimScheduledRun(db, 'window-reminders', owner, at(ms))) {
					runs.push(`${owner} ${ms / 60_000}`);
					finishScheduledRun(db, 'window-reminders', owner, at(ms), period);
				}
			}
		}
		expect(runs.map((run) => Number(run.split(' ')[1]))).toEqual([0, 10, 20, 30, 40, 50]);
	});

	it('while one process runs it, the other does not start it; a dead holder is replaced after the lease', () => {
		const [a, b] = twoProcesses();
		expect(claimScheduledRun(a, 'deliver-mail', 'host/1', NOW)).toBe(true);
		expect(claimScheduledRun(b, 'deliver-mail', 'host/2', at(60_000))).toBe(false);
		expect(claimScheduledRun(b, 'deliver-mail', 'host/2', at(JOB_LEASE_MS))).toBe(true);
		// The late finish of the replaced holder changes nothing.
		finishScheduledRun(a, 'deliver-mail', 'host/1', NOW, 5_000);
		expect(claimScheduledRun(a, 'deliver-mail', 'host/1', at(JOB_LEASE_MS + 1))).toBe(false);
	});
});

/** Lets the callbacks already waiting run (the event loop goes round a few times). */
async function settle(): Promise<void> {
	for (let n = 0; n < 10; n++) await new Promise((resolve) => setImmediate(resolve));
}

describe('while jobs wait, the queue runs again at once', () => {
	afterEach(() => vi.useRealTimers());

	it('a job is waiting when it is not done, due, and held by no living lease', () => {
		const [a] = twoProcesses();
		expect(hasDueJob(a, NOW)).toBe(false);
		enqueueJob(a, 'confirmation', { registrationId: 'later', version: 1 }, at(60_000));
		expect(hasDueJob(a, NOW)).toBe(false);
		expect(hasDueJob(a, at(60_000))).toBe(true);
		leaseNextJob(a, 'host/1', at(60_000));
		expect(hasDueJob(a, at(60_000))).toBe(false);
		expect(hasDueJob(a, at(60_000 + JOB_LEASE_MS))).toBe(true);
	});

	/** startJobs with the queue's run playing one job a run (a run whose time is up after its first). */
	function startOneJobRuns(db: Db, onJob: (registrationId: string) => void) {
		let runs = 0;
		const queued = async ({ now }: JobContext) => {
			runs++;
			const handlers: JobHandlers = {
				confirmation: async ({ registrationId }) => {
					// As a real job does, it finishes later (after startJobs has returned).
					await Promise.resolve();
					onJob(registrationId);
				}
			};
			return `${await runDueJobs(db, handlers, now, { batch: 1, owner: 'host/1' })} job(s) done`;
		};
		const stop = startJobs(db, readConfig({}), { owner: 'host/1', jobs: { ...JOBS, 'queued-jobs': queued } });
		return { stop, runs: () => runs };
	}

	it('a run that leaves jobs waiting is followed by the next at once, not at the next tick, until none waits', async () => {
		// The schedule's timers never fire here: only the runs that follow at once take the jobs.
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
		const [a] = twoProcesses();
		enqueue(a, 3);
		const ran: string[] = [];
		const jobs = startOneJobRuns(a, (registrationId) => ran.push(registrationId));
		try {
			await vi.waitFor(() => expect(ran.length).toBe(3));
			await settle();
			expect(ran.sort()).toEqual(firstJobs(3));
			expect(jobs.runs()).toBe(3);
			expectAllDone(a);
		} finally {
			jobs.stop();
		}
	});

	it('once the jobs are stopped (the server shutting down), no run follows: the waiting jobs stay queued', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
		const [a] = twoProcesses();
		enqueue(a, 3);
		const ran: string[] = [];
		const jobs = startOneJobRuns(a, (registrationId) => {
			ran.push(registrationId);
			jobs.stop();
		});
		await settle();
		expect(ran).toEqual(['r0']);
		expect(jobs.runs()).toBe(1);
		expect(hasDueJob(a, new Date())).toBe(true);
	});
});
