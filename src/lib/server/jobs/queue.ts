// Work done after a transaction (queued_jobs): enqueued inside it, so that it exists only if the
// transaction commits, then run apart from it and retried with back-off until it succeeds.
//
// Several processes (WORKERS, or `npm run jobs` beside the server) may run the queue at once: each
// job is leased to one process (« host/pid ») until its lease expires. A process that dies leaves
// its leases behind: they are retried once expired, or at once by the next process to start on
// this host (releaseLeasesOfDeadProcesses).
import os from 'node:os';
import { and, asc, eq, isNotNull, isNull, like, lte, or, sql } from 'drizzle-orm';
import { placeholders, preparedQuery, type Db, type Executor } from '../db';
import { jobSchedule, queuedJobs, type JobKind, type JobPayloads } from '../db/schema';
import { giveWayToRequests, type Pacing } from './pace';

export type JobHandlers = { [K in JobKind]: (payload: JobPayloads[K]) => Promise<void> };

/** How long a job stays with the process that took it: longer than any job runs. */
export const JOB_LEASE_MS = 5 * 60_000;

/** This process, as leases name it. */
export function processOwner(pid = process.pid): string {
	return `${os.hostname()}/${pid}`;
}

const insertJob = preparedQuery((db) =>
	db.insert(queuedJobs).values({ ...placeholders('kind', 'payload'), createdAt: sql.placeholder('now'), runAt: sql.placeholder('now') })
);

export function enqueueJob<K extends JobKind>(tx: Executor, kind: K, payload: JobPayloads[K], now: Date): void {
	insertJob(tx).run({ kind, payload, now });
}

/** 10 seconds after the first failure, doubling with each one, an hour at most. */
function retryDelay(attempts: number): number {
	return Math.min(5_000 * 2 ** attempts, 3_600_000);
}

/** A job not done, due by `now`, that nobody holds (or whose holder's lease expired). */
const dueAndFree = (now: Date) =>
	and(isNull(queuedJobs.doneAt), lte(queuedJobs.runAt, now), or(isNull(queuedJobs.leaseExpiresAt), lte(queuedJobs.leaseExpiresAt, now)));

/** Whether a job is waiting that this process could take now. */
export function hasDueJob(db: Db, now: Date): boolean {
	return db.select({ id: queuedJobs.id }).from(queuedJobs).where(dueAndFree(now)).limit(1).get() !== undefined;
}

