import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { auditEvents, candidates, mailOutbox, queuedJobs, registrations, registrationVersions } from '../db/schema';
import { createActivatedCandidate, LEA } from '../accounts/test-fixtures';
import { submitRegistration, withdrawRegistration } from '../registrations';
import { getExamCatalogue } from '../registrations/catalogue';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { writeVersion } from '../registrations/versions';
import type { ManagerUser } from '../managers/sessions';
import { correctPersonalData } from './corrections';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = new Date(TEST_NOW.getTime() + 60_000);

const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };
const rennes: ManagerUser = { id: 'm-rennes', email: 'r@example.org', role: 'manager', academyCodes: ['14'], totpEnabled: false };

let db: Db;
let candidateId: string;
let withdrawnNumber: string;
let grenobleNumber: string;
const LYON_NUMBER = 'LYON-2028-TEST';

function register(key: string): string {
	const answer = submitRegistration(db, candidateId, key, submission(), ctx);
	return (answer.body as { registrationNumber: string }).registrationNumber;
}

function registrationOf(number: string) {
	return db.select().from(registrations).where(eq(registrations.registrationNumber, number)).get()!;
}

function versionsOf(number: string) {
	return db
		.select()
		.from(registrationVersions)
		.where(eq(registrationVersions.registrationId, registrationOf(number).id))
		.orderBy(asc(registrationVersions.version))
		.all();
}

const corrected = { ...LEA, birthName: 'Martin-Durand', reason: 'Erreur de saisie signalée par la candidate (acte de naissance).' };

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
	// A withdrawn Grenoble registration, then an active one for the same exam and session.
	withdrawnNumber = register('key-first-000000000001');
	expect(withdrawRegistration(db, candidateId, withdrawnNumber, TEST_NOW, TEST_CONFIG)).toBe('withdrawn');
	grenobleNumber = register('key-second-00000000001');
	// And an active one in Lyon (another session: only one active per exam and session, R1).
	const lyon = { id: 'lyon-registration', candidateId, examDomainCode: 'BCP', sessionYear: 2028, academyCode: '10' };
	db.insert(registrations)
		.values({ ...lyon, registrationNumber: LYON_NUMBER, status: 'active', version: 1, createdAt: TEST_NOW, updatedAt: TEST_NOW })
		.run();
	writeVersion(db, lyon, 1, SAMPLE_CONTENT, getExamCatalogue(db, 'BCP', 2028), 'candidate', TEST_NOW);
});

