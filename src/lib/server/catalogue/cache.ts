// The catalogue that every public page and the wizard read (académies, exams, sessions, windows),
// kept in memory per database connection. It changes only by an administrator's action (or the
// seed at start), so it is read once and read again only after a change:
// - a change made through this connection calls `invalidateCatalogue` once committed (the
//   services of catalogue/, admin/windows.ts, admin/exam-offices.ts, the seed);
// - a change committed by another connection (another worker of WORKERS=N, `npm run manager`, a
//   test writing with its own connection) moves SQLite's `PRAGMA data_version`, checked on every
//   read: one prepared statement, no table read. Any commit elsewhere moves it, not only a
//   catalogue change, so with several writing workers the catalogue is read again more often: never
//   stale, and never more often than without the cache (once per read at worst).
// Inside a transaction (a `tx`, which has no `$client`) the catalogue is read from the database,
// as the transaction sees it. Given the database while a transaction is open on it (the hot writes
// of « Enregistrer » run their prepared queries on `db`), the kept snapshot serves if it is current:
// a transaction that changes the catalogue calls `invalidateCatalogue` at its start, so that what it
// reads afterwards comes from the database, and is not kept (a rollback may undo it).
import { asc } from 'drizzle-orm';
import { isDatabase, type Db, type Executor } from '../db';
import { academies, examDomains, examSessions, registrationWindows } from '../db/schema';

export type AcademyRow = typeof academies.$inferSelect;
export type ExamDomainRow = typeof examDomains.$inferSelect;
export type WindowRow = Pick<typeof registrationWindows.$inferSelect, 'code' | 'opensAt' | 'closesAt'>;

export interface CatalogueSnapshot {
	/** In the catalogue's order (sort_order). */
	academies: AcademyRow[];
	academyByCode: Map<string, AcademyRow>;
	examDomains: ExamDomainRow[];
	examDomainByCode: Map<string, ExamDomainRow>;
	/** Every session year, ascending, and each exam's. */
	sessionYears: number[];
	sessions: Set<string>;
	/** The windows of each exam, session, académie and audience, by key `windowKey`, first to open first. */
	windows: Map<string, WindowRow[]>;
}

interface Entry {
	dataVersion: () => number;
	seen: number;
	snapshot: CatalogueSnapshot | null;
}

const entries = new WeakMap<object, Entry>();

export const sessionKey = (examDomainCode: string, year: number) => `${examDomainCode}\u0000${year}`;
export const windowKey = (examDomainCode: string, sessionYear: number, academyCode: string, audience: string) =>
	`${examDomainCode}\u0000${sessionYear}\u0000${academyCode}\u0000${audience}`;

function readSnapshot(db: Db): CatalogueSnapshot {
	const academyRows = db.select().from(academies).orderBy(asc(academies.sortOrder)).all();
	const domainRows = db.select().from(examDomains).orderBy(asc(examDomains.sortOrder)).all();
	const sessionRows = db.select({ examDomainCode: examSessions.examDomainCode, year: examSessions.year }).from(examSessions).all();
	const windowRows = db
		.select({
			code: registrationWindows.code,
			opensAt: registrationWindows.opensAt,
			closesAt: registrationWindows.closesAt,
			examDomainCode: registrationWindows.examDomainCode,
			sessionYear: registrationWindows.sessionYear,
			academyCode: registrationWindows.academyCode,
			audience: registrationWindows.audience
		})
		.from(registrationWindows)
		.orderBy(asc(registrationWindows.opensAt), asc(registrationWindows.id))
		.all();
	const windows = new Map<string, WindowRow[]>();
	for (const { code, opensAt, closesAt, ...place } of windowRows) {
		const key = windowKey(place.examDomainCode, place.sessionYear, place.academyCode, place.audience);
		let list = windows.get(key);
		if (!list) windows.set(key, (list = []));
		list.push({ code, opensAt, closesAt });
	}
	return {
		academies: academyRows,
		academyByCode: new Map(academyRows.map((row) => [row.code, row])),
		examDomains: domainRows,
		examDomainByCode: new Map(domainRows.map((row) => [row.code, row])),
		sessionYears: [...new Set(sessionRows.map((row) => row.year))].sort((a, b) => a - b),
		sessions: new Set(sessionRows.map((row) => sessionKey(row.examDomainCode, row.year))),
		windows
	};
}

/** The catalogue as committed, from memory; null for a `tx` (read the database then). */
export function catalogueSnapshot(db: Executor): CatalogueSnapshot | null {
	if (!isDatabase(db)) return null;
	let entry = entries.get(db);
	if (!entry) {
		const statement = db.$client.prepare('PRAGMA data_version').pluck();
		entry = { dataVersion: () => statement.get() as number, seen: -1, snapshot: null };
		entries.set(db, entry);
	}
	const version = entry.dataVersion();
	if (!entry.snapshot || version !== entry.seen) {
		const snapshot = readSnapshot(db);
		// Read inside a transaction of this connection, it may hold what a rollback undoes: not kept.
		if (db.$client.inTransaction) return snapshot;
		entry.snapshot = snapshot;
		entry.seen = version;
	}
	return entry.snapshot;
}

/**
 * When the catalogue changes through this connection: at the start of the transaction that changes
 * it (what it reads then is its own), or after a change outside one. The next read reads it again.
 */
export function invalidateCatalogue(db: Executor): void {
	if (!isDatabase(db)) return;
	const entry = entries.get(db);
	if (entry) entry.snapshot = null;
}
