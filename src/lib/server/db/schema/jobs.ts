import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What a job of each kind needs to run. */
export interface JobPayloads {
	/** The confirmation of one registration version (SPEC R8). */
	confirmation: { registrationId: string; version: number };
}
export type JobKind = keyof JobPayloads;
const JOB_KINDS = ['confirmation'] as const satisfies ReadonlyArray<JobKind>;

/** Work done after a transaction, retried until it succeeds (the confirmation PDF first of all). */
export const queuedJobs = sqliteTable(
	'queued_jobs',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: JOB_KINDS }).notNull(),
		payload: text('payload', { mode: 'json' }).$type<JobPayloads[JobKind]>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		doneAt: integer('done_at', { mode: 'timestamp_ms' }),
		/** The process running it (« host/pid »), until `leaseExpiresAt`: then anyone may retry it. */
		leasedBy: text('leased_by'),
		leaseExpiresAt: integer('lease_expires_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('queued_jobs_due_idx').on(table.doneAt, table.runAt)]
);

/**
 * When each scheduled job (src/lib/server/jobs) runs next, and which process holds it: with several
 * server processes (WORKERS), the one that takes the lease runs it, once per schedule.
 */
export const jobSchedule = sqliteTable('job_schedule', {
	name: text('name').primaryKey(),
	nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }).notNull(),
	leasedBy: text('leased_by'),
	leaseExpiresAt: integer('lease_expires_at', { mode: 'timestamp_ms' }),
	lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' })
});
