// SPEC M7, A7: importing school candidates from a CSV file. `planImport` reads and checks the whole
// file and says what each row would do, writing nothing (the preview); `applyImport` plans again in
// its own transaction (it never trusts a preview) and writes only when no row is in error. The INE
// is the key of a re-import: the same file again changes nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { withSearchNames } from '../db/search-names';
import {
	academies,
	accounts,
	candidates,
	examSessions,
	registrations,
	schoolImportCandidates,
	schoolImports,
	sessions,
	specialties
} from '../db/schema';
import { generateId } from '../auth/tokens';
import { allocateCandidateNumber, allocateRegistrationNumber, numberingAcademy } from '../numbers';
import { getExamCatalogue } from '../registrations/catalogue';
import { currentVersion, writeVersion } from '../registrations/versions';
import { academyScope, canAccessAcademy } from '../managers/scope';
import { changedFields, recordAudit } from '../managers/audit';
import type { ManagerUser } from '../managers/sessions';
import { EMAIL_TAKEN_MESSAGE, normalizeEmail } from '../../domain/account';
import { emptyRegistrationContent } from '../../domain/registration-content';
import {
	checkSchoolRow,
	decodeSchoolCsv,
	headerProblem,
	SCHOOL_CSV_MAX_ROWS,
	SCHOOL_IMPORT_EXAM,
	type CsvEncoding,
	type RowOutcome,
	type RowProblem,
	type SchoolRow
} from '../../domain/school-import';

export interface ImportFile {
	academyCode: string;
	fileName: string;
	bytes: Uint8Array;
}

/** One row of the preview: what it will do, or why it cannot. */
export interface PlannedRow {
	/** The line of the file where the row ends (the header is line 1). */
	line: number;
	ine: string;
	name: string;
	outcome: RowOutcome;
	/** Why an unchanged row stays so, when it differs from what is stored. */
	note: string | null;
	problems: RowProblem[];
}

export interface ImportPlan {
	fileHash: string;
	encoding: CsvEncoding;
	/** A problem of the whole file (header, quotes, size): no row is read. */
	fileProblem: string | null;
	rows: PlannedRow[];
	counts: Record<RowOutcome, number>;
}

type Candidate = typeof candidates.$inferSelect;
type Registration = typeof registrations.$inferSelect;

/** What the apply step needs for each row, beside what the preview shows. */
interface Step {
	row: SchoolRow;
	candidate: Candidate | null;
	registration: Registration | null;
}

/** The personal data of a school candidate that the file carries; the rest is completed by the office. */
const FILE_FIELDS = ['civility', 'birthName', 'usageName', 'firstNames', 'birthDate', 'birthPlace', 'birthCountry', 'nationality'] as const;

/**
 * The file has no address nor phone: they stay empty (the columns are NOT NULL, '' is allowed)
 * until the exam office corrects them with « Corriger » (SPEC M4).
 */
const MISSING_PERSONAL_DATA = { addressLine1: '', addressLine2: '', postalCode: '', city: '', country: '', phone: '' };

