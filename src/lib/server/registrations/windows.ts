// The registration window of a registration (SPEC R15): whether it is open, and its close as the
// académie's clock shows it.
import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { Executor } from '../db';
import { academies, registrationWindows } from '../db/schema';
import { timeZonePlace } from '../catalogue';
import { formatInstant } from '../../domain/registration-window';

/** The public window of this exam, session and académie that is open at `now`, if any. */
export function findOpenWindow(db: Executor, examDomainCode: string, sessionYear: number, academyCode: string, now: Date) {
	return db
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, examDomainCode),
				eq(registrationWindows.sessionYear, sessionYear),
				eq(registrationWindows.academyCode, academyCode),
				lte(registrationWindows.opensAt, now),
				gt(registrationWindows.closesAt, now)
			)
		)
		.orderBy(desc(registrationWindows.closesAt))
		.get();
}

/** The window of a registration: the latest public window of its exam, session and académie. */
export function windowOf(db: Executor, registration: { examDomainCode: string; sessionYear: number; academyCode: string }) {
	return db
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, registration.examDomainCode),
				eq(registrationWindows.sessionYear, registration.sessionYear),
				eq(registrationWindows.academyCode, registration.academyCode)
			)
		)
		.orderBy(desc(registrationWindows.closesAt))
		.get();
}

export function closingText(db: Executor, academyCode: string, closesAt: Date): string {
	const academy = db.select().from(academies).where(eq(academies.code, academyCode)).get()!;
	return formatInstant(closesAt, academy.timeZone, timeZonePlace(academy));
}
