import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import {
	accounts,
	auditEvents,
	candidates,
	documents,
	queuedJobs,
	registrations,
	registrationVersions,
	schoolImportCandidates,
	schoolImports
} from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { runQueuedJobs } from '../documents';
import { getRegistration, listRegistrations, modifyRegistration, withdrawRegistration } from '../registrations';
import { TEST_CONFIG, TEST_NOW, seededTestDb } from '../registrations/test-fixtures';
import type { ManagerUser } from '../managers/sessions';
import { EMAIL_TAKEN_MESSAGE } from '../../domain/account';
import { SCHOOL_CSV_COLUMNS, SCHOOL_MADE_NOTICE } from '../../domain/school-import';
import { applyImport, planImport, readStashedImportFile, stashImportFile, type ImportFile } from './school-import';

const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };
const lyon: ManagerUser = { id: 'm-lyon', email: 'l@example.org', role: 'manager', academyCodes: ['10'], totpEnabled: false };
const later = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * 60_000);

const CHLOE = '123456789AB;Mme;Durand;;Chloé;14/03/2009;Grenoble;France;Française;chloe.durand@example.org;0380089F;MELEC;2027';
const ANAIS = '1234567890C;Mme;Martin;Petit;Anaïs Marie;02/11/2008;Voiron;France;Italienne;;0380089F;MELEC;2027';
const LUCAS = '1234A12345D;M;Bernard;;Lucas;30/06/2008;Vienne;France;FR;;0380090G;MCV;2027';

function csv(rows: string[], encoding: 'utf-8' | 'windows-1252' = 'utf-8'): Uint8Array {
	const text = [SCHOOL_CSV_COLUMNS.join(';'), ...rows].join('\r\n') + '\r\n';
	return new Uint8Array(encoding === 'utf-8' ? Buffer.from(text, 'utf8') : Buffer.from(text.replace(/’/g, '\x92'), 'latin1'));
}
const file = (rows: string[], academyCode = '08', encoding: 'utf-8' | 'windows-1252' = 'utf-8'): ImportFile => ({
	academyCode,
	fileName: 'eleves.csv',
	bytes: csv(rows, encoding)
});

let db: Db;
beforeEach(() => {
	db = seededTestDb();
});

const count = (table: typeof candidates | typeof registrations | typeof schoolImports) => db.select().from(table).all().length;
const actions = () =>
	db
		.select({ action: auditEvents.action })
		.from(auditEvents)
		.all()
		.map((row) => row.action);
const pupil = (ine: string) => db.select().from(candidates).where(eq(candidates.ine, ine)).get()!;
const registrationOf = (candidateId: string) => db.select().from(registrations).where(eq(registrations.candidateId, candidateId)).get()!;

describe('M7: the preview', () => {
	it('reads a Windows-1252 file and says what each row would do, writing nothing', () => {
		const plan = planImport(db, grenoble, file([CHLOE, ANAIS, LUCAS], '08', 'windows-1252'), TEST_NOW)!;
		expect(plan.encoding).toBe('windows-1252');
		expect(plan.fileProblem).toBeNull();
		expect(plan.rows.map((row) => [row.line, row.name, row.outcome])).toEqual([
			[2, 'Durand Chloé', 'create'],
			[3, 'Martin Anaïs Marie', 'create'],
			[4, 'Bernard Lucas', 'create']
		]);
		expect(plan.counts).toEqual({ create: 3, update: 0, unchanged: 0, error: 0 });
		expect(count(candidates)).toBe(0);
		expect(count(schoolImports)).toBe(0);
	});

	it('reports row errors with their column, and a file with an error row writes nothing', () => {
		const bad = LUCAS.replace('1234A12345D', '12345ABCDEF');
		const rows = [CHLOE, bad, ANAIS.replace('MELEC', 'PLOMBERIE'), CHLOE.replace('Chloé', 'Zoé'), ANAIS.replace('2027', '2031')];
		const plan = planImport(db, grenoble, file(rows), TEST_NOW)!;
		expect(plan.rows.map((row) => row.outcome)).toEqual(['create', 'error', 'error', 'error', 'error']);
		expect(plan.rows[1].problems).toEqual([{ column: 'INE', message: expect.stringMatching(/^L’INE n’a pas une forme connue/) }]);
		expect(plan.rows[2].problems).toEqual([
			{ column: 'Spécialité', message: 'La spécialité « PLOMBERIE » n’existe pas au catalogue du baccalauréat professionnel.' }
		]);
		expect(plan.rows[3].problems.map((problem) => problem.message)).toEqual([
			'Cet INE figure déjà à la ligne 2.',
			'Cette adresse mail figure déjà à la ligne 2.'
		]);
		expect(plan.rows[4].problems[0].column).toBe('Session');

		expect(applyImport(db, grenoble, file(rows), TEST_NOW)).toMatchObject({ status: 'refused' });
		expect(count(candidates)).toBe(0);
		expect(count(registrations)).toBe(0);
		expect(count(schoolImports)).toBe(0);
		expect(actions()).toEqual([]);
	});

	it('refuses a wrong header as a whole, and an address that belongs to another candidate (A2)', async () => {
		const header = [SCHOOL_CSV_COLUMNS.slice(1).join(';'), CHLOE].join('\n');
		const wrong = planImport(db, grenoble, { academyCode: '08', fileName: 'x.csv', bytes: new TextEncoder().encode(header) }, TEST_NOW)!;
		expect(wrong.fileProblem).toBe('La colonne 1 s’appelle « Civilité » au lieu de « INE ».');
		expect(wrong.rows).toEqual([]);

		await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG }, 'Chloe.Durand@example.org');
		const taken = planImport(db, grenoble, file([CHLOE]), TEST_NOW)!;
		expect(taken.rows[0].problems).toEqual([{ column: 'Email', message: EMAIL_TAKEN_MESSAGE }]);
	});
});

