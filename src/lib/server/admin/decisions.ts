// The exam office's decisions on one registration (SPEC M4, R12): « Écarter », « Réintégrer »,
// « Confirmation signée reçue », « Valider les modifications ». Each one checks the manager's
// académie again and is recorded in the audit log in the transaction of the change (M8).
import { and, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { registrations, registrationVersions } from '../db/schema';
import { canAccessAcademy } from '../managers/scope';
import { recordAudit } from '../managers/audit';
import type { ManagerUser } from '../managers/sessions';
import { noticeRegistrationEvent, type NoticeConfig } from '../mail/registration-notices';

export type DecisionResult = 'done' | 'not-found' | 'withdrawn' | 'unchanged' | 'unknown-version';

/** The registration with this number, if the manager works for its académie; else nothing (M1: 404). */
export function scopedRegistration(db: Executor, manager: ManagerUser, registrationNumber: string) {
	const registration = db.select().from(registrations).where(eq(registrations.registrationNumber, registrationNumber)).get();
	if (!registration || !canAccessAcademy(manager, registration.academyCode)) return null;
	return registration;
}

type Registration = NonNullable<ReturnType<typeof scopedRegistration>>;

function decide(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	change: (tx: Executor, registration: Registration) => DecisionResult
): DecisionResult {
	return db.transaction(
		(tx) => {
			const registration = scopedRegistration(tx, manager, registrationNumber);
			if (!registration) return 'not-found';
			return change(tx, registration);
		},
		{ behavior: 'immediate' }
	);
}

const details = (registration: Registration) => ({
	registrationNumber: registration.registrationNumber,
	academyCode: registration.academyCode
});

/** « Écarter » with a reason the candidate sees (M4). A withdrawn registration cannot be set aside. */
export function setAside(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	reason: string,
	now: Date,
	config: NoticeConfig
): DecisionResult {
	return decide(db, manager, registrationNumber, (tx, registration) => {
		if (registration.status !== 'active') return 'withdrawn';
		if (registration.setAsideAt && registration.setAsideReason === reason) return 'unchanged';
		tx.update(registrations)
			.set({ setAsideAt: now, setAsideReason: reason, updatedAt: now })
			.where(eq(registrations.id, registration.id))
			.run();
		recordAudit(
			tx,
			manager,
			{
				action: 'registration.set-aside',
				subjectType: 'registration',
				subjectId: registration.id,
				reason,
				before: { setAside: registration.setAsideAt !== null, setAsideReason: registration.setAsideReason },
				after: { setAside: true, setAsideReason: reason },
				details: details(registration)
			},
			now
		);
		// SPEC N1: the candidate learns it with the reason, by mail as on the registration's page.
		noticeRegistrationEvent(tx, registration.candidateId, { kind: 'set-aside', registrationNumber, reason }, now, config);
		return 'done';
	});
}

/** « Réintégrer »: the registration is no longer set aside; the earlier reason stays in the log. */
export function reinstate(db: Db, manager: ManagerUser, registrationNumber: string, reason: string, now: Date): DecisionResult {
	return decide(db, manager, registrationNumber, (tx, registration) => {
		if (!registration.setAsideAt) return 'unchanged';
		tx.update(registrations)
			.set({ setAsideAt: null, setAsideReason: null, updatedAt: now })
			.where(eq(registrations.id, registration.id))
			.run();
		recordAudit(
			tx,
			manager,
			{
				action: 'registration.reinstated',
				subjectType: 'registration',
				subjectId: registration.id,
				reason: reason || null,
				before: { setAside: true, setAsideReason: registration.setAsideReason },
				after: { setAside: false, setAsideReason: null },
				details: details(registration)
			},
			now
		);
		return 'done';
	});
}

/** « Confirmation signée reçue »: the day (ISO) and which version of the confirmation was received. */
export function recordSignedConfirmation(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	received: { receivedOn: string; version: number },
	now: Date
): DecisionResult {
	return decide(db, manager, registrationNumber, (tx, registration) => {
		const version = tx
			.select({ version: registrationVersions.version })
			.from(registrationVersions)
			.where(and(eq(registrationVersions.registrationId, registration.id), eq(registrationVersions.version, received.version)))
			.get();
		if (!version) return 'unknown-version';
		if (registration.signedConfirmationReceivedOn === received.receivedOn && registration.signedConfirmationVersion === received.version) {
			return 'unchanged';
		}
		tx.update(registrations)
			.set({ signedConfirmationReceivedOn: received.receivedOn, signedConfirmationVersion: received.version, updatedAt: now })
			.where(eq(registrations.id, registration.id))
			.run();
		recordAudit(
			tx,
			manager,
			{
				action: 'registration.signed-confirmation-received',
				subjectType: 'registration',
				subjectId: registration.id,
				before: { receivedOn: registration.signedConfirmationReceivedOn, version: registration.signedConfirmationVersion },
				after: { receivedOn: received.receivedOn, version: received.version },
				details: details(registration)
			},
			now
		);
		return 'done';
	});
}

/** « Valider les modifications » (R12): clears « Modifications à faire valider par le service des examens ». */
export function validateModifications(db: Db, manager: ManagerUser, registrationNumber: string, now: Date): DecisionResult {
	return decide(db, manager, registrationNumber, (tx, registration) => {
		if (!registration.pendingValidation) return 'unchanged';
		tx.update(registrations).set({ pendingValidation: false, updatedAt: now }).where(eq(registrations.id, registration.id)).run();
		recordAudit(
			tx,
			manager,
			{
				action: 'registration.modifications-validated',
				subjectType: 'registration',
				subjectId: registration.id,
				before: { pendingValidation: true },
				after: { pendingValidation: false },
				details: { ...details(registration), version: registration.version }
			},
			now
		);
		return 'done';
	});
}
