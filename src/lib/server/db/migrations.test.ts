import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from './index';
import { isActiveRegistration, registrations } from './schema';
import { createTestDb } from './test-helpers';

function schemaOf(db: Db) {
	return db.$client.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
}

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
	it('a query on active registrations writes the status into its SQL, not as a bound value', () => {
		// SQLite compiles a prepared statement again at every run when a bound value decides whether a
		// partial index applies: with the status bound, each run of the query paid that.
		const db = createTestDb();
		const query = db
			.select({ id: registrations.id })
			.from(registrations)
			.where(and(eq(registrations.candidateId, sql.placeholder('candidateId')), isActiveRegistration()))
			.toSQL();
		expect(query.sql).toContain(`"registrations"."status" = 'active'`);
		expect(query.params).not.toContain('active');
	});

	it('applies every committed migration to an empty database', () => {
		const db = createTestDb();
		const journal = JSON.parse(fs.readFileSync(path.resolve('drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
		const applied = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
		expect(applied.n).toBe(journal.entries.length);
		expect(schemaOf(db).map((row) => (row as { name: string }).name)).toContain('audit_events');
	});

	it('a second start on the same file changes nothing', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-db-'));
		dirs.push(dir);
		const file = path.join(dir, 'portail.sqlite');

		const first = openDatabase(file);
		migrateDatabase(first);
		const before = { schema: schemaOf(first), migrations: first.$client.prepare('SELECT * FROM __drizzle_migrations').all() };
		first.$client.close();

		const second = openDatabase(file);
		migrateDatabase(second);
		expect(schemaOf(second)).toEqual(before.schema);
		expect(second.$client.prepare('SELECT * FROM __drizzle_migrations').all()).toEqual(before.migrations);
		second.$client.close();
	});

	it('opens with the pragmas the service relies on', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-db-'));
		dirs.push(dir);
		const db = openDatabase(path.join(dir, 'portail.sqlite'));
		expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
		expect(db.$client.pragma('synchronous', { simple: true })).toBe(2); // FULL
		db.$client.close();
	});
});
