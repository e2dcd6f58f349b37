import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { candidates, registrations, registrationVersions } from '../db/schema';
import { changeRegistrationWindow } from '../catalogue';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import type { RegistrationContent } from '../../domain/registration-content';
import { getRegistrationHistory, listRegistrations, modifyRegistration, submitRegistration, withdrawRegistration } from './index';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from './test-fixtures';

const config = TEST_CONFIG;
const NOW = TEST_NOW;
const ctx = { now: NOW, config };
const later = (ms: number) => ({ now: new Date(NOW.getTime() + ms), config });

const content = SAMPLE_CONTENT;
const envelope = (c: RegistrationContent) => submission(c);
const withOption = (optionCode: string) => ({ ...content, choice: { ...content.choice, optionCode } });

let db: Db;
let candidateId: string;
let number: string;

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
	number = (submitRegistration(db, candidateId, 'key-new-0000000000001', envelope(content), ctx).body as { registrationNumber: string })
		.registrationNumber;
});

describe('R10: « Modifier » raises the version', () => {
	it('a modification from the current version becomes version 2, stored whole', () => {
		const answer = modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-mod-0000000000001', ifMatch: 1, body: envelope(withOption('B')) },
			later(1000)
		);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ ok: true, version: 2, registrationNumber: number });
		const versions = db.select().from(registrationVersions).all();
		expect(versions.map((row) => row.version)).toEqual([1, 2]);
		expect(versions[1].content.content.choice.optionCode).toBe('B');
		expect(versions[0].content.content.choice.optionCode).toBe('A');
	});

	it('only a change of content raises it: saving the same content keeps the version', () => {
		const answer = modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-mod-0000000000002', ifMatch: 1, body: envelope(content) },
			later(1000)
		);
		expect(answer.body).toMatchObject({ ok: true, version: 1 });
		expect(db.select().from(registrationVersions).all()).toHaveLength(1);
	});

	it('O5: a stale version gets 412 with the server’s content and changes nothing', () => {
		modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-mod-phone-00000001', ifMatch: 1, body: envelope(withOption('B')) },
			later(1000)
		);
		const stale = modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-mod-laptop-0000001', ifMatch: 1, body: envelope({ ...content, accommodations: { applied: 'yes' } }) },
			later(2000)
		);
		expect(stale.status).toBe(412);
		expect(stale.body).toMatchObject({ ok: false, code: 'conflict', current: { version: 2 } });
		expect((stale.body as { current: { content: RegistrationContent } }).current.content.choice.optionCode).toBe('B');
		expect(db.select().from(registrations).get()!.version).toBe(2);
		// Keeping theirs on top of the new version works with a new key.
		const kept = modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-mod-laptop-0000002', ifMatch: 2, body: envelope({ ...content, accommodations: { applied: 'yes' } }) },
			later(3000)
		);
		expect(kept.body).toMatchObject({ ok: true, version: 3 });
	});

	it('replaying a modification’s key changes nothing', () => {
		const request = { key: 'key-mod-0000000000003', ifMatch: 1, body: envelope(withOption('B')) };
		const first = modifyRegistration(db, candidateId, number, request, later(1000));
		const replay = modifyRegistration(db, candidateId, number, request, later(5000));
		expect(replay).toEqual(first);
		expect(db.select().from(registrationVersions).all()).toHaveLength(2);
	});

	it('the history lists the versions and the other events apart', () => {
		modifyRegistration(db, candidateId, number, { key: 'key-mod-0000000000004', ifMatch: 1, body: envelope(withOption('B')) }, later(1000));
		withdrawRegistration(db, candidateId, number, later(2000).now, TEST_CONFIG);
		const history = getRegistrationHistory(db, candidateId, number)!;
		expect(history.versions.map((version) => version.version)).toEqual([1, 2]);
		expect(history.events.map((event) => event.action)).toEqual([
			'registration.created',
			'registration.modified',
			'registration.withdrawn'
		]);
	});

	it('another candidate cannot modify or even see it', async () => {
		const other = await createActivatedCandidate(db, ctx, 'autre@example.org');
		expect(
			modifyRegistration(db, other, number, { key: 'key-mod-other-00000001', ifMatch: 1, body: envelope(withOption('B')) }, later(1000))
				.status
		).toBe(404);
		expect(getRegistrationHistory(db, other, number)).toBeNull();
		expect(withdrawRegistration(db, other, number, later(1000).now, TEST_CONFIG)).toBe('not-found');
	});
});

describe('R11: « Se désinscrire »', () => {
	it('withdraws until the window closes, never after', () => {
		changeRegistrationWindow(
			db,
			'BCP-2027-08-GP',
			{ opensAt: new Date('2026-11-01T08:00:00Z'), closesAt: new Date('2026-12-01T16:00:00Z') },
			NOW
		);
		expect(withdrawRegistration(db, candidateId, number, new Date('2026-12-01T16:00:00Z'), TEST_CONFIG)).toBe('window-closed');
		expect(db.select().from(registrations).get()!.status).toBe('active');
		expect(withdrawRegistration(db, candidateId, number, new Date('2026-12-01T15:59:59Z'), TEST_CONFIG)).toBe('withdrawn');
	});

	it('a withdrawn registration is kept, cannot be modified or reactivated, and leaves « Mes inscriptions »', () => {
		expect(withdrawRegistration(db, candidateId, number, later(1000).now, TEST_CONFIG)).toBe('withdrawn');
		expect(withdrawRegistration(db, candidateId, number, later(2000).now, TEST_CONFIG)).toBe('already-withdrawn');
		expect(db.select().from(registrations).get()).toMatchObject({ status: 'withdrawn', registrationNumber: number });
		const modify = modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-mod-0000000000005', ifMatch: 1, body: envelope(withOption('B')) },
			later(3000)
		);
		expect(modify.status).toBe(409);
		expect(modify.body).toMatchObject({ code: 'withdrawn' });
		expect(listRegistrations(db, candidateId, later(3000).now)).toEqual([]);
	});

	it('registering again after a withdrawal gets new numbers, and the lock stays', () => {
		withdrawRegistration(db, candidateId, number, later(1000).now, TEST_CONFIG);
		const again = submitRegistration(db, candidateId, 'key-new-0000000000002', envelope(content), later(2000));
		expect(again.status).toBe(201);
		expect((again.body as { registrationNumber: string }).registrationNumber).not.toBe(number);
		expect(db.select().from(registrations).all()).toHaveLength(2);
		expect(db.select().from(candidates).where(eq(candidates.id, candidateId)).get()!.personalDataLockedAt).toEqual(NOW);
	});
});
