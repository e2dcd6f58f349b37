// Group commit (issue #17): the writes of requests that arrive together share one transaction, so
// one disk sync acknowledges them all. With `synchronous = FULL` every commit waits for the disk,
// and during a surge of « Enregistrer » that wait, one per submission, was most of the time the
// event loop spent in SQLite. No answer leaves before the commit that holds its writes: the
// durability of an acknowledged registration is unchanged.
//
// Each piece of work runs in its own savepoint: one that throws is undone alone and its caller
// gets the error, the others are committed. If the transaction itself fails (busy database, full
// disk: SQLite may roll back the whole transaction on such errors), every caller of the group gets
// the error and nothing of the group is kept.
//
// With several server processes (WORKERS) the groups of each take turns for the write lock. SQLite's
// own wait for a busy lock (busy_timeout) sleeps the whole process, every request of it included: a
// group instead tries the lock without waiting and, when another process holds it, tries again a
// few milliseconds later, its process serving other requests meanwhile (and more work joining the
// group). After tries for as long as SQLite would have waited (busy_timeout), its callers get the error.
import type { Db } from './index';

interface Pending {
	work: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

interface Lane {
	queue: Pending[];
	scheduled: boolean;
	/** When the first group still waiting found the lock taken. */
	busySince: number | null;
}

/** At most this many pieces of work per transaction: a bound on how long one holds the write lock. */
const GROUP_SIZE = 64;

const lanes = new WeakMap<Db, Lane>();

/**
 * Runs `work` (synchronous, its writes on `db`) in a transaction shared with the work queued during
 * the same turn of the event loop, and settles once that transaction is committed.
 */
export function commitGrouped<T>(db: Db, work: () => T): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let lane = lanes.get(db);
		if (!lane) lanes.set(db, (lane = { queue: [], scheduled: false, busySince: null }));
		lane.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
		if (!lane.scheduled) schedule(db, lane, 0);
	});
}

function schedule(db: Db, lane: Lane, delayMs: number): void {
	lane.scheduled = true;
	const run = () => {
		lane.scheduled = false;
		drain(db, lane);
	};
	if (delayMs > 0) setTimeout(run, delayMs);
	else setImmediate(run);
}

function drain(db: Db, lane: Lane): void {
	while (lane.queue.length > 0) {
		const group = lane.queue.slice(0, GROUP_SIZE);
		const outcome = commitGroup(db, group);
		if (outcome === 'busy') {
			lane.busySince ??= Date.now();
			if (Date.now() - lane.busySince < (db.$client.pragma('busy_timeout', { simple: true }) as number)) {
				schedule(db, lane, 1 + Math.random() * 4);
				return;
			}
		}
		lane.queue.splice(0, group.length);
		lane.busySince = null;
		if (outcome === 'busy') fail(group, new Error('database is locked (SQLITE_BUSY): another process held it too long'));
	}
}

/** BEGIN IMMEDIATE without waiting: false when another connection holds the write lock. */
function beginAtOnce(db: Db): boolean {
	const sqlite = db.$client;
	const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
	sqlite.pragma('busy_timeout = 0');
	try {
		sqlite.exec('BEGIN IMMEDIATE');
		return true;
	} catch (error) {
		if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
		throw error;
	} finally {
		sqlite.pragma(`busy_timeout = ${timeout}`);
	}
}

function commitGroup(db: Db, group: Pending[]): 'busy' | 'done' {
	const sqlite = db.$client;
	const outcomes: Array<{ value: unknown } | { error: unknown }> = [];
	try {
		if (!beginAtOnce(db)) return 'busy';
		for (const pending of group) {
			try {
				// Nested: a savepoint, rolled back alone if the work throws.
				outcomes.push({ value: sqlite.transaction(pending.work)() });
			} catch (error) {
				// SQLite rolled the whole transaction back: nothing of the group stands.
				if (!sqlite.inTransaction) throw error;
				outcomes.push({ error });
			}
		}
		sqlite.exec('COMMIT');
	} catch (error) {
		if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
		fail(group, error);
		return 'done';
	}
	group.forEach((pending, index) => {
		const outcome = outcomes[index];
		if ('error' in outcome) pending.reject(outcome.error);
		else pending.resolve(outcome.value);
	});
	return 'done';
}

function fail(group: Pending[], error: unknown): void {
	for (const pending of group) pending.reject(error);
}
