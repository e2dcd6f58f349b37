// Reading and changing the catalogue (SPEC M2, P1). Relative imports only: scripts use it too.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { preparedQuery, type Db, type Executor } from '../db';
import { academies, examDomains, examOffices, examSessions, registrationWindows, supportingDocumentTypes } from '../db/schema';
import { formatInstant, windowState } from '../../domain/registration-window';
import { catalogueSnapshot, officeIn, sessionKey, windowsIn } from './cache';

export function listExamDomains(db: Db) {
	const cached = catalogueSnapshot(db);
	if (cached) return cached.examDomains.map(({ code, name }) => ({ code, name }));
	return db.select({ code: examDomains.code, name: examDomains.name }).from(examDomains).orderBy(asc(examDomains.sortOrder)).all();
}

export function listSessionYears(db: Db): number[] {
	const cached = catalogueSnapshot(db);
	if (cached) return [...cached.sessionYears];
	return db
		.selectDistinct({ year: examSessions.year })
		.from(examSessions)
		.orderBy(asc(examSessions.year))
		.all()
		.map((row) => row.year);
}

export function listAcademies(db: Db) {
	const cached = catalogueSnapshot(db);
	if (cached) {
		return cached.academies.map(({ code, kind, name, countryName, timeZone }) => ({ code, kind, name, countryName, timeZone }));
	}
	return db
		.select({
			code: academies.code,
			kind: academies.kind,
			name: academies.name,
			countryName: academies.countryName,
			timeZone: academies.timeZone
		})
		.from(academies)
		.orderBy(asc(academies.sortOrder))
		.all();
}

export function findAcademy(db: Executor, code: string) {
	const cached = catalogueSnapshot(db);
	if (cached) return copy(cached.academyByCode.get(code));
	return db.select().from(academies).where(eq(academies.code, code)).get();
}

export function findExamDomain(db: Db, code: string) {
	const cached = catalogueSnapshot(db);
	if (cached) return copy(cached.examDomainByCode.get(code));
	return db.select().from(examDomains).where(eq(examDomains.code, code)).get();
}

export function sessionExists(db: Db, examDomainCode: string, year: number): boolean {
	const cached = catalogueSnapshot(db);
	if (cached) return cached.sessions.has(sessionKey(examDomainCode, year));
	return !!db
		.select({ year: examSessions.year })
		.from(examSessions)
		.where(and(eq(examSessions.examDomainCode, examDomainCode), eq(examSessions.year, year)))
		.get();
}

/** Whom a window is for: only the public (« Grand Public ») windows of SPEC P1 exist so far. */
export type WindowAudience = (typeof registrationWindows.$inferSelect)['audience'];

/** An exam, a session and an académie: what a window, and a registration, is for. */
export interface ExamPlace {
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
}

/** A copy: a caller may change what it gets without changing the catalogue kept in memory. */
function copy<T extends object>(row: T | undefined): T | undefined {
	return row && { ...row };
}

function selectWindows(db: Executor, place: ExamPlace, audience: WindowAudience, order: 'first-opening' | 'last-closing') {
	const cached = catalogueSnapshot(db);
	if (cached) {
		const rows = windowsIn(cached, place, audience).map((row) => ({ ...row }));
		return order === 'first-opening' ? rows : rows.sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime());
	}
	return db
		.select({ code: registrationWindows.code, opensAt: registrationWindows.opensAt, closesAt: registrationWindows.closesAt })
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, place.examDomainCode),
				eq(registrationWindows.sessionYear, place.sessionYear),
				eq(registrationWindows.academyCode, place.academyCode),
				eq(registrationWindows.audience, audience)
			)
		)
		.orderBy(order === 'first-opening' ? asc(registrationWindows.opensAt) : desc(registrationWindows.closesAt))
		.all();
}

/** The condition that picks the exam office of an exam, session and académie (SPEC M2). */
export function examOfficeCondition(place: ExamPlace): SQL {
	return and(
		eq(examOffices.academyCode, place.academyCode),
		eq(examOffices.examDomainCode, place.examDomainCode),
		eq(examOffices.sessionYear, place.sessionYear)
	)!;
}

// The exam offices are read from the catalogue kept in memory (a manager's change of an office, SPEC
// M2, raises the catalogue's version like any other change); this query serves a transaction, as it sees them.
const examOfficeOf = preparedQuery((db) =>
	db
		.select()
		.from(examOffices)
		.where(
			and(
				eq(examOffices.academyCode, sql.placeholder('academyCode')),
				eq(examOffices.examDomainCode, sql.placeholder('examDomainCode')),
				eq(examOffices.sessionYear, sql.placeholder('sessionYear'))
			)
		)
);

/** The exam office of an exam, session and académie as stored, placeholders included (see confirmedOffice). */
export function findExamOffice(db: Executor, place: ExamPlace): typeof examOffices.$inferSelect | undefined {
	if (!Number.isSafeInteger(place.sessionYear)) return undefined;
	const { academyCode, examDomainCode, sessionYear } = place;
	const cached = catalogueSnapshot(db);
	if (cached) return copy(officeIn(cached, place));
	return examOfficeOf(db).get({ academyCode, examDomainCode, sessionYear });
}

/** The supporting document types, in the catalogue's order (SPEC R7): a new array, its rows frozen. */
export function listSupportingDocumentTypes(db: Executor): (typeof supportingDocumentTypes.$inferSelect)[] {
	const cached = catalogueSnapshot(db);
	if (cached) return [...cached.supportingDocumentTypes];
	return db.select().from(supportingDocumentTypes).orderBy(asc(supportingDocumentTypes.sortOrder)).all();
}

/** The windows of an exam, session and académie for one audience, the first to open first. */
export function listWindows(db: Executor, place: ExamPlace, audience: WindowAudience) {
	return selectWindows(db, place, audience, 'first-opening');
}

/** The window open at `now` (SPEC R15), the one closing last where several overlap. */
export function findOpenWindow(db: Executor, place: ExamPlace, audience: WindowAudience, now: Date) {
	return selectWindows(db, place, audience, 'last-closing').find((window) => windowState(window, now) === 'open');
}

/** The window that closes last, open or not: when the service closed, or will. */
export function findLastWindow(db: Executor, place: ExamPlace, audience: WindowAudience) {
	return selectWindows(db, place, audience, 'last-closing').at(0);
}

/** When a window closes, as the académie's clock shows it (SPEC R15). */
export function closingText(db: Executor, academyCode: string, closesAt: Date): string {
	const academy = findAcademy(db, academyCode)!;
	return formatInstant(closesAt, academy.timeZone, timeZonePlace(academy));
}

/** A change made through the application: the seed never overwrites it afterwards. */
export function changeRegistrationWindow(db: Db, code: string, period: { opensAt: Date; closesAt: Date }, now: Date): void {
	if (period.closesAt.getTime() <= period.opensAt.getTime()) throw new Error('A window must close after it opens');
	db.update(registrationWindows)
		.set({ opensAt: period.opensAt, closesAt: period.closesAt, changedInAppAt: now })
		.where(eq(registrationWindows.code, code))
		.run();
}

/** « la Martinique », « La Réunion », « Rabat »: how a place is named in « heure de … ». */
export function timeZonePlace(academy: { name: string; kind: string }): string {
	return ARTICLED_PLACES[academy.name] ?? academy.name;
}

const ARTICLED_PLACES: Record<string, string> = {
	Martinique: 'la Martinique',
	Guadeloupe: 'la Guadeloupe',
	Guyane: 'la Guyane',
	'Nouvelle-Calédonie': 'la Nouvelle-Calédonie',
	'Polynésie française': 'la Polynésie française'
};
