// Allocation of SPEC R14 numbers: sequences live in the database and advance inside the caller's
// transaction, so a number is never given twice, even across processes.
import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from './db';
import { academies, numberSequences } from './db/schema';
import { formatCandidateNumber, formatRegistrationNumber } from '../domain/numbers';

type Writer = Pick<Db, 'insert'>;

export function nextSequence(db: Writer, key: string): number {
	const row = db
		.insert(numberSequences)
		.values({ key, lastValue: 1 })
		.onConflictDoUpdate({ target: numberSequences.key, set: { lastValue: sql`${numberSequences.lastValue} + 1` } })
		.returning({ value: numberSequences.lastValue })
		.get();
	return row.value;
}

export function allocateCandidateNumber(db: Writer, academyCode: string): string {
	return formatCandidateNumber(academyCode, nextSequence(db, `candidate:${academyCode}`));
}

export function allocateRegistrationNumber(db: Writer, sessionYear: number, academyCode: string): string {
	return formatRegistrationNumber(sessionYear, academyCode, nextSequence(db, `registration:${sessionYear}:${academyCode}`));
}

/** The académie whose sequences number a place: a foreign centre uses its parent's. */
export function numberingAcademy(db: Executor, academyCode: string): string {
	const academy = db
		.select({ code: academies.code, parentCode: academies.parentCode })
		.from(academies)
		.where(eq(academies.code, academyCode))
		.get()!;
	return academy.parentCode ?? academy.code;
}
