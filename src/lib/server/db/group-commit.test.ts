import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './index';
import { commitGrouped } from './group-commit';

const opened: Array<{ close(): void }> = [];
afterEach(() => opened.splice(0).forEach((connection) => connection.close()));

/** A database file with one table, and a second connection on it: what another process would see. */
function twoConnections(): { db: Db; other: Database.Database } {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-')), 'test.sqlite');
	const db = openDatabase(file);
	db.$client.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
	const other = new Database(file);
	opened.push(db.$client, other);
	return { db, other };
}

const insert = (db: Db, text: string) => () => db.$client.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid;
const texts = (connection: Database.Database) => connection.prepare('SELECT text FROM notes ORDER BY id').pluck().all() as string[];

describe('#17: group commit', () => {
	it('commits the work queued in the same turn in one transaction, and answers each only once it is committed', async () => {
		const { db, other } = twoConnections();
		const seenByOther: string[][] = [];
		const first = commitGrouped(db, insert(db, 'first'));
		const second = commitGrouped(db, () => {
			// Separate transactions would have committed « first » already.
			seenByOther.push(texts(other));
			return insert(db, 'second')();
		});
		expect(texts(other)).toEqual([]);
		expect(await Promise.all([first, second])).toEqual([1, 2]);
		expect(seenByOther).toEqual([[]]);
		expect(texts(other)).toEqual(['first', 'second']);
	});

	it('undoes only the work that throws; its caller gets the error, the others their answers', async () => {
		const { db, other } = twoConnections();
		const results = await Promise.allSettled([
			commitGrouped(db, insert(db, 'kept')),
			commitGrouped(db, () => {
				insert(db, 'undone')();
				throw new Error('refused');
			}),
			commitGrouped(db, insert(db, 'kept too'))
		]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
		expect(texts(other)).toEqual(['kept', 'kept too']);
	});

	it('starts a new transaction for work queued after the group was taken', async () => {
		const { db, other } = twoConnections();
		await commitGrouped(db, insert(db, 'one'));
		expect(texts(other)).toEqual(['one']);
		await commitGrouped(db, insert(db, 'two'));
		expect(texts(other)).toEqual(['one', 'two']);
	});

	it('waits for a lock another process holds without holding up the event loop, then commits', async () => {
		const { db, other } = twoConnections();
		other.exec('BEGIN IMMEDIATE');
		const committed = commitGrouped(db, insert(db, 'after the wait'));
		// SQLite's own wait (busy_timeout) would sleep the process: this timer would not fire.
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(db.$client.inTransaction).toBe(false);
		other.exec('COMMIT');
		expect(await committed).toBe(1);
		expect(texts(other)).toEqual(['after the wait']);
	});

	it('fails every caller of the group, and keeps nothing of it, when the lock stays taken past busy_timeout', async () => {
		const { db, other } = twoConnections();
		db.$client.pragma('busy_timeout = 50');
		other.exec('BEGIN IMMEDIATE');
		const results = await Promise.allSettled([commitGrouped(db, insert(db, 'a')), commitGrouped(db, insert(db, 'b'))]);
		other.exec('ROLLBACK');
		expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
		expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
		expect(texts(other)).toEqual([]);
		expect(db.$client.inTransaction).toBe(false);
		// The lane is free again.
		expect(await commitGrouped(db, insert(db, 'c'))).toBe(1);
	});
});
