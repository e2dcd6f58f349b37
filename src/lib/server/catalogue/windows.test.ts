import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../db';
import { catalogueSnapshot } from './cache';
import { seedCatalogue, seedDemoWindows } from './seed';
import { addWindow, seededTestDb, TEST_NOW } from '../registrations/test-fixtures';
import { academies, examOffices, registrationWindows } from '../db/schema';
import { eq } from 'drizzle-orm';
import {
	changeRegistrationWindow,
	examOfficeCondition,
	findAcademy,
	findExamOffice,
	findLastWindow,
	findOpenWindow,
	listSupportingDocumentTypes,
	listWindows
} from './index';

/** The next run of JavaScript, where another connection's commit is seen (catalogue/cache.ts). */
const nextRun = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How many times `catalogue_version` is read while `run` runs. */
function versionReads(db: Db, run: () => void): number {
	const statement = Object.getPrototypeOf(db.$client.prepare('SELECT 1')) as { get: (...args: unknown[]) => unknown };
	const original = statement.get;
	let count = 0;
	statement.get = function (this: { source: string }, ...args: unknown[]) {
		if (this.source.includes('catalogue_version')) count += 1;
		return original.apply(this, args);
	};
	try {
		run();
	} finally {
		statement.get = original;
	}
	return count;
}

const NICE = { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '23' };
const GRENOBLE = { ...NICE, academyCode: '08' };

describe('P1, R15: the window queries', () => {
	it('find only the windows of the audience asked for', () => {
		const db = seededTestDb();
		const [closed] = listWindows(db, NICE, 'public');
		addWindow(db, {
			academyCode: '23',
			audience: 'school',
			opensAt: new Date('2026-11-01T08:00:00Z'),
			closesAt: new Date('2027-02-01T16:00:00Z')
		});
		expect(listWindows(db, NICE, 'public')).toEqual([closed]);
		expect(findOpenWindow(db, NICE, 'public', TEST_NOW)).toBeUndefined();
		expect(findLastWindow(db, NICE, 'public')).toEqual(closed);
	});

	it('find a window open from its opening instant included to its closing instant excluded', () => {
		const db = seededTestDb();
		const period = { opensAt: new Date('2026-11-02T08:00:00Z'), closesAt: new Date('2026-12-10T16:00:00Z') };
		changeRegistrationWindow(db, 'BCP-2027-08-GP', period, TEST_NOW);
		const before = (instant: Date) => new Date(instant.getTime() - 1);
		expect(findOpenWindow(db, GRENOBLE, 'public', before(period.opensAt))).toBeUndefined();
		expect(findOpenWindow(db, GRENOBLE, 'public', period.opensAt)).toMatchObject(period);
		expect(findOpenWindow(db, GRENOBLE, 'public', before(period.closesAt))).toMatchObject(period);
		expect(findOpenWindow(db, GRENOBLE, 'public', period.closesAt)).toBeUndefined();
	});
});

describe('#17: the catalogue kept in memory, read inside a transaction', () => {
	it('serves a transaction that does not change it, and a transaction that does reads its own change, undone by a rollback', () => {
		const db = seededTestDb();
		const period = { opensAt: new Date('2026-11-02T08:00:00Z'), closesAt: new Date('2026-12-10T16:00:00Z') };
		changeRegistrationWindow(db, 'BCP-2027-08-GP', period, TEST_NOW);
		// « Enregistrer »: its queries run on the database inside its transaction, and read the kept catalogue.
		db.transaction(() => expect(findOpenWindow(db, GRENOBLE, 'public', TEST_NOW)).toMatchObject(period), { behavior: 'immediate' });
		const moved = { opensAt: period.opensAt, closesAt: new Date('2026-12-20T16:00:00Z') };
		expect(() =>
			db.transaction((tx) => {
				tx.update(registrationWindows).set({ closesAt: moved.closesAt }).where(eq(registrationWindows.code, 'BCP-2027-08-GP')).run();
				expect(findOpenWindow(db, GRENOBLE, 'public', TEST_NOW)).toMatchObject(moved);
				tx.rollback();
			})
		).toThrow('Rollback');
		expect(findOpenWindow(db, GRENOBLE, 'public', TEST_NOW)).toMatchObject(period);
	});
});

