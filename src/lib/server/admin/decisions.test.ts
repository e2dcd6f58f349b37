import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { auditEvents, registrations } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { submitRegistration, withdrawRegistration } from '../registrations';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import type { ManagerUser } from '../managers/sessions';
import { recordSignedConfirmation, reinstate, setAside, validateModifications } from './decisions';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = new Date(TEST_NOW.getTime() + 60_000);

const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };
const rennes: ManagerUser = { id: 'm-rennes', email: 'r@example.org', role: 'manager', academyCodes: ['14'], totpEnabled: false };
const administrator: ManagerUser = { id: 'm-admin', email: 'a@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };

let db: Db;
let candidateId: string;
let number: string;

const registration = () => db.select().from(registrations).where(eq(registrations.registrationNumber, number)).get()!;
const events = () => db.select().from(auditEvents).where(eq(auditEvents.subjectId, registration().id)).all();
const managerEvents = () => events().filter((event) => event.actorType !== 'candidate');

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
	number = (submitRegistration(db, candidateId, 'key-new-0000000000001', submission(), ctx).body as { registrationNumber: string })
		.registrationNumber;
});

describe('M4: « Écarter » and « Réintégrer »', () => {
	it('sets the registration aside with its reason, recorded with before and after; « Réintégrer » clears it', () => {
		expect(setAside(db, grenoble, number, 'Pièce d’identité illisible', later, TEST_CONFIG)).toBe('done');
		expect(registration()).toMatchObject({ setAsideAt: later, setAsideReason: 'Pièce d’identité illisible', status: 'active' });
		expect(managerEvents()).toMatchObject([
			{
				action: 'registration.set-aside',
				actorType: 'manager',
				actorId: grenoble.id,
				reason: 'Pièce d’identité illisible',
				details: { registrationNumber: number, before: { setAside: false }, after: { setAside: true } }
			}
		]);

		expect(reinstate(db, grenoble, number, '', new Date(later.getTime() + 1000))).toBe('done');
		expect(registration()).toMatchObject({ setAsideAt: null, setAsideReason: null });
		expect(managerEvents().map((event) => event.action)).toEqual(['registration.set-aside', 'registration.reinstated']);
		// Nothing to reinstate: nothing written.
		expect(reinstate(db, grenoble, number, '', later)).toBe('unchanged');
		expect(managerEvents()).toHaveLength(2);
	});

	it('a withdrawn registration cannot be set aside', () => {
		withdrawRegistration(db, candidateId, number, TEST_NOW, TEST_CONFIG);
		expect(setAside(db, grenoble, number, 'Motif', later, TEST_CONFIG)).toBe('withdrawn');
		expect(registration().setAsideAt).toBeNull();
		expect(managerEvents()).toHaveLength(0);
	});

	it('M1: a manager of another académie finds nothing and changes nothing; an administrator may', () => {
		expect(setAside(db, rennes, number, 'Motif', later, TEST_CONFIG)).toBe('not-found');
		expect(validateModifications(db, rennes, number, later)).toBe('not-found');
		expect(recordSignedConfirmation(db, rennes, number, { receivedOn: '2026-11-29', version: 1 }, later)).toBe('not-found');
		expect(registration().setAsideAt).toBeNull();
		expect(managerEvents()).toHaveLength(0);
		expect(setAside(db, administrator, number, 'Motif', later, TEST_CONFIG)).toBe('done');
		expect(managerEvents()[0]).toMatchObject({ actorType: 'administrator', actorId: administrator.id });
	});
});

describe('M4: « Confirmation signée reçue »', () => {
	it('records the day and the version received, in the audit log', () => {
		expect(recordSignedConfirmation(db, grenoble, number, { receivedOn: '2026-11-28', version: 1 }, later)).toBe('done');
		expect(registration()).toMatchObject({ signedConfirmationReceivedOn: '2026-11-28', signedConfirmationVersion: 1 });
		expect(managerEvents()).toMatchObject([
			{
				action: 'registration.signed-confirmation-received',
				details: { before: { receivedOn: null, version: null }, after: { receivedOn: '2026-11-28', version: 1 } }
			}
		]);
	});

	it('refuses a version the registration does not have', () => {
		expect(recordSignedConfirmation(db, grenoble, number, { receivedOn: '2026-11-28', version: 5 }, later)).toBe('unknown-version');
		expect(registration().signedConfirmationReceivedOn).toBeNull();
		expect(managerEvents()).toHaveLength(0);
	});
});

describe('R12: « Valider les modifications »', () => {
	it('clears the pending validation, once, in the audit log', () => {
		expect(validateModifications(db, grenoble, number, later)).toBe('unchanged');
		db.update(registrations).set({ pendingValidation: true }).where(eq(registrations.registrationNumber, number)).run();
		expect(validateModifications(db, grenoble, number, later)).toBe('done');
		expect(registration().pendingValidation).toBe(false);
		expect(managerEvents()).toMatchObject([
			{
				action: 'registration.modifications-validated',
				details: { before: { pendingValidation: true }, after: { pendingValidation: false } }
			}
		]);
	});
});
