// Scheduled jobs: run inside the server processes, and by hand with `npm run jobs -- <name>`.
import { lt } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db';
import { accountTokens } from '../db/schema';
import { purgeUnactivatedAccounts } from '../accounts';
import { deleteExpiredSessions } from '../auth/session';
import { deleteExpiredManagerSessions } from '../managers/sessions';
import { createTransport, deliverDueMail, type Transport } from '../mail/outbox';
import { runQueuedJobs } from '../documents';
import { sendWindowReminders } from '../mail/window-reminders';
import { claimScheduledRun, finishScheduledRun, hasDueJob, processOwner, releaseLeasesOfDeadProcesses } from './queue';

export interface JobContext {
	db: Db;
	config: Config;
	now: Date;
	transport?: Transport;
}

export const JOBS = {
	/** SPEC A4: accounts not activated within 48 hours, with everything attached. */
	'purge-unactivated': ({ db, now }: JobContext) => `${purgeUnactivatedAccounts(db, now)} account(s) deleted`,
	'deliver-mail': async ({ db, config, now, transport }: JobContext) => {
		if (!config.smtpUrl) return 'no SMTP_URL: mail stays in the outbox';
		// A one-off run (`npm run jobs`) opens its own connections, and closes them when done.
		const own = transport ? undefined : createTransport(config.smtpUrl);
		try {
			return `${await deliverDueMail(db, transport ?? own!, config.mailFrom, now)} message(s) sent`;
		} finally {
			own?.close();
		}
	},
	/** Queued work such as the confirmation PDFs, retried with back-off. */
	'queued-jobs': async ({ db, config, now }: JobContext) => `${await runQueuedJobs(db, config.dataDir, now)} job(s) done`,
	/** SPEC N3: reminders 7 days and 1 day before a window closes, once each per candidate. */
	'window-reminders': ({ db, config, now }: JobContext) => `${sendWindowReminders(db, config, now)} reminder(s) queued`,
	/** Expired sessions, and links expired for more than a week (kept a while to say « expired »). */
	'expire-sessions': ({ db, now }: JobContext) => {
		const sessions = deleteExpiredSessions(db, now) + deleteExpiredManagerSessions(db, now);
		const tokens = db
			.delete(accountTokens)
			.where(lt(accountTokens.expiresAt, new Date(now.getTime() - 7 * 86_400_000)))
			.run().changes;
		return `${sessions} session(s) and ${tokens} link(s) deleted`;
	}
} satisfies Record<string, (context: JobContext) => string | Promise<string>>;

export type JobName = keyof typeof JOBS;

const SCHEDULE: Record<JobName, number> = {
	'queued-jobs': 2_000,
	'deliver-mail': 5_000,
	'purge-unactivated': 10 * 60_000,
	'window-reminders': 10 * 60_000,
	'expire-sessions': 60 * 60_000
};

/** How often a process looks whether a scheduled job is due (another process may have run it). */
const TICK_MS = 5_000;

/**
 * Starts every job on its schedule (and, on a new database, once now); returns a function that
 * stops them. Every server process (WORKERS) calls it: a scheduled job runs in the one process that
 * claims it when due (job_schedule), once per period; the queue is shared job by job (leases).
 * `jobs` is for tests, which play a job's work.
 */
export function startJobs(db: Db, config: Config, { owner = processOwner(), jobs = JOBS } = {}): () => void {
	const transport = config.smtpUrl ? createTransport(config.smtpUrl) : undefined;
	const released = releaseLeasesOfDeadProcesses(db);
	if (released > 0) console.log(`[jobs] ${released} lease(s) of stopped processes released`);
	const running = new Set<JobName>();
	let stopped = false;
	const run = async (name: JobName) => {
		if (running.has(name)) return;
		running.add(name);
		try {
			const now = new Date();
			if (name === 'queued-jobs') {
				// A run ends at its time budget, and takes only the jobs due when it began: while jobs
				// are waiting (a surge's confirmations), the next run starts at once rather than at the
				// next tick. Each job lets the waiting requests go first.
				let at = now;
				do {
					await jobs[name]({ db, config, now: at, transport });
					await new Promise((resolve) => setImmediate(resolve));
					at = new Date();
				} while (!stopped && hasDueJob(db, at));
				return;
			}
			if (!claimScheduledRun(db, name, owner, now)) return;
			try {
				await jobs[name]({ db, config, now, transport });
			} finally {
				finishScheduledRun(db, name, owner, now, SCHEDULE[name]);
			}
		} catch (error) {
			console.error(`[job ${name}] failed`, error);
		} finally {
			running.delete(name);
		}
	};
	const timers = (Object.keys(SCHEDULE) as JobName[]).map((name) => {
		void run(name);
		return setInterval(() => void run(name), Math.min(SCHEDULE[name], TICK_MS));
	});
	return () => {
		stopped = true;
		timers.forEach(clearInterval);
		transport?.close();
	};
}
