// « Enregistrer » is safe to replay (SPEC O4): the answer of each idempotency key is recorded, and a
// replay of the same request gets it again instead of acting twice.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, sql } from 'drizzle-orm';
import { placeholders, preparedQuery, type Executor } from '../db';
import { idempotencyKeys } from '../db/schema';
import type { SubmissionAnswer } from '../../domain/registration-api';

export interface Answer {
	status: number;
	body: SubmissionAnswer;
}

export function answer(status: number, body: SubmissionAnswer): Answer {
	return { status, body };
}

/** Canonical JSON (sorted keys), so that the same request always hashes the same. */
export function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function hashRequest(body: unknown): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical(body))));
}

const recordedAnswer = preparedQuery((db) =>
	db
		.select()
		.from(idempotencyKeys)
		.where(and(eq(idempotencyKeys.candidateId, sql.placeholder('candidateId')), eq(idempotencyKeys.key, sql.placeholder('key'))))
);

/** The recorded answer of a key already used, or 422 when it came with another body. */
export function replayed(tx: Executor, candidateId: string, key: string, requestHash: string): Answer | null {
	const replay = recordedAnswer(tx).get({ candidateId, key });
	if (!replay) return null;
	if (replay.requestHash !== requestHash) {
		return answer(422, { ok: false, code: 'key-reused', message: 'Cette demande a déjà été envoyée avec un autre contenu.' });
	}
	return answer(replay.status, replay.response);
}

const recordAnswer = preparedQuery((db) =>
	db.insert(idempotencyKeys).values(placeholders('candidateId', 'key', 'requestHash', 'status', 'response', 'createdAt'))
);

/** Only successes are recorded: after a refusal the corrected request may reuse its key. */
export function remember(tx: Executor, candidateId: string, key: string, requestHash: string, result: Answer, now: Date): void {
	recordAnswer(tx).run({ candidateId, key, requestHash, status: result.status, response: result.body, createdAt: now });
}