export function hashFile(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

function readRecords(text: string): { records: Array<{ cells: string[]; line: number }>; problem: string | null } {
	let parsed: Array<{ record: string[]; info: { lines: number } }>;
	try {
		parsed = parse(text, { delimiter: ';', relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
	} catch (error) {
		const line = (error as { lines?: number }).lines;
		return { records: [], problem: `Le fichier n’est pas un CSV lisible${line ? ` (ligne ${line})` : ''} : vérifiez les guillemets.` };
	}
	// A spreadsheet saves rows of empty cells under the data: they are no rows.
	const records = parsed
		.filter(({ record }) => record.some((cell) => cell.trim() !== ''))
		.map(({ record, info }) => ({ cells: record, line: info.lines }));
	return { records, problem: null };
}

/** Whether the pupil has logged in: a password chosen, or a session open with the slip. */
function hasLoggedIn(db: Executor, candidateId: string): boolean {
	const account = db.select({ passwordHash: accounts.passwordHash }).from(accounts).where(eq(accounts.candidateId, candidateId)).get();
	if (account?.passwordHash) return true;
	return !!db.select({ id: sessions.id }).from(sessions).where(eq(sessions.candidateId, candidateId)).get();
}

function sameAsStored(db: Executor, row: SchoolRow, candidate: Candidate, registration: Registration): boolean {
	const stored = currentVersion(db, registration);
	return (
		FILE_FIELDS.every((field) => candidate[field] === row[field]) &&
		(candidate.emailNormalized ?? null) === (row.email ? normalizeEmail(row.email) : null) &&
		stored.content.choice.specialtyCode === row.specialtyCode &&
		registration.schoolUai === row.schoolUai
	);
}

/**
 * Reads the file and decides each row, writing nothing. Returns null when the académie is not the
 * manager's (SPEC M1: the caller answers 404).
 */
function plan(db: Executor, manager: ManagerUser, file: ImportFile, now: Date): { plan: ImportPlan; steps: Map<number, Step> } | null {
	if (!canAccessAcademy(manager, file.academyCode)) return null;
	const academy = db.select({ kind: academies.kind }).from(academies).where(eq(academies.code, file.academyCode)).get();
	if (!academy || academy.kind === 'foreign-centre') return null;

	const { text, encoding } = decodeSchoolCsv(file.bytes);
	const result: ImportPlan = {
		fileHash: hashFile(file.bytes),
		encoding,
		fileProblem: null,
		rows: [],
		counts: { create: 0, update: 0, unchanged: 0, error: 0 }
	};
	const steps = new Map<number, Step>();
	const { records, problem } = readRecords(text);
	const header = records[0];
	result.fileProblem =
		problem ??
		(header ? headerProblem(header.cells) : 'Le fichier est vide.') ??
		(records.length < 2 ? 'Le fichier ne contient aucun candidat (seulement la ligne d’en-tête).' : null) ??
		(records.length - 1 > SCHOOL_CSV_MAX_ROWS ? `Le fichier dépasse ${SCHOOL_CSV_MAX_ROWS} candidats : découpez-le.` : null);
	if (result.fileProblem) return { plan: result, steps };

	const knownSpecialties = new Set(
		db
			.select({ code: specialties.code })
			.from(specialties)
			.where(eq(specialties.examDomainCode, SCHOOL_IMPORT_EXAM))
			.all()
			.map((row) => row.code)
	);
	const knownSessions = new Set(
		db
			.select({ year: examSessions.year })
			.from(examSessions)
			.where(eq(examSessions.examDomainCode, SCHOOL_IMPORT_EXAM))
			.all()
			.map((row) => row.year)
	);
	const inesSeen = new Map<string, number>();
	const emailsSeen = new Map<string, number>();

	for (const record of records.slice(1)) {
		const checked = checkSchoolRow(record.cells, now);
		const planned: PlannedRow = {
			line: record.line,
			ine: (record.cells[0] ?? '').trim().toUpperCase(),
			name: [record.cells[2], record.cells[4]].filter(Boolean).join(' ').trim(),
			outcome: 'error',
			note: null,
			problems: checked.ok ? [] : checked.problems
		};
		result.rows.push(planned);
		if (!checked.ok) continue;
		const row = checked.row;
		const problems = planned.problems;
		if (!knownSpecialties.has(row.specialtyCode)) {
			problems.push({
				column: 'Spécialité',
				message: `La spécialité « ${row.specialtyCode} » n’existe pas au catalogue du baccalauréat professionnel.`
			});
		}
		if (!knownSessions.has(row.sessionYear)) {
			problems.push({
				column: 'Session',
				message: `La session ${row.sessionYear} n’est pas ouverte au catalogue du baccalauréat professionnel.`
			});
		}
		const earlierIne = inesSeen.get(row.ine);
		if (earlierIne) problems.push({ column: 'INE', message: `Cet INE figure déjà à la ligne ${earlierIne}.` });
		else inesSeen.set(row.ine, record.line);
		const email = row.email ? normalizeEmail(row.email) : null;
		if (email) {
			const earlierEmail = emailsSeen.get(email);
			if (earlierEmail) problems.push({ column: 'Email', message: `Cette adresse mail figure déjà à la ligne ${earlierEmail}.` });
			else emailsSeen.set(email, record.line);
		}

		const candidate = db.select().from(candidates).where(eq(candidates.ine, row.ine)).get() ?? null;
		let registration: Registration | null = null;
		if (candidate) {
			const schoolRegistrations = db
				.select()
				.from(registrations)
				.where(and(eq(registrations.candidateId, candidate.id), eq(registrations.origin, 'school')))
				.all();
			if (schoolRegistrations.some((entry) => entry.academyCode !== file.academyCode)) {
				problems.push({ column: 'INE', message: 'Cet INE a été importé par une autre académie.' });
			} else {
				registration =
					schoolRegistrations.find(
						(entry) => entry.status === 'active' && entry.examDomainCode === SCHOOL_IMPORT_EXAM && entry.sessionYear === row.sessionYear
					) ?? null;
				if (!registration) {
					problems.push({
						column: 'Session',
						message: 'Cet INE a déjà été importé pour une autre session : l’import ne crée pas de seconde inscription.'
					});
				}
			}
		}
		if (email) {
			const owner = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.emailNormalized, email)).get();
			// SPEC A2: an address belongs to one candidate record only.
			if (owner && owner.id !== candidate?.id) problems.push({ column: 'Email', message: EMAIL_TAKEN_MESSAGE });
		}
		if (problems.length > 0) continue;

		steps.set(record.line, { row, candidate, registration });
		if (!candidate || !registration) planned.outcome = 'create';
		else if (sameAsStored(db, row, candidate, registration)) planned.outcome = 'unchanged';
		else if (hasLoggedIn(db, candidate.id)) {
			// What the pupil saw when logging in is not changed behind them: the office uses « Corriger ».
			planned.outcome = 'unchanged';
			planned.note = 'le candidat s’est déjà connecté';
		} else planned.outcome = 'update';
	}
	for (const row of result.rows) result.counts[row.outcome] += 1;
	return { plan: result, steps };
}

/** The preview: every row with its outcome; nothing is written. null: not the manager's académie. */
export function planImport(db: Executor, manager: ManagerUser, file: ImportFile, now: Date): ImportPlan | null {
	return plan(db, manager, file, now)?.plan ?? null;
}

export type ApplyResult =
	{ status: 'not-found' } | { status: 'refused'; plan: ImportPlan } | { status: 'applied'; importId: string; plan: ImportPlan };

/** Identity as an audit entry keeps it: the file's fields, the email and the exam choice. */
function auditedState(candidate: Pick<Candidate, (typeof FILE_FIELDS)[number] | 'email'>, specialtyCode: string, schoolUai: string | null) {
	const state: Record<string, string | null> = { email: candidate.email ?? null, specialtyCode, schoolUai };
	for (const field of FILE_FIELDS) state[field] = candidate[field];
	return state;
}

function createCandidate(tx: Executor, manager: ManagerUser, file: ImportFile, importId: string, row: SchoolRow, now: Date): string {
	const numbering = numberingAcademy(tx, file.academyCode);
	const candidateId = generateId();
	const candidateNumber = allocateCandidateNumber(tx, numbering);
	const personal = Object.fromEntries(FILE_FIELDS.map((field) => [field, row[field]])) as Pick<SchoolRow, (typeof FILE_FIELDS)[number]>;
	tx.insert(candidates)
		.values({
			...withSearchNames(personal),
			...MISSING_PERSONAL_DATA,
			id: candidateId,
			source: 'school',
			ine: row.ine,
			candidateNumber,
			email: row.email,
			emailNormalized: row.email ? normalizeEmail(row.email) : null,
			// SPEC A8: a registration exists, so the personal data is the office's to correct.
			personalDataLockedAt: now,
			createdAt: now
		})
		.run();
	// No password and no code yet: printing the slip issues the code (SPEC A7).
	tx.insert(accounts).values({ candidateId, activatedAt: now, createdAt: now }).run();

	const registrationId = generateId();
	const registrationNumber = allocateRegistrationNumber(tx, row.sessionYear, numbering);
	const registration = {
		id: registrationId,
		candidateId,
		examDomainCode: SCHOOL_IMPORT_EXAM,
		sessionYear: row.sessionYear,
		academyCode: file.academyCode
	};
	tx.insert(registrations)
		.values({
			...registration,
			registrationNumber,
			status: 'active',
			origin: 'school',
			schoolUai: row.schoolUai,
			version: 1,
			createdAt: now,
			updatedAt: now
		})
		.run();
	const content = emptyRegistrationContent();
	content.choice.specialtyCode = row.specialtyCode;
	writeVersion(tx, registration, 1, content, getExamCatalogue(tx, SCHOOL_IMPORT_EXAM, row.sessionYear), 'manager', now);
	recordAudit(
		tx,
		manager,
		{
			action: 'school-candidate.created',
			subjectType: 'candidate',
			subjectId: candidateId,
			after: { ine: row.ine, ...auditedState({ ...personal, email: row.email }, row.specialtyCode, row.schoolUai) },
			details: { importId, candidateNumber, registrationNumber, academyCode: file.academyCode }
		},
		now
	);
	return candidateId;
}

function updateCandidate(tx: Executor, manager: ManagerUser, importId: string, step: Step, now: Date): void {
	const { row } = step;
	const candidate = step.candidate!;
	const registration = step.registration!;
	const stored = currentVersion(tx, registration);
	const personal = Object.fromEntries(FILE_FIELDS.map((field) => [field, row[field]])) as Pick<SchoolRow, (typeof FILE_FIELDS)[number]>;
	tx.update(candidates)
		.set({ ...withSearchNames(personal), email: row.email, emailNormalized: row.email ? normalizeEmail(row.email) : null })
		.where(eq(candidates.id, candidate.id))
		.run();
	// The identity and the specialty are printed on the confirmation: a new version (SPEC R10).
	const content = structuredClone(stored.content);
	if (content.choice.specialtyCode !== row.specialtyCode) {
		content.choice = { ...emptyRegistrationContent().choice, specialtyCode: row.specialtyCode };
	}
	const version = registration.version + 1;
	writeVersion(tx, registration, version, content, getExamCatalogue(tx, SCHOOL_IMPORT_EXAM, registration.sessionYear), 'manager', now);
	tx.update(registrations).set({ version, schoolUai: row.schoolUai, updatedAt: now }).where(eq(registrations.id, registration.id)).run();
	const changed = changedFields(
		auditedState(candidate, stored.content.choice.specialtyCode, registration.schoolUai),
		auditedState({ ...personal, email: row.email }, row.specialtyCode, row.schoolUai)
	);
	recordAudit(
		tx,
		manager,
		{
			action: 'school-candidate.updated',
			subjectType: 'candidate',
			subjectId: candidate.id,
			before: changed.before,
			after: changed.after,
			details: {
				importId,
				ine: row.ine,
				candidateNumber: candidate.candidateNumber,
				registrationNumber: registration.registrationNumber,
				version,
				academyCode: registration.academyCode
			}
		},
		now
	);
}

/**
 * « Confirmer l’import »: plans the file again and, only when no row is in error, writes every row
 * in one transaction with the import's record and its audit entries (SPEC M7, M8).
 */
export function applyImport(db: Db, manager: ManagerUser, file: ImportFile, now: Date): ApplyResult {
	return db.transaction(
		(tx): ApplyResult => {
			const planned = plan(tx, manager, file, now);
			if (!planned) return { status: 'not-found' };
			const { plan: result, steps } = planned;
			if (result.fileProblem || result.counts.error > 0) return { status: 'refused', plan: result };

			const importId = generateId();
			tx.insert(schoolImports)
				.values({
					id: importId,
					academyCode: file.academyCode,
					managerId: manager.id,
					fileName: file.fileName,
					fileHash: result.fileHash,
					createdCount: result.counts.create,
					updatedCount: result.counts.update,
					unchangedCount: result.counts.unchanged,
					createdAt: now
				})
				.run();
			for (const planned of result.rows) {
				const step = steps.get(planned.line)!;
				let candidateId: string;
				if (planned.outcome === 'create') candidateId = createCandidate(tx, manager, file, importId, step.row, now);
				else {
					candidateId = step.candidate!.id;
					if (planned.outcome === 'update') updateCandidate(tx, manager, importId, step, now);
				}
				const outcome = planned.outcome === 'create' ? 'created' : planned.outcome === 'update' ? 'updated' : 'unchanged';
				tx.insert(schoolImportCandidates).values({ importId, candidateId, outcome }).run();
			}
			recordAudit(
				tx,
				manager,
				{
					action: 'school-import.applied',
					subjectType: 'school-import',
					subjectId: importId,
					details: {
						fileName: file.fileName,
						fileHash: result.fileHash,
						academyCode: file.academyCode,
						created: result.counts.create,
						updated: result.counts.update,
						unchanged: result.counts.unchanged
					}
				},
				now
			);
			return { status: 'applied', importId, plan: result };
		},
		{ behavior: 'immediate' }
	);
}

/** The imports of the manager's académies, newest first (the list's filter and « Imprimer »). */
export function listImports(db: Executor, manager: ManagerUser) {
	return db
		.select()
		.from(schoolImports)
		.where(academyScope(manager, schoolImports.academyCode))
		.orderBy(desc(schoolImports.createdAt))
		.all()
		.map((row) => ({
			id: row.id,
			academyCode: row.academyCode,
			fileName: row.fileName,
			createdAt: row.createdAt,
			created: row.createdCount,
			updated: row.updatedCount,
			unchanged: row.unchangedCount
		}));
}

/** One import of the manager's académies, or null (SPEC M1: 404). */
export function scopedImport(db: Executor, manager: ManagerUser, importId: string) {
	const row = db.select().from(schoolImports).where(eq(schoolImports.id, importId)).get();
	return row && canAccessAcademy(manager, row.academyCode) ? row : null;
}

/** The candidates an import named. */
export function importCandidateIds(db: Executor, importId: string): string[] {
	return db
		.select({ id: schoolImportCandidates.candidateId })
		.from(schoolImportCandidates)
		.where(eq(schoolImportCandidates.importId, importId))
		.all()
		.map((row) => row.id);
}

// ─── The file between the preview and the confirmation ───

/**
 * Between « Aperçu » and « Confirmer », the file waits on the server under its hash, for its
 * manager only and for an hour at most; the confirmation reads it back and checks it again.
 */
export const STASH_LIFETIME_MS = 3600_000;

function stashDir(dataDir: string): string {
	return path.join(dataDir, 'tmp', 'school-imports');
}

function stashPath(dataDir: string, managerId: string, fileHash: string): string {
	return path.join(stashDir(dataDir), `${managerId.replace(/[^A-Za-z0-9_-]/g, '')}-${fileHash}.csv`);
}

function removeStaleStashes(dataDir: string, now: Date): void {
	const dir = stashDir(dataDir);
	if (!fs.existsSync(dir)) return;
	for (const name of fs.readdirSync(dir)) {
		const file = path.join(dir, name);
		if (now.getTime() - fs.statSync(file).mtimeMs > STASH_LIFETIME_MS) fs.rmSync(file, { force: true });
	}
}

export function stashImportFile(dataDir: string, managerId: string, bytes: Uint8Array, now: Date): string {
	removeStaleStashes(dataDir, now);
	const fileHash = hashFile(bytes);
	fs.mkdirSync(stashDir(dataDir), { recursive: true, mode: 0o700 });
	fs.writeFileSync(stashPath(dataDir, managerId, fileHash), bytes, { mode: 0o600 });
	return fileHash;
}

export function readStashedImportFile(dataDir: string, managerId: string, fileHash: string, now: Date): Uint8Array | null {
	removeStaleStashes(dataDir, now);
	const file = stashPath(dataDir, managerId, fileHash);
	if (!/^[0-9a-f]{64}$/.test(fileHash) || !fs.existsSync(file)) return null;
	const bytes = new Uint8Array(fs.readFileSync(file));
	return hashFile(bytes) === fileHash ? bytes : null;
}

export function dropStashedImportFile(dataDir: string, managerId: string, fileHash: string): void {
	if (/^[0-9a-f]{64}$/.test(fileHash)) fs.rmSync(stashPath(dataDir, managerId, fileHash), { force: true });
}
