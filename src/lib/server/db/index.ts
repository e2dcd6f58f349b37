import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getConfig } from '../config';
import { findProjectPath } from '../paths';
import * as schema from './schema';
import { foldMissingSearchNames } from './search-names';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The database or a transaction on it: what query functions that may run inside one accept. */
export type Executor = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete'>;

/** Opens (creating if needed) a SQLite database with the pragmas every connection needs. */
export function openDatabase(file: string): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power cut or an OS crash,
	// and a registration number once shown to a candidate must never vanish. The price, measured
	// (issue #17): the fsync of each commit is about a quarter of a submission's time under load.
	sqlite.pragma('synchronous = FULL');
	return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
	migrate(db, { migrationsFolder: path.dirname(path.dirname(findProjectPath('drizzle/meta/_journal.json'))) });
	// Data that only TypeScript can compute, for rows the migrations (or a bulk insert) left without it.
	foldMissingSearchNames(db);
}

export function databaseFile(dataDir: string): string {
	return path.join(dataDir, 'portail.sqlite');
}

/** The database itself, not a transaction on it (a drizzle transaction has no `$client`). */
export function isDatabase(executor: Executor): executor is Db {
	return '$client' in executor && !!(executor as Db).$client;
}

/**
 * A query built and prepared once per database connection (drizzle's `.prepare()`, values as
 * `sql.placeholder('name')`) instead of on every call, for the hot paths:
 * `const byId = preparedQuery((db) => db.select().from(t).where(eq(t.id, sql.placeholder('id'))))`,
 * then `byId(db).get({ id })`. Given a transaction object it prepares for that call only; a query
 * prepared on the database runs inside the connection's open transaction too (one connection).
 */
export function preparedQuery<P>(build: (db: Executor) => { prepare(): P }): (db: Executor) => P {
	const statements = new WeakMap<Db, P>();
	return (db) => {
		if (!isDatabase(db)) return build(db).prepare();
		let statement = statements.get(db);
		if (statement === undefined) statements.set(db, (statement = build(db).prepare()));
		return statement;
	};
}

/**
 * The values of a prepared insert or update, each column's the placeholder of its own name:
 * `db.insert(t).values(placeholders('id', 'name')).prepare()`, then `.run({ id, name })`.
 */
export function placeholders<K extends string>(...names: K[]): { [Name in K]: ReturnType<typeof sql.placeholder<Name>> } {
	return Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as {
		[Name in K]: ReturnType<typeof sql.placeholder<Name>>;
	};
}

/**
 * A placeholder as the value of an update's `set` in a prepared query. Drizzle wraps it in the
 * column's encoder like any value (dates, JSON), but its types accept only values there.
 */
export function placeholderValue<T>(name: string): T {
	return sql.placeholder(name) as unknown as T;
}

let current: Db | undefined;

/** The process's database, opened lazily so that building (which imports the hooks) opens nothing. */
export function getDb(): Db {
	current ??= openDatabase(databaseFile(getConfig().dataDir));
	return current;
}

export function closeDb(): void {
	current?.$client.close();
	current = undefined;
}
