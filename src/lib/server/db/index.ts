import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getConfig } from '../config';
import { findProjectPath } from '../paths';
import * as schema from './schema';

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
	// FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power cut, and a
	// registration number once shown to a candidate must never vanish. Writes are few and small,
	// so an fsync per commit is affordable.
	sqlite.pragma('synchronous = FULL');
	return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
	migrate(db, { migrationsFolder: path.dirname(path.dirname(findProjectPath('drizzle/meta/_journal.json'))) });
}

export function databaseFile(dataDir: string): string {
	return path.join(dataDir, 'portail.sqlite');
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