/** Takes the oldest due job nobody holds (or whose holder's lease expired), in one statement. */
export function leaseNextJob(db: Db, owner: string, now: Date, leaseMs = JOB_LEASE_MS) {
	return db.transaction(
		(tx) => {
			const job = tx.select().from(queuedJobs).where(dueAndFree(now)).orderBy(asc(queuedJobs.id)).limit(1).get();
			if (!job) return undefined;
			tx.update(queuedJobs)
				.set({ leasedBy: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
				.where(eq(queuedJobs.id, job.id))
				.run();
			return job;
		},
		{ behavior: 'immediate' }
	);
}

export interface JobRunLimits {
	/** At most this many jobs in the run. */
	batch?: number;
	/** The lease's owner: this process unless a test plays several. */
	owner?: string;
	/** No new job once this time has passed (the jobs running then finish). */
	budgetMs?: number;
	/**
	 * Jobs in progress at once (1 by default). With 2, one job's reads and writes on the event loop
	 * overlap the other's wait for work done elsewhere (a PDF drawn in the worker thread).
	 */
	concurrency?: number;
	/**
	 * How a job waits for the requests while the process is saturated (./pace.ts): the event loop's
	 * load and real time unless a test plays them.
	 */
	pacing?: Pacing;
}

/**
 * Runs the jobs that are due, oldest first, each leased to this process; a failure is retried
 * later, never dropped. Returns how many succeeded.
 */
export async function runDueJobs(
	db: Db,
	handlers: JobHandlers,
	now: Date,
	{ batch = 10, owner = processOwner(), budgetMs = Infinity, concurrency = 1, pacing }: JobRunLimits = {}
): Promise<number> {
	const started = performance.now();
	let taken = 0;
	let done = 0;
	// Each lane takes the next job when its own is finished; leasing is one synchronous
	// transaction, so two lanes never take the same job.
	const lane = async (first: boolean) => {
		while (taken < batch && performance.now() - started < budgetMs) {
			// A job's reads and writes hold the event loop: the requests waiting meanwhile go first,
			// and all the requests of a surge while it saturates the process (a second at most, after
			// which the job runs, its run's time budget spent or not: no job starves).
			if (!first) await new Promise((resolve) => setImmediate(resolve));
			first = false;
			await giveWayToRequests(pacing);
			if (taken >= batch) return;
			const job = leaseNextJob(db, owner, now);
			if (!job) return;
			taken++;
			const mine = and(eq(queuedJobs.id, job.id), eq(queuedJobs.leasedBy, owner));
			try {
				await handlers[job.kind](job.payload);
				db.update(queuedJobs).set({ doneAt: now, lastError: null, leasedBy: null, leaseExpiresAt: null }).where(mine).run();
				done++;
			} catch (error) {
				const attempts = job.attempts + 1;
				db.update(queuedJobs)
					.set({
						attempts,
						runAt: new Date(now.getTime() + retryDelay(attempts)),
						lastError: String(error).slice(0, 500),
						leasedBy: null,
						leaseExpiresAt: null
					})
					.where(mine)
					.run();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, concurrency) }, (_, n) => lane(n === 0)));
	return done;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Frees the leases (queued jobs and scheduled jobs) held by processes of this host that no longer
 * run: called when a server process starts, so that what a killed process held is retried at once.
 */
export function releaseLeasesOfDeadProcesses(db: Db, alive: (pid: number) => boolean = isAlive): number {
	const prefix = `${os.hostname()}/`;
	const dead = (owner: string | null) => owner !== null && owner.startsWith(prefix) && !alive(Number(owner.slice(prefix.length)));
	let released = 0;
	for (const table of [queuedJobs, jobSchedule] as const) {
		const owners = db
			.selectDistinct({ owner: table.leasedBy })
			.from(table)
			.where(and(isNotNull(table.leasedBy), like(table.leasedBy, `${prefix}%`)))
			.all()
			.map((row) => row.owner)
			.filter(dead);
		for (const owner of owners) {
			released += db.update(table).set({ leasedBy: null, leaseExpiresAt: null }).where(eq(table.leasedBy, owner!)).run().changes;
		}
	}
	return released;
}

/**
 * Takes the scheduled job `name` when it is due and nobody holds it: true when this process is to
 * run it now (then call finishScheduledRun). With several processes each ticking on the same
 * schedule, one of them runs it per period.
 */
export function claimScheduledRun(db: Db, name: string, owner: string, now: Date, leaseMs = JOB_LEASE_MS): boolean {
	return db.transaction(
		(tx) => {
			tx.insert(jobSchedule)
				.values({ name, nextRunAt: new Date(0) })
				.onConflictDoNothing()
				.run();
			return (
				tx
					.update(jobSchedule)
					.set({ leasedBy: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
					.where(
						and(
							eq(jobSchedule.name, name),
							lte(jobSchedule.nextRunAt, now),
							or(isNull(jobSchedule.leaseExpiresAt), lte(jobSchedule.leaseExpiresAt, now))
						)
					)
					.run().changes === 1
			);
		},
		{ behavior: 'immediate' }
	);
}

/** Releases the scheduled job after its run and sets its next one `periodMs` after it started. */
export function finishScheduledRun(db: Db, name: string, owner: string, startedAt: Date, periodMs: number): void {
	db.update(jobSchedule)
		.set({ leasedBy: null, leaseExpiresAt: null, lastRunAt: startedAt, nextRunAt: new Date(startedAt.getTime() + periodMs) })
		.where(and(eq(jobSchedule.name, name), eq(jobSchedule.leasedBy, owner)))
		.run();
}