describe('M7: applying an import', () => {
	it('creates each candidate with an N° candidat of the académie and a school registration, audited in one go', async () => {
		const result = applyImport(db, grenoble, file([CHLOE, ANAIS]), TEST_NOW);
		expect(result.status).toBe('applied');
		const chloe = pupil('123456789AB');
		expect(chloe).toMatchObject({
			source: 'school',
			firstNames: 'Chloé',
			civility: 'MME',
			birthDate: '2009-03-14',
			nationality: 'FR',
			email: 'chloe.durand@example.org',
			addressLine1: '',
			phone: ''
		});
		expect(chloe.candidateNumber).toMatch(/^080000001.$/);
		expect(pupil('1234567890C')).toMatchObject({ nationality: 'EU', usageName: 'Petit', email: null });
		expect(db.select().from(accounts).where(eq(accounts.candidateId, chloe.id)).get()).toMatchObject({
			passwordHash: null,
			loginSlipSecretHash: null
		});
		const registration = registrationOf(chloe.id);
		expect(registration).toMatchObject({
			origin: 'school',
			schoolUai: '0380089F',
			status: 'active',
			academyCode: '08',
			examDomainCode: 'BCP',
			sessionYear: 2027,
			version: 1
		});
		expect(registration.registrationNumber).toMatch(/^2708/);
		const version = db.select().from(registrationVersions).where(eq(registrationVersions.registrationId, registration.id)).get()!;
		expect(version).toMatchObject({ createdBy: 'manager', content: { content: { choice: { specialtyCode: 'MELEC' } } } });

		const importRow = db.select().from(schoolImports).get()!;
		expect(importRow).toMatchObject({
			academyCode: '08',
			managerId: grenoble.id,
			fileName: 'eleves.csv',
			createdCount: 2,
			updatedCount: 0
		});
		expect(
			db
				.select()
				.from(schoolImportCandidates)
				.all()
				.map((row) => row.outcome)
		).toEqual(['created', 'created']);
		expect(actions().sort()).toEqual(['school-candidate.created', 'school-candidate.created', 'school-import.applied']);
		const applied = db.select().from(auditEvents).where(eq(auditEvents.action, 'school-import.applied')).get()!;
		expect(applied).toMatchObject({ actorType: 'manager', actorId: grenoble.id, details: { fileName: 'eleves.csv', created: 2 } });

		// The confirmation job renders a school registration, with its empty address, like any other.
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-school-'));
		try {
			expect(db.select().from(queuedJobs).all()).toHaveLength(2);
			await runQueuedJobs(db, dataDir, TEST_NOW);
			expect(db.select().from(documents).where(eq(documents.kind, 'confirmation')).all()).toHaveLength(2);
		} finally {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('importing the same file again changes nothing: every row unchanged, only the import is recorded', () => {
		applyImport(db, grenoble, file([CHLOE, ANAIS]), TEST_NOW);
		const before = { candidates: db.select().from(candidates).all(), registrations: db.select().from(registrations).all() };
		const plan = planImport(db, grenoble, file([CHLOE, ANAIS]), later(5))!;
		expect(plan.rows.map((row) => row.outcome)).toEqual(['unchanged', 'unchanged']);
		expect(applyImport(db, grenoble, file([CHLOE, ANAIS]), later(5))).toMatchObject({ status: 'applied' });
		expect(db.select().from(candidates).all()).toEqual(before.candidates);
		expect(db.select().from(registrations).all()).toEqual(before.registrations);
		expect(count(schoolImports)).toBe(2);
		expect(actions().filter((action) => action === 'school-import.applied')).toHaveLength(2);
		expect(actions().filter((action) => action.startsWith('school-candidate.'))).toHaveLength(2);
	});

	it('updates a pupil who never logged in (new version), and leaves one who did unchanged', () => {
		applyImport(db, grenoble, file([CHLOE, ANAIS]), TEST_NOW);
		const chloe = pupil('123456789AB');
		const anais = pupil('1234567890C');
		// Anaïs has chosen her password.
		db.update(accounts).set({ passwordHash: 'argon2-hash' }).where(eq(accounts.candidateId, anais.id)).run();

		const corrected = [CHLOE.replace(';Chloé;', ';Chloé Léa;').replace('MELEC', 'MCV'), ANAIS.replace('Anaïs Marie', 'Anaïs')];
		const plan = planImport(db, grenoble, file(corrected), later(5))!;
		expect(plan.rows.map((row) => [row.outcome, row.note])).toEqual([
			['update', null],
			['unchanged', 'le candidat s’est déjà connecté']
		]);
		expect(applyImport(db, grenoble, file(corrected), later(5)).status).toBe('applied');
		expect(pupil('123456789AB').firstNames).toBe('Chloé Léa');
		expect(pupil('1234567890C').firstNames).toBe('Anaïs Marie');
		const registration = registrationOf(chloe.id);
		expect(registration.version).toBe(2);
		const updated = db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'school-candidate.updated'), eq(auditEvents.subjectId, chloe.id)))
			.get()!;
		expect(updated.details).toMatchObject({
			before: { firstNames: 'Chloé', specialtyCode: 'MELEC' },
			after: { firstNames: 'Chloé Léa', specialtyCode: 'MCV' },
			version: 2
		});
		expect(
			db
				.select()
				.from(schoolImportCandidates)
				.all()
				.map((row) => row.outcome)
		).toEqual(['created', 'created', 'updated', 'unchanged']);
	});
});

