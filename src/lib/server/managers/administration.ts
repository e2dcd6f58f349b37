// Changes to manager accounts (SPEC M1), each recorded in the audit log in the transaction of the
// change itself (SPEC M8). Used by « Gestionnaires », « Mon compte » and the operator's CLI
// (scripts/manager.ts, actor 'system'): relative imports only, tsx runs it without Vite.
// The password is hashed before the transaction opens (better-sqlite3 transactions are synchronous).
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { academies, managers, managerSessions } from '../db/schema';
import { hashPassword } from '../auth/password';
import { generateId } from '../auth/tokens';
import {
	academiesOfManager,
	disableManager,
	enableManager,
	findManagerByEmail,
	resetSecondFactor,
	setManagerAcademies,
	type CreateManagerResult,
	type ManagerInput
} from './accounts';
import { recordAudit, type AuditActor } from './audit';
import { writeSetting, readSetting } from './settings';
import { enableTotp, newTotpKey, replaceRecoveryCodes } from './totp';
import { normalizeEmail } from '../../domain/account';

const SUBJECT = 'manager';

/** A new account with its first password, audited as 'manager.created'. */
export async function createManagerAudited(
	db: Db,
	input: ManagerInput & { password: string },
	actor: AuditActor,
	now: Date
): Promise<CreateManagerResult> {
	const codes = input.role === 'administrator' ? [] : [...new Set(input.academyCodes.map((code) => code.trim().toUpperCase()))];
	if (input.role === 'manager' && codes.length === 0) throw new Error('A manager works for at least one académie');
	const unknown = codes.find((code) => !db.select({ code: academies.code }).from(academies).where(eq(academies.code, code)).get());
	if (unknown) return { status: 'unknown-academy', code: unknown };
	const passwordHash = await hashPassword(input.password);
	return db.transaction(
		(tx) => {
			if (findManagerByEmail(tx, input.email)) return { status: 'email-taken' as const };
			const id = generateId();
			const email = normalizeEmail(input.email);
			tx.insert(managers).values({ id, email, role: input.role, passwordHash, createdAt: now }).run();
			setManagerAcademies(tx, id, codes);
			recordAudit(
				tx,
				actor,
				{ action: 'manager.created', subjectType: SUBJECT, subjectId: id, after: { email, role: input.role, academyCodes: codes } },
				now
			);
			return { status: 'created' as const, id };
		},
		{ behavior: 'immediate' }
	);
}

/**
 * A new password (typed by an administrator, the operator, or the manager on « Mon compte »): every
 * session of the account ends and its login delay is cleared, as `setManagerPassword` does.
 */
export async function setManagerPasswordAudited(
	db: Db,
	managerId: string,
	password: string,
	actor: AuditActor,
	now: Date,
	action: 'manager.password-reset' | 'manager.password-changed' = 'manager.password-reset'
): Promise<void> {
	const passwordHash = await hashPassword(password);
	db.transaction((tx) => {
		tx.update(managers).set({ passwordHash, failedLoginCount: 0, lastFailedLoginAt: null }).where(eq(managers.id, managerId)).run();
		const ended = tx.delete(managerSessions).where(eq(managerSessions.managerId, managerId)).run().changes;
		// The password itself is never written to the log, only that it changed.
		recordAudit(tx, actor, { action, subjectType: SUBJECT, subjectId: managerId, details: { sessionsEnded: ended } }, now);
	});
}

export function disableManagerAudited(db: Db, managerId: string, actor: AuditActor, now: Date): void {
	db.transaction((tx) => {
		disableManager(tx, managerId, now);
		recordAudit(
			tx,
			actor,
			{ action: 'manager.disabled', subjectType: SUBJECT, subjectId: managerId, before: { disabled: false }, after: { disabled: true } },
			now
		);
	});
}

export function enableManagerAudited(db: Db, managerId: string, actor: AuditActor, now: Date): void {
	db.transaction((tx) => {
		enableManager(tx, managerId);
		recordAudit(
			tx,
			actor,
			{ action: 'manager.enabled', subjectType: SUBJECT, subjectId: managerId, before: { disabled: true }, after: { disabled: false } },
			now
		);
	});
}

