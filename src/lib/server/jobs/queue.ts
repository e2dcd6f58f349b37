// Work done after a transaction (queued_jobs): enqueued inside it, so that it exists only if the
// transaction commits, then run apart from it and retried with back-off until it succeeds.
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { queuedJobs, type JobKind, type JobPayloads } from '../db/schema';

export type JobHandlers = { [K in JobKind]: (payload: JobPayloads[K]) => Promise<void> };

export function enqueueJob<K extends JobKind>(tx: Executor, kind: K, payload: JobPayloads[K], now: Date): void {
	tx.insert(queuedJobs).values({ kind, payload, createdAt: now, runAt: now }).run();
}

/** 10 seconds after the first failure, doubling with each one, an hour at most. */
function retryDelay(attempts: number): number {
	return Math.min(5_000 * 2 ** attempts, 3_600_000);
}

/** Runs the jobs that are due, oldest first; a failure is retried later, never dropped. Returns how many succeeded. */
export async function runDueJobs(db: Db, handlers: JobHandlers, now: Date, batch = 10): Promise<number> {
	const due = db
		.select()
		.from(queuedJobs)
		.where(and(isNull(queuedJobs.doneAt), lte(queuedJobs.runAt, now)))
		.orderBy(asc(queuedJobs.id))
		.limit(batch)
		.all();
	let done = 0;
	for (const job of due) {
		try {
			await handlers[job.kind](job.payload);
			db.update(queuedJobs).set({ doneAt: now, lastError: null }).where(eq(queuedJobs.id, job.id)).run();
			done++;
		} catch (error) {
			const attempts = job.attempts + 1;
			db.update(queuedJobs)
				.set({ attempts, runAt: new Date(now.getTime() + retryDelay(attempts)), lastError: String(error).slice(0, 500) })
				.where(eq(queuedJobs.id, job.id))
				.run();
		}
	}
	return done;
}
