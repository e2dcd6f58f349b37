import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { candidates, idempotencyKeys, registrations, registrationVersions } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { isCandidateNumber, isRegistrationNumber } from '../../domain/numbers';
import { submitRegistration } from './index';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from './test-fixtures';

const config = TEST_CONFIG;
const NOW = TEST_NOW;
const ctx = { now: NOW, config };
const content = SAMPLE_CONTENT;
const body = (overrides: Partial<{ academyCode: string; content: unknown }> = {}) =>
	submission(overrides.content ?? content, overrides.academyCode);

let db: Db;
let candidateId: string;

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
});

describe('R7, R14: « Enregistrer »', () => {
	it('creates version 1 with valid numbers, copies identity from the account and sets the lock', () => {
		const answer = submitRegistration(db, candidateId, 'key-0000000000000001', body(), ctx);
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({ ok: true, version: 1 });
		const ok = answer.body as { registrationNumber: string; candidateNumber: string };
		expect(isRegistrationNumber(ok.registrationNumber)).toBe(true);
		expect(ok.registrationNumber.startsWith('2708')).toBe(true);
		expect(isCandidateNumber(ok.candidateNumber)).toBe(true);
		expect(ok.candidateNumber.startsWith('08')).toBe(true);
		const candidate = db.select().from(candidates).get()!;
		expect(candidate.candidateNumber).toBe(ok.candidateNumber);
		expect(candidate.personalDataLockedAt).toEqual(NOW);
		const version = db.select().from(registrationVersions).get()!;
		expect(version.version).toBe(1);
		expect(version.content.identity.birthName).toBe('Martin');
	});

	it('R10: takes the identity from the account even when the draft carries another name', () => {
		const forged = { ...content, identity: { birthName: 'Usurpateur' } } as unknown;
		const answer = submitRegistration(db, candidateId, 'key-0000000000000002', body({ content: forged }), ctx);
		expect(answer.status).toBe(201);
		const stored = db.select().from(registrationVersions).get()!.content;
		expect(stored.identity.birthName).toBe('Martin');
		expect(JSON.stringify(stored)).not.toContain('Usurpateur');
	});

	it('O4: ten concurrent replays of one key create one registration and ten identical answers', async () => {
		const answers = await Promise.all(
			Array.from({ length: 10 }, () =>
				Promise.resolve().then(() => submitRegistration(db, candidateId, 'key-replayed-00000001', body(), ctx))
			)
		);
		expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
		expect(answers[0].status).toBe(201);
		expect(db.select().from(registrations).all()).toHaveLength(1);
		expect(db.select().from(idempotencyKeys).all()).toHaveLength(1);
	});

	it('the same key with a changed body gets 422 and changes nothing', () => {
		submitRegistration(db, candidateId, 'key-0000000000000003', body(), ctx);
		const changed = { ...content, accommodations: { applied: 'yes' } };
		const answer = submitRegistration(db, candidateId, 'key-0000000000000003', body({ content: changed }), ctx);
		expect(answer.status).toBe(422);
		expect(answer.body).toMatchObject({ ok: false, code: 'key-reused' });
		expect(db.select().from(registrations).all()).toHaveLength(1);
	});

	it('R15: a closed window refuses, by the server’s clock', () => {
		const answer = submitRegistration(db, candidateId, 'key-0000000000000004', body({ academyCode: '23' }), ctx);
		expect(answer.status).toBe(409);
		expect(answer.body).toMatchObject({ ok: false, code: 'window-closed' });
		expect(db.select().from(registrations).all()).toHaveLength(0);
		expect(db.select().from(candidates).get()!.personalDataLockedAt).toBeNull();
	});

	it('R1: a second active registration for the same exam and session is refused', () => {
		const first = submitRegistration(db, candidateId, 'key-0000000000000005', body(), ctx).body as { registrationNumber: string };
		const second = submitRegistration(db, candidateId, 'key-0000000000000006', body({ academyCode: '14' }), ctx);
		expect(second.status).toBe(409);
		expect(second.body).toMatchObject({ ok: false, code: 'already-registered', registrationNumber: first.registrationNumber });
		expect(db.select().from(registrations).where(eq(registrations.status, 'active')).all()).toHaveLength(1);
	});

	it('R2: an invalid content is refused with its problems on the right tab', () => {
		const invalid = { ...content, choice: { ...content.choice, languages: { E41: 'en', E42: 'en' } } };
		const answer = submitRegistration(db, candidateId, 'key-0000000000000007', body({ content: invalid }), ctx);
		expect(answer.status).toBe(422);
		const problems = (answer.body as { problems: Array<{ tab: string; path: string[] }> }).problems;
		expect(problems[0].tab).toBe('choice');
		expect(problems[0].path.slice(0, 2)).toEqual(['choice', 'languages']);
		// A refusal is not recorded: the corrected registration goes through with the same key.
		expect(submitRegistration(db, candidateId, 'key-0000000000000007', body(), ctx).status).toBe(201);
	});

	it('keeps one candidate number for life and numbers registrations in sequence per session and académie', () => {
		const first = submitRegistration(db, candidateId, 'key-0000000000000008', body(), ctx).body as {
			registrationNumber: string;
			candidateNumber: string;
		};
		db.update(registrations).set({ status: 'withdrawn', withdrawnAt: NOW }).run();
		const second = submitRegistration(db, candidateId, 'key-0000000000000009', body(), ctx).body as {
			registrationNumber: string;
			candidateNumber: string;
		};
		expect(second.candidateNumber).toBe(first.candidateNumber);
		expect(second.registrationNumber).not.toBe(first.registrationNumber);
		expect(Number(second.registrationNumber.slice(4, 10))).toBe(Number(first.registrationNumber.slice(4, 10)) + 1);
	});
});