describe('#17: the catalogue kept in memory, with another connection writing', () => {
	it('is kept through other writes, and read again after a change of the catalogue, whoever commits it', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-')), 'test.sqlite');
		const db = openDatabase(file);
		migrateDatabase(db);
		seedCatalogue(db, undefined, TEST_NOW);
		seedDemoWindows(db, TEST_NOW);
		// Another process: its own connection, SQL of its own.
		const other = new Database(file);
		try {
			const kept = catalogueSnapshot(db);
			other.prepare('INSERT INTO number_sequences (key, last_value) VALUES (?, 1)').run('an unrelated write');
			await nextRun();
			expect(catalogueSnapshot(db)).toBe(kept);
			other.prepare('UPDATE academies SET name = ? WHERE code = ?').run('Grenoble (renamed)', '08');
			await nextRun();
			const renamed = catalogueSnapshot(db);
			expect(renamed).not.toBe(kept);
			expect(renamed!.academyByCode.get('08')!.name).toBe('Grenoble (renamed)');
		} finally {
			other.close();
			db.$client.close();
		}
	});

	it('reads the exam offices and the supporting document types again when another connection changes them', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-')), 'test.sqlite');
		const db = openDatabase(file);
		migrateDatabase(db);
		seedCatalogue(db, undefined, TEST_NOW);
		const other = new Database(file);
		try {
			const before = listSupportingDocumentTypes(db);
			expect(before.length).toBeGreaterThan(1);
			expect(findExamOffice(db, GRENOBLE)!.email).not.toBe('bureau@example.org');
			// A manager saving the office in another worker; the seed renaming a piece type.
			other
				.prepare('UPDATE exam_offices SET email = ? WHERE academy_code = ? AND exam_domain_code = ? AND session_year = ?')
				.run('bureau@example.org', '08', 'BCP', 2027);
			other.prepare('UPDATE supporting_document_types SET label = ? WHERE code = ?').run('Pièce renommée', before[0].code);
			await nextRun();
			expect(findExamOffice(db, GRENOBLE)!.email).toBe('bureau@example.org');
			expect(listSupportingDocumentTypes(db)[0].label).toBe('Pièce renommée');
			other.prepare('DELETE FROM supporting_document_types WHERE code = ?').run(before.at(-1)!.code);
			await nextRun();
			expect(listSupportingDocumentTypes(db).map((type) => type.code)).toEqual(before.slice(0, -1).map((type) => type.code));
		} finally {
			other.close();
			db.$client.close();
		}
	});
});

describe('#17: the catalogue kept in memory, read through this connection', () => {
	it('gives copies or frozen rows: a caller cannot change what the next one reads', () => {
		const db = seededTestDb();
		const office = findExamOffice(db, GRENOBLE)!;
		office.email = 'changed-by-a-caller@example.org';
		expect(() => office.postalAddress.lines.push('une ligne de plus')).toThrow(TypeError);
		const types = listSupportingDocumentTypes(db);
		types.reverse();
		expect(() => (types[0].label = 'changé')).toThrow(TypeError);
		expect(findExamOffice(db, GRENOBLE)!.email).not.toBe('changed-by-a-caller@example.org');
		expect(findExamOffice(db, GRENOBLE)!.postalAddress.lines).not.toContain('une ligne de plus');
		expect(listSupportingDocumentTypes(db)).not.toEqual(types);
	});

	it('compares the version once per run of JavaScript, and again after a change through this connection', async () => {
		const db = seededTestDb();
		const readTen = () => {
			for (let index = 0; index < 10; index += 1) expect(findAcademy(db, '08')).toBeDefined();
		};
		expect(versionReads(db, readTen)).toBe(1);
		expect(versionReads(db, readTen)).toBe(0);
		await nextRun();
		expect(versionReads(db, readTen)).toBe(1);
		// In the same run: a change through this connection is read at once, and so is its rollback.
		expect(
			versionReads(db, () => {
				db.update(academies).set({ name: 'Grenoble (renommée)' }).where(eq(academies.code, '08')).run();
				expect(findAcademy(db, '08')!.name).toBe('Grenoble (renommée)');
				expect(() =>
					db.transaction((tx) => {
						tx.update(academies).set({ name: 'Grenoble (annulée)' }).where(eq(academies.code, '08')).run();
						expect(findAcademy(db, '08')!.name).toBe('Grenoble (annulée)');
						tx.rollback();
					})
				).toThrow('Rollback');
				expect(findAcademy(db, '08')!.name).toBe('Grenoble (renommée)');
				readTen();
			})
		).toBe(3);
	});
});

describe('M2: the exam office read by the wizard and the summaries', () => {
	it('is read as committed at every call, changed through the same connection or inside its transaction', () => {
		const db = seededTestDb();
		const office = findExamOffice(db, GRENOBLE)!;
		expect(office).toMatchObject(GRENOBLE);
		expect(findExamOffice(db, { ...GRENOBLE, sessionYear: 2031 })).toBeUndefined();
		expect(findExamOffice(db, { ...GRENOBLE, sessionYear: Number('2027x') })).toBeUndefined();
		// A change that calls nothing afterwards (no cache to invalidate): the next read sees it.
		db.update(examOffices).set({ email: 'changed@example.org' }).where(examOfficeCondition(GRENOBLE)).run();
		expect(findExamOffice(db, GRENOBLE)!.email).toBe('changed@example.org');
		// Rolled back: drizzle's rollback throws.
		expect(() =>
			db.transaction((tx) => {
				tx.update(examOffices).set({ email: 'in-tx@example.org' }).where(examOfficeCondition(GRENOBLE)).run();
				expect(findExamOffice(tx, GRENOBLE)!.email).toBe('in-tx@example.org');
				expect(findExamOffice(db, GRENOBLE)!.email).toBe('in-tx@example.org');
				tx.rollback();
			})
		).toThrow('Rollback');
		expect(findExamOffice(db, GRENOBLE)!.email).toBe('changed@example.org');
	});
});
