import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { emptyRegistrationContent } from '../../domain/registration-content';
import { getDraft, writeDraft } from './drafts';
import { modifyRegistration, submitRegistration } from './index';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from './test-fixtures';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = (seconds: number) => new Date(TEST_NOW.getTime() + seconds * 1000);
const draft = (content = emptyRegistrationContent(), tab = 'choice') => ({
	academyCode: '08',
	registrationNumber: null,
	baseVersion: null,
	tab,
	content
});

let db: Db;
let candidateId: string;
beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
});

describe('O3, O5: the server’s copy of a draft', () => {
	it('keeps one draft per candidate, exam and session, each write raising its revision', () => {
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body: draft() }, later(1))).toMatchObject({
			status: 200,
			body: { ok: true, revision: 1 }
		});
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 1, body: draft(SAMPLE_CONTENT, 'summary') }, later(2))).toMatchObject({
			status: 200,
			body: { revision: 2 }
		});
		expect(getDraft(db, candidateId, 'BCP', 2027)).toMatchObject({ revision: 2, tab: 'summary', content: SAMPLE_CONTENT });
	});

	it('a write from an old revision gets 412 with the server’s copy and changes nothing', () => {
		writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body: draft(SAMPLE_CONTENT) }, later(1));
		const phone = writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 1, body: draft(SAMPLE_CONTENT, 'situation') }, later(2));
		expect(phone.status).toBe(200);
		const laptop = writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 1, body: draft(emptyRegistrationContent(), 'identity') }, later(3));
		expect(laptop).toMatchObject({ status: 412, body: { ok: false, code: 'conflict', current: { revision: 2, tab: 'situation' } } });
		expect(getDraft(db, candidateId, 'BCP', 2027)!.revision).toBe(2);
		// A second device starting from nothing also gets the copy rather than overwriting it.
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body: draft() }, later(4)).status).toBe(412);
	});

	it('is removed when « Enregistrer » succeeds; a late write then learns it is gone', () => {
		writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body: draft(SAMPLE_CONTENT) }, later(1));
		expect(submitRegistration(db, candidateId, 'key-draft-00000000001', submission(), ctx).status).toBe(201);
		expect(getDraft(db, candidateId, 'BCP', 2027)).toBeNull();
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 1, body: draft(SAMPLE_CONTENT) }, later(2))).toMatchObject({
			status: 410,
			body: { code: 'gone' }
		});
	});

	it('a modification’s draft names the candidate’s own registration and goes when it is saved', async () => {
		const number = (submitRegistration(db, candidateId, 'key-draft-00000000002', submission(), ctx).body as { registrationNumber: string })
			.registrationNumber;
		const modification = { ...draft(SAMPLE_CONTENT), registrationNumber: number, baseVersion: 1 };
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body: modification }, later(1)).status).toBe(200);
		const other = await createActivatedCandidate(db, ctx, 'autre@example.org');
		expect(writeDraft(db, other, 'BCP', 2027, { basedOn: 0, body: modification }, later(1)).status).toBe(404);
		modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-draft-00000000003', ifMatch: 1, body: submission({ ...SAMPLE_CONTENT, accommodations: { applied: 'yes' } }) },
			ctx
		);
		expect(getDraft(db, candidateId, 'BCP', 2027)).toBeNull();
	});

	it('refuses what is not a draft', () => {
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body: { academyCode: '08' } }, later(1)).status).toBe(400);
		expect(writeDraft(db, candidateId, 'XYZ', 2027, { basedOn: 0, body: draft() }, later(1)).status).toBe(404);
	});
});
