import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import {
	candidates,
	mailOutbox,
	registrationDrafts,
	registrations,
	registrationWindows,
	sentReminders,
	supportingDocuments
} from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { listSupportingDocuments } from '../documents/supporting';
import { submitRegistration } from '../registrations';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { emptyRegistrationContent } from '../../domain/registration-content';
import { reminderStage, sendWindowReminders } from './window-reminders';

const HOUR = 3_600_000;
const ctx = { now: TEST_NOW, config: TEST_CONFIG };

let db: Db;
let closesAt: Date;
const at = (msBeforeClose: number) => new Date(closesAt.getTime() - msBeforeClose);
const remindersTo = (email: string) =>
	db
		.select({ subject: mailOutbox.subject, text: mailOutbox.textBody })
		.from(mailOutbox)
		.where(eq(mailOutbox.toAddress, email))
		.all()
		.filter((mail) => mail.subject.startsWith('Rappel'));

function addDraft(candidateId: string) {
	db.insert(registrationDrafts)
		.values({
			candidateId,
			examDomainCode: 'BCP',
			sessionYear: 2027,
			academyCode: '08',
			tab: 'choice',
			content: emptyRegistrationContent(),
			revision: 1,
			updatedAt: TEST_NOW
		})
		.run();
}

function register(candidateId: string, key: string): string {
	return (submitRegistration(db, candidateId, key, submission(SAMPLE_CONTENT), ctx).body as { registrationNumber: string })
		.registrationNumber;
}

/** Every required piece of a registration deposited and accepted. */
function completePieces(candidateId: string, registrationNumber: string) {
	const listed = listSupportingDocuments(db, candidateId, registrationNumber)!;
	for (const item of listed.items) {
		db.insert(supportingDocuments)
			.values({
				id: `piece-${registrationNumber}-${item.type.code}`,
				registrationId: listed.registration.id,
				typeCode: item.type.code,
				storageName: 'none',
				mediaType: 'application/pdf',
				byteSize: 1,
				uploadedAt: TEST_NOW,
				state: 'accepted'
			})
			.run();
	}
}

beforeEach(() => {
	db = seededTestDb();
	closesAt = db
		.select({ closesAt: registrationWindows.closesAt })
		.from(registrationWindows)
		.where(and(eq(registrationWindows.academyCode, '08'), eq(registrationWindows.audience, 'public')))
		.get()!.closesAt;
});

describe('N3: reminders before a window closes', () => {
	it('the stage: D-7 within a week, D-1 within a day, nothing before, after or at the close', () => {
		expect(reminderStage(closesAt, at(8 * 24 * HOUR))).toBeNull();
		expect(reminderStage(closesAt, at(6 * 24 * HOUR))).toBe('D-7');
		expect(reminderStage(closesAt, at(23 * HOUR))).toBe('D-1');
		expect(reminderStage(closesAt, at(0))).toBeNull();
	});

	it('D-7 then D-1, once each, to a candidate with an unsaved draft or missing pieces; never to one who completed everything or opted out', async () => {
		const drafter = await createActivatedCandidate(db, ctx, 'brouillon@example.org');
		addDraft(drafter);
		const missing = await createActivatedCandidate(db, ctx, 'pieces@example.org');
		const missingNumber = register(missing, 'key-remind-00000001');
		const complete = await createActivatedCandidate(db, ctx, 'complet@example.org');
		completePieces(complete, register(complete, 'key-remind-00000002'));
		const optedOut = await createActivatedCandidate(db, ctx, 'sans-rappel@example.org');
		addDraft(optedOut);
		db.update(candidates).set({ remindersOptOut: true }).where(eq(candidates.id, optedOut)).run();

		// Eight days before: nothing yet.
		expect(sendWindowReminders(db, TEST_CONFIG, at(8 * 24 * HOUR))).toBe(0);
		// D-7, and the same run again (a second process, a restart): once.
		expect(sendWindowReminders(db, TEST_CONFIG, at(7 * 24 * HOUR - HOUR))).toBe(2);
		expect(sendWindowReminders(db, TEST_CONFIG, at(7 * 24 * HOUR - HOUR))).toBe(0);
		expect(sendWindowReminders(db, TEST_CONFIG, at(3 * 24 * HOUR))).toBe(0);
		// D-1, once.
		expect(sendWindowReminders(db, TEST_CONFIG, at(20 * HOUR))).toBe(2);
		expect(sendWindowReminders(db, TEST_CONFIG, at(2 * HOUR))).toBe(0);

		expect(remindersTo('brouillon@example.org')).toHaveLength(2);
		const [first] = remindersTo('brouillon@example.org');
		// The close in the académie’s zone, as « Ouverture des services » shows it.
		expect(first.subject).toMatch(/^Rappel : le service d’inscription ferme le \p{L}+ \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2}/u);
		expect(first.text).toContain('Enregistrer votre inscription');
		const pieces = remindersTo('pieces@example.org');
		expect(pieces).toHaveLength(2);
		expect(pieces[0].text).toContain(`pièces justificatives manquantes ou refusées de votre inscription n° ${missingNumber}`);
		expect(remindersTo('complet@example.org')).toEqual([]);
		expect(remindersTo('sans-rappel@example.org')).toEqual([]);
		expect(db.select().from(sentReminders).all()).toHaveLength(4);
	});

	it('a reminder another run has claimed is not sent again, and a withdrawn or set-aside registration gets none', async () => {
		const candidateId = await createActivatedCandidate(db, ctx, 'pieces@example.org');
		const number = register(candidateId, 'key-remind-00000003');
		const window = db
			.select({ id: registrationWindows.id })
			.from(registrationWindows)
			.where(and(eq(registrationWindows.academyCode, '08'), eq(registrationWindows.audience, 'public')))
			.get()!;
		db.insert(sentReminders)
			.values({ key: `window:${window.id}:D-7:${candidateId}`, candidateId, sentAt: TEST_NOW })
			.run();
		expect(sendWindowReminders(db, TEST_CONFIG, at(5 * 24 * HOUR))).toBe(0);
		db.update(registrations)
			.set({ setAsideAt: TEST_NOW, setAsideReason: 'Dossier incomplet' })
			.where(eq(registrations.registrationNumber, number))
			.run();
		expect(sendWindowReminders(db, TEST_CONFIG, at(10 * HOUR))).toBe(0);
		expect(remindersTo('pieces@example.org')).toEqual([]);
	});
});