/** The académies of a manager; unknown codes are refused before anything changes. */
export function changeManagerAcademies(
	db: Db,
	managerId: string,
	academyCodes: string[],
	actor: AuditActor,
	now: Date
): { status: 'changed' | 'unchanged' } | { status: 'unknown-academy'; code: string } {
	const codes = [...new Set(academyCodes.map((code) => code.trim().toUpperCase()))];
	const unknown = codes.find((code) => !db.select({ code: academies.code }).from(academies).where(eq(academies.code, code)).get());
	if (unknown) return { status: 'unknown-academy', code: unknown };
	return db.transaction(
		(tx) => {
			const before = academiesOfManager(tx, managerId);
			setManagerAcademies(tx, managerId, codes);
			const after = academiesOfManager(tx, managerId);
			if (JSON.stringify(before) === JSON.stringify(after)) return { status: 'unchanged' as const };
			recordAudit(
				tx,
				actor,
				{
					action: 'manager.academies-changed',
					subjectType: SUBJECT,
					subjectId: managerId,
					before: { academyCodes: before },
					after: { academyCodes: after }
				},
				now
			);
			return { status: 'changed' as const };
		},
		{ behavior: 'immediate' }
	);
}

/** Lost phone, or the manager turns it off: the key and the recovery codes are gone. */
export function resetSecondFactorAudited(db: Db, managerId: string, actor: AuditActor, now: Date): void {
	db.transaction((tx) => {
		resetSecondFactor(tx, managerId);
		recordAudit(
			tx,
			actor,
			{
				action: 'manager.second-factor-reset',
				subjectType: SUBJECT,
				subjectId: managerId,
				before: { secondFactor: true },
				after: { secondFactor: false }
			},
			now
		);
	});
}

export function setTotpRequired(db: Db, required: boolean, actor: AuditActor, now: Date): void {
	db.transaction(
		(tx) => {
			const before = readSetting(tx, 'totp-required');
			if (before === required) return;
			writeSetting(tx, 'totp-required', required, now);
			recordAudit(
				tx,
				actor,
				{
					action: 'setting.changed',
					subjectType: 'setting',
					subjectId: 'totp-required',
					before: { 'totp-required': before },
					after: { 'totp-required': required }
				},
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

// ─── Enrolment of the second factor by the manager (SPEC M1) ───
// The key being enrolled is kept in `totp_key` while `totp_enabled_at` is null: nothing reads a key
// without that date (login, verifySecondFactor), and the browser never sends the key back.

/** The key being enrolled, if any. */
export function pendingTotpKey(db: Db, managerId: string): string | null {
	const row = db
		.select({ key: managers.totpKey })
		.from(managers)
		.where(and(eq(managers.id, managerId), isNull(managers.totpEnabledAt)))
		.get();
	return row?.key ?? null;
}

/** Starts (or restarts) an enrolment with a new key; does nothing once the second factor is on. */
export function startTotpEnrolment(db: Db, managerId: string): void {
	db.update(managers)
		.set({ totpKey: newTotpKey(), totpLastStep: null })
		.where(and(eq(managers.id, managerId), isNull(managers.totpEnabledAt)))
		.run();
}

/** The app's first code turns the second factor on; the recovery codes are returned once. */
export function completeTotpEnrolment(db: Db, managerId: string, code: string, actor: AuditActor, now: Date): string[] | null {
	const key = pendingTotpKey(db, managerId);
	if (!key) return null;
	return db.transaction((tx) => {
		// enableTotp opens its own transaction: on this one, a savepoint, so the audit entry and the change stay one.
		const enabled = enableTotp(tx as unknown as Db, managerId, key, code, now);
		if (!enabled) return null;
		recordAudit(
			tx,
			actor,
			{
				action: 'manager.second-factor-enabled',
				subjectType: SUBJECT,
				subjectId: managerId,
				before: { secondFactor: false },
				after: { secondFactor: true }
			},
			now
		);
		return enabled.recoveryCodes;
	});
}

export function replaceRecoveryCodesAudited(db: Db, managerId: string, actor: AuditActor, now: Date): string[] {
	return db.transaction((tx) => {
		const codes = replaceRecoveryCodes(tx, managerId);
		recordAudit(tx, actor, { action: 'manager.recovery-codes-replaced', subjectType: SUBJECT, subjectId: managerId }, now);
		return codes;
	});
}
