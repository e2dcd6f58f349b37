// Allocation of SPEC R14 numbers: sequences live in the database and advance inside the caller's
// transaction, so a number is never given twice, even across processes.
import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { numberSequences } from './db/schema';
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
