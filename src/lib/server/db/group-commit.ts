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
import type { Db } from './index';

interface Pending {
	work: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

/** At most this many pieces of work per transaction: a bound on how long one holds the write lock. */
const GROUP_SIZE = 64;

const waiting = new WeakMap<Db, Pending[]>();

/**
 * Runs `work` (synchronous, its writes on `db`) in a transaction shared with the work queued during
 * the same turn of the event loop, and settles once that transaction is committed.
 */
export function commitGrouped<T>(db: Db, work: () => T): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let queue = waiting.get(db);
		if (!queue) {
			waiting.set(db, (queue = []));
			setImmediate(() => flush(db));
		}
		queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
	});
}

function flush(db: Db): void {
	const queue = waiting.get(db) ?? [];
	waiting.delete(db);
	for (let start = 0; start < queue.length; start += GROUP_SIZE) commitGroup(db, queue.slice(start, start + GROUP_SIZE));
}

function commitGroup(db: Db, group: Pending[]): void {
	const sqlite = db.$client;
	const outcomes: Array<{ value: unknown } | { error: unknown }> = [];
	try {
		sqlite
			.transaction(() => {
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
			})
			.immediate();
	} catch (error) {
		for (const pending of group) pending.reject(error);
		return;
	}
	group.forEach((pending, index) => {
		const outcome = outcomes[index];
		if ('error' in outcome) pending.reject(outcome.error);
		else pending.resolve(outcome.value);
	});
}
