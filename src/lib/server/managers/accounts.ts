// Manager and administrator accounts (SPEC M1): created by the CLI or an administrator, never by
// themselves. Relative imports only: the CLI (scripts/manager.ts) uses this module.
import { asc, eq, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Executor } from '../db';
import { academies, managerAcademies, managerRecoveryCodes, managers, managerSessions } from '../db/schema';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/password';
import { AbsentAccountFailures, nextLoginAllowedAt } from '../auth/throttle';
import { generateId } from '../auth/tokens';
import { normalizeEmail } from '../../domain/account';
import type { ManagerRole } from '../../domain/manager';

export interface ManagerInput {
	email: string;
	role: ManagerRole;
	/** The académies of a manager (at least one); none for an administrator. */
	academyCodes: string[];
	password: string | null;
}

export type CreateManagerResult =
	{ status: 'created'; id: string } | { status: 'email-taken' } | { status: 'unknown-academy'; code: string };

export function findManagerByEmail(db: Executor, email: string) {
	return db
		.select()
		.from(managers)
		.where(eq(managers.email, normalizeEmail(email)))
		.get();
}

export function findManager(db: Executor, id: string) {
	return db.select().from(managers).where(eq(managers.id, id)).get();
}

export function academiesOfManager(db: Executor, managerId: string): string[] {
	return db
		.select({ code: managerAcademies.academyCode })
		.from(managerAcademies)
		.innerJoin(academies, eq(academies.code, managerAcademies.academyCode))
		.where(eq(managerAcademies.managerId, managerId))
		.orderBy(asc(academies.sortOrder))
		.all()
		.map((row) => row.code);
}

function unknownAcademy(db: Executor, codes: string[]): string | undefined {
	return codes.find((code) => !db.select({ code: academies.code }).from(academies).where(eq(academies.code, code)).get());
}

export async function createManager(db: Db, input: ManagerInput, now: Date): Promise<CreateManagerResult> {
	const codes = input.role === 'administrator' ? [] : [...new Set(input.academyCodes.map((code) => code.toUpperCase()))];
	if (input.role === 'manager' && codes.length === 0) throw new Error('A manager works for at least one académie');
	const unknown = unknownAcademy(db, codes);
	if (unknown) return { status: 'unknown-academy', code: unknown };
	const passwordHash = input.password === null ? null : await hashPassword(input.password);
	// Immediate: it reads, then writes. A deferred transaction that must upgrade to writing while
	// another connection (a worker, the server beside `npm run manager`) has just written fails at
	// once with « database is locked » instead of waiting its turn (busy_timeout is not applied).
	return db.transaction(
		(tx) => {
			if (findManagerByEmail(tx, input.email)) return { status: 'email-taken' as const };
			const id = generateId();
			tx.insert(managers)
				.values({ id, email: normalizeEmail(input.email), role: input.role, passwordHash, createdAt: now })
				.run();
			for (const academyCode of codes) tx.insert(managerAcademies).values({ managerId: id, academyCode }).run();
			return { status: 'created' as const, id };
		},
		{ behavior: 'immediate' }
	);
}

export function setManagerAcademies(tx: Executor, managerId: string, academyCodes: string[]): void {
	tx.delete(managerAcademies).where(eq(managerAcademies.managerId, managerId)).run();
	for (const academyCode of new Set(academyCodes)) tx.insert(managerAcademies).values({ managerId, academyCode }).run();
}

export function listManagers(db: Executor) {
	const rows = db.select().from(managers).orderBy(asc(managers.email)).all();
	return rows.map((row) => ({
		id: row.id,
		email: row.email,
		role: row.role,
		disabledAt: row.disabledAt,
		totpEnabled: row.totpEnabledAt !== null,
		hasPassword: row.passwordHash !== null,
		createdAt: row.createdAt,
		academyCodes: academiesOfManager(db, row.id)
	}));
}