describe('M4, R10: a correction of the personal data', () => {
	it('gives every active registration a new version with the corrected identity, and leaves the withdrawn one alone', () => {
		const result = correctPersonalData(db, grenoble, grenobleNumber, corrected, { now: later, config: TEST_CONFIG });
		expect(result).toMatchObject({
			status: 'corrected',
			changes: [{ label: 'Nom de naissance', before: 'Martin', after: 'Martin-Durand' }],
			versions: [
				{ registrationNumber: grenobleNumber, version: 2 },
				{ registrationNumber: LYON_NUMBER, version: 2 }
			]
		});
		expect(db.select().from(candidates).where(eq(candidates.id, candidateId)).get()!.birthName).toBe('Martin-Durand');

		for (const number of [grenobleNumber, LYON_NUMBER]) {
			expect(registrationOf(number).version).toBe(2);
			const versions = versionsOf(number);
			expect(versions.map((row) => [row.version, row.createdBy])).toEqual([
				[1, 'candidate'],
				[2, 'manager']
			]);
			expect(versions[0].content.identity.birthName).toBe('Martin');
			expect(versions[1].content.identity.birthName).toBe('Martin-Durand');
			// The content itself is the current version's.
			expect(versions[1].content.content).toEqual(versions[0].content.content);
		}
		expect(registrationOf(withdrawnNumber).version).toBe(1);
		expect(versionsOf(withdrawnNumber)).toHaveLength(1);

		// A new confirmation is queued for each new version (R8).
		const jobs = db.select().from(queuedJobs).where(eq(queuedJobs.kind, 'confirmation')).all();
		expect(jobs.map((job) => job.payload)).toEqual(
			expect.arrayContaining([
				{ registrationId: registrationOf(grenobleNumber).id, version: 2 },
				{ registrationId: registrationOf(LYON_NUMBER).id, version: 2 }
			])
		);
	});

	it('M8: is recorded with who, before, after and the reason, for the candidate and each registration', () => {
		correctPersonalData(db, grenoble, grenobleNumber, corrected, { now: later, config: TEST_CONFIG });
		const events = db.select().from(auditEvents).where(eq(auditEvents.actorId, grenoble.id)).all();
		expect(events.map((event) => event.action).sort()).toEqual(['candidate.corrected', 'registration.corrected', 'registration.corrected']);
		for (const event of events) {
			expect(event.actorType).toBe('manager');
			expect(event.reason).toBe(corrected.reason);
			expect(event.details).toMatchObject({ before: { birthName: 'Martin' }, after: { birthName: 'Martin-Durand' } });
		}
		expect(events.find((event) => event.action === 'candidate.corrected')!.subjectId).toBe(candidateId);
	});

	it('queues a mail to the candidate saying what changed and why, with a link to « Mes inscriptions » and no attachment', () => {
		correctPersonalData(db, grenoble, grenobleNumber, corrected, { now: later, config: TEST_CONFIG });
		const mails = db
			.select()
			.from(mailOutbox)
			.where(eq(mailOutbox.subject, 'Le service des examens a corrigé vos informations personnelles'))
			.all();
		expect(mails).toHaveLength(1);
		expect(mails[0].toAddress).toBe('lea@example.org');
		expect(mails[0].textBody).toContain('Nom de naissance : « Martin » devient « Martin-Durand ».');
		expect(mails[0].textBody).toContain(`Motif de la correction : ${corrected.reason}`);
		expect(mails[0].textBody).toContain(`${TEST_CONFIG.origin}/mes-inscriptions`);
		expect(mails[0].textBody).toContain(grenobleNumber);
		expect(mails[0].textBody).not.toContain(withdrawnNumber);
	});

	it('writes nothing when nothing changed', () => {
		const before = db.select().from(auditEvents).all().length;
		const result = correctPersonalData(
			db,
			grenoble,
			grenobleNumber,
			{ ...LEA, reason: 'Vérification' },
			{ now: later, config: TEST_CONFIG }
		);
		expect(result).toEqual({ status: 'unchanged' });
		expect(db.select().from(auditEvents).all()).toHaveLength(before);
		expect(registrationOf(grenobleNumber).version).toBe(1);
		// No correction notice (her other mails: the activation, her registrations' notices).
		const subjects = db
			.select({ subject: mailOutbox.subject })
			.from(mailOutbox)
			.where(eq(mailOutbox.toAddress, 'lea@example.org'))
			.all()
			.map((mail) => mail.subject);
		expect(subjects.filter((subject) => subject.includes('corrigé'))).toEqual([]);
		expect(subjects).toContain('Activez votre compte candidat');
	});

	it('M1: is refused (as not found) to a manager of another académie, and from a registration of another académie', () => {
		expect(correctPersonalData(db, rennes, grenobleNumber, corrected, { now: later, config: TEST_CONFIG })).toEqual({
			status: 'not-found'
		});
		expect(correctPersonalData(db, grenoble, LYON_NUMBER, corrected, { now: later, config: TEST_CONFIG })).toEqual({
			status: 'not-found'
		});
		expect(db.select().from(candidates).where(eq(candidates.id, candidateId)).get()!.birthName).toBe('Martin');
		expect(
			db
				.select()
				.from(registrationVersions)
				.where(and(eq(registrationVersions.createdBy, 'manager')))
				.all()
		).toHaveLength(0);
		expect(db.select().from(auditEvents).where(eq(auditEvents.actorType, 'manager')).all()).toHaveLength(0);
	});
});
