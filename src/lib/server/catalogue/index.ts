// Reading and changing the catalogue (SPEC M2, P1). Relative imports only: scripts use it too.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { academies, examDomains, examSessions, registrationWindows } from '../db/schema';

export function listExamDomains(db: Db) {
	return db
		.select({ code: examDomains.code, name: examDomains.name })
		.from(examDomains)
		.orderBy(asc(examDomains.sortOrder))
		.all();
}

export function listSessionYears(db: Db): number[] {
	return db
		.selectDistinct({ year: examSessions.year })
		.from(examSessions)
		.orderBy(asc(examSessions.year))
		.all()
		.map((row) => row.year);
}

export function listAcademies(db: Db) {
	return db
		.select({ code: academies.code, kind: academies.kind, name: academies.name, countryName: academies.countryName, timeZone: academies.timeZone })
		.from(academies)
		.orderBy(asc(academies.sortOrder))
		.all();
}

export function findAcademy(db: Db, code: string) {
	return db.select().from(academies).where(eq(academies.code, code)).get();
}

export function findExamDomain(db: Db, code: string) {
	return db.select().from(examDomains).where(eq(examDomains.code, code)).get();
}

export function sessionExists(db: Db, examDomainCode: string, year: number): boolean {
	return !!db
		.select({ year: examSessions.year })
		.from(examSessions)
		.where(and(eq(examSessions.examDomainCode, examDomainCode), eq(examSessions.year, year)))
		.get();
}

export function findPublicWindows(db: Db, choice: { examDomainCode: string; sessionYear: number; academyCode: string }) {
	return db
		.select({ code: registrationWindows.code, opensAt: registrationWindows.opensAt, closesAt: registrationWindows.closesAt })
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, choice.examDomainCode),
				eq(registrationWindows.sessionYear, choice.sessionYear),
				eq(registrationWindows.academyCode, choice.academyCode),
				eq(registrationWindows.audience, 'public')
			)
		)
		.orderBy(asc(registrationWindows.opensAt))
		.all();
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
