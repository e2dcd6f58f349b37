import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { candidates, mailOutbox } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { modifyRegistration, submitRegistration, withdrawRegistration } from '../registrations';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { registrationNoticeMail } from './registration-notices';

const config = TEST_CONFIG;
const at = (ms: number) => ({ now: new Date(TEST_NOW.getTime() + ms), config });

let db: Db;
let candidateId: string;
let email: string;

const notices = () =>
	db
		.select({ to: mailOutbox.toAddress, subject: mailOutbox.subject, text: mailOutbox.textBody })
		.from(mailOutbox)
		.all()
		.filter((mail) => mail.to === email && !mail.subject.startsWith('Activez'));

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, at(0));
	email = db.select({ email: candidates.email }).from(candidates).where(eq(candidates.id, candidateId)).get()!.email!;
});

describe('N1: every change to a candidate’s registration enqueues its notice', () => {
	it('saved, modified with its version, withdrawn: one notice each, a replay none, an unchanged content none', () => {
		const saved = submitRegistration(db, candidateId, 'key-notice-000000001', submission(SAMPLE_CONTENT), at(0));
		const { registrationNumber } = saved.body as { registrationNumber: string };
		// The same « Enregistrer » sent again (O4): the same answer, no second notice.
		submitRegistration(db, candidateId, 'key-notice-000000001', submission(SAMPLE_CONTENT), at(1000));
		expect(notices().map((mail) => mail.subject)).toEqual([`Votre inscription n° ${registrationNumber} est enregistrée`]);

		// Unchanged content: no new version, no notice.
		modifyRegistration(
			db,
			candidateId,
			registrationNumber,
			{ key: 'key-notice-000000002', ifMatch: 1, body: submission(SAMPLE_CONTENT) },
			at(2000)
		);
		expect(notices()).toHaveLength(1);
		const changed = { ...SAMPLE_CONTENT, accommodations: { applied: 'yes' as const } };
		modifyRegistration(
			db,
			candidateId,
			registrationNumber,
			{ key: 'key-notice-000000003', ifMatch: 1, body: submission(changed) },
			at(3000)
		);
		expect(notices().at(-1)!.subject).toBe(`Votre inscription n° ${registrationNumber} est modifiée (Version 02)`);

		expect(withdrawRegistration(db, candidateId, registrationNumber, at(4000).now, config)).toBe('withdrawn');
		const withdrawn = notices().at(-1)!;
		expect(withdrawn.subject).toBe(`Votre désinscription de l’inscription n° ${registrationNumber}`);
		expect(withdrawn.text).toContain('vous gardez votre N° candidat');
		expect(notices()).toHaveLength(3);
	});

	it('a notice names the page and the first names, never more personal data nor a document', () => {
		const mail = registrationNoticeMail(
			'lea@example.org',
			'Léa',
			{ kind: 'set-aside', registrationNumber: '27080000011', reason: 'Pièce d’identité illisible' },
			'https://candidat.example.org'
		);
		expect(mail.text).toContain('Bonjour Léa,');
		expect(mail.text).toContain('Motif : Pièce d’identité illisible');
		expect(mail.text).toContain('https://candidat.example.org/mes-inscriptions/27080000011');
		expect(mail.html).not.toMatch(/<img|attachment/i);
	});

	it('a candidate without an address (a pupil) gets nothing, and nothing fails', () => {
		db.update(candidates).set({ email: null, emailNormalized: null }).where(eq(candidates.id, candidateId)).run();
		const saved = submitRegistration(db, candidateId, 'key-notice-000000004', submission(SAMPLE_CONTENT), at(0));
		expect(saved.status).toBe(201);
		expect(
			db
				.select()
				.from(mailOutbox)
				.all()
				.filter((mail) => mail.subject.includes('est enregistrée'))
		).toEqual([]);
	});
});
