// The catalogue that every public page, « Mon espace » and the wizard read (académies, exams,
// sessions, windows, specialty names, exam offices, supporting document types), kept in memory per
// database connection. It changes only by an administrator's action (or the seed at start), so it
// is read once and read again only after a change. Triggers raise `catalogue_version` on every
// change of its tables (migrations 0014 and 0015), in the transaction that makes it, whichever
// connection commits it (another worker of WORKERS=N, `npm run manager`, a test's own connection):
// a read compares that one row with the version of the snapshot kept. Other writes, however many
// (submissions under load, with several workers), leave the snapshot alone.
//
// The row is compared once per synchronous run of JavaScript, not at every read: a page's load
// reads the catalogue ten times or so, in one run. A change made through this connection ends the
// run's check at once (a TEMP trigger on `catalogue_version`, which only this connection's writes
// fire, calls back into this module), so a change and the read after it in the same run see the
// new catalogue; another connection's commit is seen from the next run (for another process,
// nothing can tell the difference: its commit came after this run's check).
//
// A transaction that changes the catalogue sees its own version, so reads the tables again, and
// that snapshot is not kept (a rollback may undo it; the version then goes back to the one kept).
// Inside a transaction the row is compared at every read. A `tx` (which has no `$client`) gets no
// snapshot: the catalogue is read from the database then.
import { asc } from 'drizzle-orm';
import { isDatabase, type Db, type Executor } from '../db';
import { academies, examDomains, examOffices, examSessions, registrationWindows, specialties, supportingDocumentTypes } from '../db/schema';

export type AcademyRow = typeof academies.$inferSelect;
export type ExamDomainRow = typeof examDomains.$inferSelect;
export type WindowRow = Pick<typeof registrationWindows.$inferSelect, 'code' | 'opensAt' | 'closesAt'>;
export type ExamOfficeRow = typeof examOffices.$inferSelect;
export type SupportingDocumentTypeRow = typeof supportingDocumentTypes.$inferSelect;

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
	specialtyNameByCode: Map<string, string>;
	/** By `officeKey`; frozen, its address and fields included. */
	examOffices: Map<string, Readonly<ExamOfficeRow>>;
	/** In the catalogue's order (sort_order); frozen. */
	supportingDocumentTypes: readonly Readonly<SupportingDocumentTypeRow>[];
}

interface Entry {
	version: () => number;
	seen: number;
	snapshot: CatalogueSnapshot | null;
	/** Whether this connection's own changes end a run's check: the TEMP trigger is in place ('on'), cannot be ('off'), or is not yet. */
	watch: 'on' | 'off' | 'pending';
	/** The version was compared in this run, and this connection has changed nothing since. */
	checked: boolean;
}

/** The SQL function, and the TEMP trigger calling it, by which this connection's changes reach its entry. */
const CHANGED_HERE = 'portail_catalogue_changed_here';

/**
 * Not inside a transaction: its rollback would drop the trigger ('pending', tried again at the next
 * read). 'off' where the connection cannot have it: its reads then compare the version every time.
 */
function watchOwnChanges(db: Db, entry: Entry): Entry['watch'] {
	const sqlite = db.$client;
	if (sqlite.inTransaction) return 'pending';
	try {
		sqlite.function(CHANGED_HERE, () => {
			entry.checked = false;
			return null;
		});
		for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
			sqlite.exec(
				`CREATE TEMP TRIGGER IF NOT EXISTS ${CHANGED_HERE}_${event.toLowerCase()} AFTER ${event} ON main.catalogue_version BEGIN SELECT ${CHANGED_HERE}(); END`
			);
		}
		return 'on';
	} catch {
		return 'off';
	}
}

const entries = new WeakMap<object, Entry>();

export const sessionKey = (examDomainCode: string, year: number) => `${examDomainCode}\u0000${year}`;
export const windowKey = (examDomainCode: string, sessionYear: number, academyCode: string, audience: string) =>
	`${examDomainCode}\u0000${sessionYear}\u0000${academyCode}\u0000${audience}`;
const officeKey = (examDomainCode: string, sessionYear: number, academyCode: string) =>
	`${examDomainCode}\u0000${sessionYear}\u0000${academyCode}`;

interface Place {
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
}

/** The windows of an exam, session and académie for one audience in a snapshot, the first to open first. */
export function windowsIn(snapshot: CatalogueSnapshot, place: Place, audience: string): readonly WindowRow[] {
	return snapshot.windows.get(windowKey(place.examDomainCode, place.sessionYear, place.academyCode, audience)) ?? [];
}

/** The exam office of an exam, session and académie in a snapshot (frozen). */
export function officeIn(snapshot: CatalogueSnapshot, place: Place): Readonly<ExamOfficeRow> | undefined {
	return snapshot.examOffices.get(officeKey(place.examDomainCode, place.sessionYear, place.academyCode));
}

/** Frozen with the arrays and objects of its JSON columns, deeply: a caller that changed one would change every page. */
function frozen<T extends object>(value: T): Readonly<T> {
	for (const member of Object.values(value)) if (member && typeof member === 'object' && !(member instanceof Date)) frozen(member);
	return Object.freeze(value);
}

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
	const specialtyRows = db.select({ code: specialties.code, name: specialties.name }).from(specialties).all();
	const officeRows = db.select().from(examOffices).all();
	const typeRows = db.select().from(supportingDocumentTypes).orderBy(asc(supportingDocumentTypes.sortOrder)).all();
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
		windows,
		specialtyNameByCode: new Map(specialtyRows.map((row) => [row.code, row.name])),
		examOffices: new Map(officeRows.map((row) => [officeKey(row.examDomainCode, row.sessionYear, row.academyCode), frozen(row)])),
		supportingDocumentTypes: Object.freeze(typeRows.map(frozen))
	};
}

/** The catalogue as this connection sees it, from memory; null for a `tx` (read the database then). */
export function catalogueSnapshot(db: Executor): CatalogueSnapshot | null {
	if (!isDatabase(db)) return null;
	let entry = entries.get(db);
	if (!entry) {
		const statement = db.$client.prepare('SELECT version FROM catalogue_version WHERE id = 1').pluck();
		entry = { version: () => (statement.get() as number | undefined) ?? -1, seen: -1, snapshot: null, watch: 'pending', checked: false };
		entries.set(db, entry);
	}
	const inTransaction = db.$client.inTransaction;
	if (entry.checked && entry.snapshot && !inTransaction) return entry.snapshot;
	if (entry.watch === 'pending') entry.watch = watchOwnChanges(db, entry);
	// The version first: the tables read after it are at least as recent.
	const version = entry.version();
	if (!entry.snapshot || version !== entry.seen) {
		const snapshot = readSnapshot(db);
		if (inTransaction) return snapshot;
		entry.snapshot = snapshot;
		entry.seen = version;
	}
	if (entry.watch === 'on' && !inTransaction) {
		entry.checked = true;
		const checked = entry;
		queueMicrotask(() => (checked.checked = false));
	}
	return entry.snapshot;
}
