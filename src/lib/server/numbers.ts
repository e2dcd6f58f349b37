// Allocation of SPEC R14 numbers: sequences live in the database and advance inside the caller's
// transaction, so a number is never given twice, even across processes.
import { sql } from 'drizzle-orm';
import { preparedQuery, type Executor } from './db';
import { numberSequences } from './db/schema';
import { findAcademy } from './catalogue';
import { formatCandidateNumber, formatRegistrationNumber } from '../domain/numbers';

const advance = preparedQuery((db) =>
	db
		.insert(numberSequences)
		.values({ key: sql.placeholder('key'), lastValue: 1 })
		.onConflictDoUpdate({ target: numberSequences.key, set: { lastValue: sql`${numberSequences.lastValue} + 1` } })
		.returning({ value: numberSequences.lastValue })
);

export function nextSequence(db: Executor, key: string): number {
	return advance(db).get({ key })!.value;
}

export function allocateCandidateNumber(db: Executor, academyCode: string): string {
	return formatCandidateNumber(academyCode, nextSequence(db, `candidate:${academyCode}`));
}

export function allocateRegistrationNumber(db: Executor, sessionYear: number, academyCode: string): string {
	return formatRegistrationNumber(sessionYear, academyCode, nextSequence(db, `registration:${sessionYear}:${academyCode}`));
}

/** The académie whose sequences number a place: a foreign centre uses its parent's. */
export function numberingAcademy(db: Executor, academyCode: string): string {
	const academy = findAcademy(db, academyCode)!;
	return academy.parentCode ?? academy.code;
}