/** Disables an account and ends its sessions at once; the account stays for the audit log. */
export function disableManager(tx: Executor, managerId: string, now: Date): void {
	tx.update(managers).set({ disabledAt: now }).where(eq(managers.id, managerId)).run();
	tx.delete(managerSessions).where(eq(managerSessions.managerId, managerId)).run();
}

export function enableManager(tx: Executor, managerId: string): void {
	tx.update(managers).set({ disabledAt: null }).where(eq(managers.id, managerId)).run();
}

/** A new password ends every session of the account and clears its login delay. */
export async function setManagerPassword(db: Db, managerId: string, password: string): Promise<void> {
	const passwordHash = await hashPassword(password);
	db.transaction((tx) => {
		tx.update(managers).set({ passwordHash, failedLoginCount: 0, lastFailedLoginAt: null }).where(eq(managers.id, managerId)).run();
		tx.delete(managerSessions).where(eq(managerSessions.managerId, managerId)).run();
	});
}

/** Removes the second factor (lost phone): the manager enrols again at the next login if it is required. */
export function resetSecondFactor(tx: Executor, managerId: string): void {
	tx.update(managers).set({ totpKey: null, totpEnabledAt: null, totpLastStep: null }).where(eq(managers.id, managerId)).run();
	tx.delete(managerRecoveryCodes).where(eq(managerRecoveryCodes.managerId, managerId)).run();
}

// ─── Log in (SPEC M1 with A9's throttling) ───

export type ManagerLoginResult =
	{ status: 'ok'; managerId: string; secondFactor: boolean } | { status: 'invalid' } | { status: 'throttled'; retryAt: Date };

const absentManagerFailures = new WeakMap<Db, AbsentAccountFailures>();
const ABSENT_BOUNDS = { retentionMs: 24 * 3600_000, maxKeys: 100_000 };

/**
 * The candidates' schedule (SPEC A9): counted before the password is checked, in one transaction
 * with the delay's check; an unknown address, a disabled account and a wrong password answer
 * alike, in the time of one argon2 verification.
 */
export async function logInManager(
	db: Db,
	email: string,
	password: string,
	{ now, config }: { now: Date; config: Config }
): Promise<ManagerLoginResult> {
	const manager = findManagerByEmail(db, email);
	if (!manager) {
		let failures = absentManagerFailures.get(db);
		if (!failures)
			absentManagerFailures.set(db, (failures = new AbsentAccountFailures(ABSENT_BOUNDS, { sqlite: db.$client, scope: 'manager' })));
		const retryAt = failures.attempt(normalizeEmail(email), now, config.throttle);
		await verifyAgainstDummy(password);
		return retryAt ? { status: 'throttled', retryAt } : { status: 'invalid' };
	}
	const throttled = db.transaction(
		(tx) => {
			const row = tx
				.select({ count: managers.failedLoginCount, lastAt: managers.lastFailedLoginAt })
				.from(managers)
				.where(eq(managers.id, manager.id))
				.get()!;
			const retryAt = nextLoginAllowedAt(row, config.throttle);
			if (retryAt && retryAt > now) return retryAt;
			tx.update(managers)
				.set({ failedLoginCount: sql`${managers.failedLoginCount} + 1`, lastFailedLoginAt: now })
				.where(eq(managers.id, manager.id))
				.run();
			return null;
		},
		{ behavior: 'immediate' }
	);
	if (throttled || !manager.passwordHash) {
		await verifyAgainstDummy(password);
		return throttled ? { status: 'throttled', retryAt: throttled } : { status: 'invalid' };
	}
	if (!(await verifyPassword(manager.passwordHash, password))) return { status: 'invalid' };
	db.update(managers).set({ failedLoginCount: 0, lastFailedLoginAt: null }).where(eq(managers.id, manager.id)).run();
	if (manager.disabledAt) return { status: 'invalid' };
	return { status: 'ok', managerId: manager.id, secondFactor: manager.totpEnabledAt !== null };
}