describe('M1, M7: scope', () => {
	it('an import targets one of the manager’s académies only, and an INE of another académie is an error', () => {
		expect(planImport(db, lyon, file([CHLOE], '08'), TEST_NOW)).toBeNull();
		expect(applyImport(db, lyon, file([CHLOE], '08'), TEST_NOW)).toEqual({ status: 'not-found' });
		applyImport(db, grenoble, file([CHLOE]), TEST_NOW);
		const plan = planImport(db, lyon, file([CHLOE], '10'), TEST_NOW)!;
		expect(plan.rows[0].problems).toEqual([{ column: 'INE', message: 'Cet INE a été importé par une autre académie.' }]);
	});
});

describe('M7: the file kept between preview and confirmation', () => {
	it('is found again by its hash, for its manager only, and not after an hour', () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-stash-'));
		try {
			const bytes = csv([CHLOE]);
			const hash = stashImportFile(dataDir, grenoble.id, bytes, new Date());
			expect(readStashedImportFile(dataDir, grenoble.id, hash, new Date())).toEqual(bytes);
			expect(readStashedImportFile(dataDir, lyon.id, hash, new Date())).toBeNull();
			expect(readStashedImportFile(dataDir, grenoble.id, hash, new Date(Date.now() + 2 * 3600_000))).toBeNull();
		} finally {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

describe('M7, A7: the pupil consults a school registration but neither modifies nor withdraws it', () => {
	it('is listed, never open, and the server refuses a modification and a withdrawal', () => {
		applyImport(db, grenoble, file([CHLOE]), TEST_NOW);
		const chloe = pupil('123456789AB');
		const { registrationNumber, version } = registrationOf(chloe.id);
		// Grenoble's public window is open at TEST_NOW: it does not count for a school's registration.
		expect(listRegistrations(db, chloe.id, TEST_NOW)).toMatchObject([{ registrationNumber, schoolMade: true, open: false }]);
		expect(getRegistration(db, chloe.id, registrationNumber, TEST_NOW)).toMatchObject({ open: false, schoolMade: true });
		expect(withdrawRegistration(db, chloe.id, registrationNumber, TEST_NOW, TEST_CONFIG)).toBe('school-made');
		const answer = modifyRegistration(
			db,
			chloe.id,
			registrationNumber,
			{ key: 'key-school-000000000001', ifMatch: version, body: {} },
			{ now: TEST_NOW, config: TEST_CONFIG }
		);
		expect(answer).toMatchObject({ status: 403, body: { ok: false, message: SCHOOL_MADE_NOTICE } });
		expect(registrationOf(chloe.id)).toMatchObject({ status: 'active', version: 1 });
	});
});
