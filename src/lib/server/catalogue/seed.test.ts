import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../db/test-helpers';
import type { Db } from '../db';
import * as t from '../db/schema';
import { windowState } from '../../domain/registration-window';
import { changeRegistrationWindow, listWindows } from './index';
import { seedCatalogue, seedDemoWindows } from './seed';
import { loadCatalogueData } from './data-schema';

const NOW = new Date('2026-11-29T10:00:00Z');

/** Every table's rows but the catalogue's version, which a rewrite of the same values raises (a read again, no more). */
function dump(db: Db) {
	const tables = db.$client
		.prepare(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name <> 'catalogue_version' ORDER BY name"
		)
		.all() as { name: string }[];
	return Object.fromEntries(tables.map(({ name }) => [name, db.$client.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
}

function seeded() {
	const db = createTestDb();
	seedCatalogue(db, undefined, NOW);
	seedDemoWindows(db, NOW);
	return db;
}

function stateOf(db: Db, examDomainCode: string, academyCode: string) {
	const windows = listWindows(db, { examDomainCode, sessionYear: 2027, academyCode }, 'public');
	return windows.map((window) => windowState(window, NOW));
}

describe('M2: the catalogue in the database', () => {
	it('holds the 30 académies, the 4 vice-rectorats and foreign centres with unique codes', () => {
		const db = seeded();
		const rows = db.select().from(t.academies).all();
		expect(rows.filter((row) => row.kind === 'academy')).toHaveLength(30);
		expect(
			rows
				.filter((row) => row.kind === 'vice-rectorate')
				.map((row) => row.code)
				.sort()
		).toEqual(['40', '41', '42', '44']);
		expect(rows.filter((row) => row.kind === 'foreign-centre').length).toBeGreaterThan(0);
		expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length);
		expect(rows.find((row) => row.code === '28')?.timeZone).toBe('Indian/Reunion');
	});

	it('gives every Bac pro specialty units with positive coefficients', () => {
		const db = seeded();
		const specialties = db.select().from(t.specialties).where(eq(t.specialties.examDomainCode, 'BCP')).all();
		expect(specialties.length).toBeGreaterThanOrEqual(8);
		for (const specialty of specialties) {
			const units = db.select().from(t.examUnits).where(eq(t.examUnits.specialtyCode, specialty.code)).all();
			const marked = units.filter((unit) => !unit.optional && unit.coefficient !== null);
			expect(marked.length, specialty.code).toBeGreaterThan(0);
			expect(
				marked.every((unit) => unit.coefficient! > 0),
				specialty.code
			).toBe(true);
			expect(
				marked.some((unit) => unit.general),
				specialty.code
			).toBe(true);
		}
	});

	it('uses the guide’s contact for Grenoble’s Bac pro exam office', () => {
		const db = seeded();
		const office = db
			.select()
			.from(t.examOffices)
			.where(eq(t.examOffices.academyCode, '08'))
			.all()
			.find((row) => row.examDomainCode === 'BCP');
		expect(office?.email).toBe('ce.decbacpro@ac-grenoble.fr');
		expect(office?.sessionYear).toBe(2027);
	});

	it('a second seed run changes nothing', () => {
		const db = seeded();
		const before = dump(db);
		seedCatalogue(db, undefined, new Date(NOW.getTime() + 3600_000));
		seedDemoWindows(db, NOW);
		expect(dump(db)).toEqual(before);
	});

	it('keeps a window changed through the application', () => {
		const db = seeded();
		const changed = { opensAt: new Date('2026-12-01T08:00:00Z'), closesAt: new Date('2027-01-15T16:00:00Z') };
		changeRegistrationWindow(db, 'BCP-2027-08-GP', changed, NOW);
		seedDemoWindows(db, new Date(NOW.getTime() + 86_400_000));
		const [window] = listWindows(db, { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08' }, 'public');
		expect(window.opensAt).toEqual(changed.opensAt);
		expect(window.closesAt).toEqual(changed.closesAt);
	});
});

describe('M2: an exam office saved in the admin view', () => {
	it('is left alone when a newer catalogue file is applied; the other offices take the new values', () => {
		const db = seeded();
		const lyon = and(eq(t.examOffices.academyCode, '10'), eq(t.examOffices.examDomainCode, 'BCP'), eq(t.examOffices.sessionYear, 2027));
		db.update(t.examOffices).set({ email: 'dec.bacpro@ac-lyon.fr', illustrativeFields: [], changedInAppAt: NOW }).where(lyon).run();
		const data = loadCatalogueData();
		const renamed = {
			...data,
			examOffices: {
				...data.examOffices,
				version: 2 as 1,
				examOffices: data.examOffices.examOffices.map((office) => ({ ...office, serviceName: 'Service renommé par le fichier' }))
			}
		};
		seedCatalogue(db, renamed, new Date(NOW.getTime() + 3600_000));
		const kept = db.select().from(t.examOffices).where(lyon).get()!;
		expect(kept).toMatchObject({
			email: 'dec.bacpro@ac-lyon.fr',
			illustrativeFields: [],
			serviceName: 'Division des examens et concours (DEC)'
		});
		const other = db
			.select()
			.from(t.examOffices)
			.where(and(eq(t.examOffices.academyCode, '08'), eq(t.examOffices.examDomainCode, 'BCP')))
			.get()!;
		expect(other.serviceName).toBe('Service renommé par le fichier');
	});
});

describe('P1: the demonstration windows', () => {
	it('are open, upcoming, closed or absent as the demonstration story says', () => {
		const db = seeded();
		for (const code of ['08', '14', '01', '10', '28']) expect(stateOf(db, 'BCP', code), code).toEqual(['open']);
		expect(stateOf(db, 'BCP', '09')).toEqual(['upcoming']);
		expect(stateOf(db, 'BCP', '23')).toEqual(['closed']);
		expect(stateOf(db, 'CAP', '27')).toEqual([]);
	});

	it('open and close at 09:00 and 17:00 on La Réunion’s clock there', () => {
		const db = seeded();
		const [window] = listWindows(db, { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '28' }, 'public');
		const hour = (date: Date) =>
			new Intl.DateTimeFormat('fr-FR', { timeZone: 'Indian/Reunion', hour: '2-digit', minute: '2-digit' }).format(date);
		expect(hour(window.opensAt)).toBe('09:00');
		expect(hour(window.closesAt)).toBe('17:00');
	});
});
