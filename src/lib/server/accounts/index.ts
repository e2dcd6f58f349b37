// Candidate accounts (SPEC A1–A9). Every function takes the database and the clock explicitly,
// so that service tests control time. Relative imports only: scripts use this module too.
import { and, eq, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { placeholderValue, preparedQuery, type Db, type Executor } from '../db';
import { accounts, accountTokens, candidates, sessions } from '../db/schema';
import { withSearchNames } from '../db/search-names';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/password';
import { invalidateAllSessions } from '../auth/session';
import { AbsentAccountFailures, nextLoginAllowedAt } from '../auth/throttle';
import { generateId, generateToken, hashToken, randomString } from '../auth/tokens';
import { enqueueMail } from '../mail/outbox';
import { activationMail, emailChangedMail, emailChangeMail, passwordChangedMail, passwordResetMail } from '../mail/templates';
import { allocateCandidateNumber } from '../numbers';
import {
	LOGIN_SLIP_SECRET_ALPHABET,
	LOGIN_SLIP_SECRET_LENGTH,
	normalizeEmail,
	normalizeLoginSlipSecret,
	type PersonalData
} from '../../domain/account';

export interface Ctx {
	now: Date;
	config: Config;
}

/** A candidate's row, prepared once per connection: the wizard shows its identity, a version copies it. */
export const candidateById = preparedQuery((db) =>
	db
		.select()
		.from(candidates)
		.where(eq(candidates.id, sql.placeholder('id')))
);

export const ACTIVATION_DEADLINE_MS = 48 * 3600_000;
export const PASSWORD_RESET_LIFETIME_MS = 3600_000;
export const EMAIL_CHANGE_LIFETIME_MS = 24 * 3600_000;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type TokenPurpose = (typeof accountTokens.$inferSelect)['purpose'];

function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function emailIsTaken(db: Db, email: string): boolean {
	return !!db
		.select({ id: candidates.id })
		.from(candidates)
		.where(eq(candidates.emailNormalized, normalizeEmail(email)))
		.get();
}

/** A fresh single-use link; earlier links of the same purpose stop working. */
function issueToken(
	tx: Tx,
	candidateId: string,
	purpose: TokenPurpose,
	expiresAt: Date,
	now: Date,
	newEmail: string | null = null
): string {
	tx.delete(accountTokens)
		.where(and(eq(accountTokens.candidateId, candidateId), eq(accountTokens.purpose, purpose)))
		.run();
	const token = generateToken();
	tx.insert(accountTokens)
		.values({ candidateId, purpose, tokenHash: hashToken(token), newEmail, createdAt: now, expiresAt })
		.run();
	return token;
}

/** A link mailed before a credential or the address changed must not outlive that change. */
function endPendingLinks(tx: Tx, candidateId: string): void {
	tx.delete(accountTokens)
		.where(and(eq(accountTokens.candidateId, candidateId), isNull(accountTokens.usedAt)))
		.run();
}

/** ASVS 6.3.7: the account's address hears of every change of its password. */
function noticePasswordChanged(tx: Tx, candidateId: string, { now, config }: Ctx): void {
	const candidate = tx
		.select({ email: candidates.email, firstNames: candidates.firstNames })
		.from(candidates)
		.where(eq(candidates.id, candidateId))
		.get();
	if (candidate?.email) enqueueMail(tx, passwordChangedMail(candidate.email, candidate.firstNames, now), now, config);
}

function findToken(db: Db, token: string, purpose: TokenPurpose) {
	return db
		.select()
		.from(accountTokens)
		.where(and(eq(accountTokens.tokenHash, hashToken(token)), eq(accountTokens.purpose, purpose)))
		.get();
}

function link(config: Config, path: string, token: string): string {
	return `${config.origin}${path}?jeton=${encodeURIComponent(token)}`;
}

// ─── Create and activate (A1–A4) ───

export type CreateAccountInput = PersonalData & { email: string; password: string };

export async function createAccount(db: Db, input: CreateAccountInput, { now, config }: Ctx): Promise<'created' | 'email-taken'> {
	if (emailIsTaken(db, input.email)) return 'email-taken';
	const passwordHash = await hashPassword(input.password);
	const { password: _password, email, ...personal } = input;
	const id = generateId();
	try {
		db.transaction(
			(tx) => {
				tx.insert(candidates)
					.values({
						...withSearchNames(personal),
						id,
						source: 'account',
						email: email.trim(),
						emailNormalized: normalizeEmail(email),
						createdAt: now
					})
					.run();
				tx.insert(accounts).values({ candidateId: id, passwordHash, createdAt: now }).run();
				const expiresAt = new Date(now.getTime() + ACTIVATION_DEADLINE_MS);
				const token = issueToken(tx, id, 'activation', expiresAt, now);
				enqueueMail(tx, activationMail(email.trim(), personal.firstNames, link(config, '/compte/activer', token), expiresAt), now, config);
			},
			{ behavior: 'immediate' }
		);
	} catch (error) {
		// Two creations with the same address at once: the unique index decides (SPEC A2).
		if (isUniqueViolation(error)) return 'email-taken';
		throw error;
	}
	return 'created';
}

export type ActivationResult = 'activated' | 'already-active' | 'expired' | 'invalid';

export function activateAccount(db: Db, token: string, { now }: Ctx): ActivationResult {
	const row = findToken(db, token, 'activation');
	if (!row) return 'invalid';
	const account = db.select().from(accounts).where(eq(accounts.candidateId, row.candidateId)).get();
	if (!account) return 'invalid';
	if (row.usedAt) return account.activatedAt ? 'already-active' : 'invalid';
	if (now >= row.expiresAt) return 'expired';
	db.transaction((tx) => {
		tx.update(accountTokens).set({ usedAt: now }).where(eq(accountTokens.id, row.id)).run();
		tx.update(accounts).set({ activatedAt: now }).where(eq(accounts.candidateId, row.candidateId)).run();
	});
	return 'activated';
}

function findAccountByEmail(db: Db, email: string) {
	return db
		.select({ candidateId: candidates.id, email: candidates.email, firstNames: candidates.firstNames, account: accounts })
		.from(candidates)
		.innerJoin(accounts, eq(accounts.candidateId, candidates.id))
		.where(eq(candidates.emailNormalized, normalizeEmail(email)))
		.get();
}

function sendActivationLink(db: Db, found: NonNullable<ReturnType<typeof findAccountByEmail>>, { now, config }: Ctx): void {
	// The deadline is the account's: a new link does not extend the 48 hours (guide §2).
	const expiresAt = new Date(found.account.createdAt.getTime() + ACTIVATION_DEADLINE_MS);
	if (now >= expiresAt) return;
	db.transaction((tx) => {
		const token = issueToken(tx, found.candidateId, 'activation', expiresAt, now);
		enqueueMail(tx, activationMail(found.email!, found.firstNames, link(config, '/compte/activer', token), expiresAt), now, config);
	});
}

/** « Renvoyer le lien d’activation »: the caller answers the same whether or not anything was sent. */
export function resendActivation(db: Db, email: string, ctx: Ctx): void {
	const found = findAccountByEmail(db, email);
	if (found && !found.account.activatedAt && found.email) sendActivationLink(db, found, ctx);
}

/** SPEC A4: accounts not activated within 48 hours are deleted with all their data. */
export function purgeUnactivatedAccounts(db: Db, now: Date): number {
	const deadline = new Date(now.getTime() - ACTIVATION_DEADLINE_MS);
	const expired = db
		.select({ id: accounts.candidateId })
		.from(accounts)
		.innerJoin(candidates, eq(candidates.id, accounts.candidateId))
		.where(and(isNull(accounts.activatedAt), lte(accounts.createdAt, deadline), eq(candidates.source, 'account')))
		.all();
	for (const { id } of expired) db.delete(candidates).where(eq(candidates.id, id)).run();
	return expired.length;
}

// ─── Log in (A5, A9) ───

export type LoginResult =
	| { status: 'ok'; candidateId: string; mustSetPassword: boolean }
	| { status: 'invalid' }
	| { status: 'not-activated' }
	| { status: 'throttled'; retryAt: Date };

type Throttled = Extract<LoginResult, { status: 'throttled' }>;

/**
 * Counts the attempt as a failure before the secret is checked, in one transaction with the
 * delay's check: guesses sent in parallel each see the count of the ones before (SPEC A9).
 * An attempt refused by the delay is not counted, so waiting always ends.
 */
function countAttempt(db: Db, candidateId: string, { now, config }: Ctx): Throttled | null {
	return db.transaction(
		(tx) => {
			const failures = tx
				.select({ count: accounts.failedLoginCount, lastAt: accounts.lastFailedLoginAt })
				.from(accounts)
				.where(eq(accounts.candidateId, candidateId))
				.get();
			const retryAt = failures ? nextLoginAllowedAt(failures, config.throttle) : null;
			if (retryAt && retryAt > now) return { status: 'throttled' as const, retryAt };
			tx.update(accounts)
				.set({ failedLoginCount: sql`${accounts.failedLoginCount} + 1`, lastFailedLoginAt: now })
				.where(eq(accounts.candidateId, candidateId))
				.run();
			return null;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * The login schedule applied to every check of a password or a slip's secret; a success resets it.
 * Every path runs one argon2 verification, a delayed attempt too: the time taken tells nothing.
 */
async function checkSecret(
	db: Db,
	candidateId: string,
	secret: string,
	hash: string | null,
	ctx: Ctx
): Promise<Throttled | { status: 'invalid' } | null> {
	const throttled = countAttempt(db, candidateId, ctx);
	if (throttled || !hash) return verifyAgainstDummy(secret).then(() => throttled ?? { status: 'invalid' });
	if (!(await verifyPassword(hash, secret))) return { status: 'invalid' };
	db.update(accounts).set({ failedLoginCount: 0, lastFailedLoginAt: null }).where(eq(accounts.candidateId, candidateId)).run();
	return null;
}

// An identifier without an account is delayed like an account, counted in the database (shared by
// every server process, retained a day after its last failure).
const absentAccountFailures = new WeakMap<Db, AbsentAccountFailures>();
const ABSENT_ACCOUNT_BOUNDS = { retentionMs: 24 * 3600_000, maxKeys: 100_000 };

/** What an identifier without an account answers: what an account answers to a wrong secret, in as much time. */
async function refuseAbsentAccount(db: Db, key: string, secret: string, { now, config }: Ctx): Promise<Throttled | { status: 'invalid' }> {
	let failures = absentAccountFailures.get(db);
	if (!failures)
		absentAccountFailures.set(
			db,
			(failures = new AbsentAccountFailures(ABSENT_ACCOUNT_BOUNDS, { sqlite: db.$client, scope: 'candidate' }))
		);
	const retryAt = failures.attempt(key, now, config.throttle);
	await verifyAgainstDummy(secret);
	return retryAt ? { status: 'throttled', retryAt } : { status: 'invalid' };
}

/**
 * An unknown address, a wrong password and an account under its delay answer alike, in the same
 * time (SPEC A9). Only the holder of the right password learns that the account awaits activation.
 */
export async function logIn(db: Db, email: string, password: string, ctx: Ctx): Promise<LoginResult> {
	const found = findAccountByEmail(db, email);
	if (!found) return refuseAbsentAccount(db, `email:${normalizeEmail(email)}`, password, ctx);
	const refused = await checkSecret(db, found.candidateId, password, found.account.passwordHash, ctx);
	if (refused) return refused;
	if (!found.account.activatedAt) return { status: 'not-activated' };
	return { status: 'ok', candidateId: found.candidateId, mustSetPassword: false };
}

// ─── Forgotten password (A6) ───

/** « Mot de passe oublié »: the caller answers the same whether or not the address is known. */
export function requestPasswordReset(db: Db, email: string, ctx: Ctx): void {
	const found = findAccountByEmail(db, email);
	if (!found?.email) return;
	if (!found.account.activatedAt) return sendActivationLink(db, found, ctx);
	const expiresAt = new Date(ctx.now.getTime() + PASSWORD_RESET_LIFETIME_MS);
	db.transaction((tx) => {
		const token = issueToken(tx, found.candidateId, 'password-reset', expiresAt, ctx.now);
		enqueueMail(
			tx,
			passwordResetMail(found.email!, found.firstNames, link(ctx.config, '/mot-de-passe-oublie/nouveau', token), expiresAt),
			ctx.now,
			ctx.config
		);
	});
}

export function checkPasswordResetToken(db: Db, token: string, now: Date): 'valid' | 'expired' | 'invalid' {
	const row = findToken(db, token, 'password-reset');
	if (!row || row.usedAt) return 'invalid';
	return now >= row.expiresAt ? 'expired' : 'valid';
}

export async function resetPassword(db: Db, token: string, password: string, ctx: Ctx): Promise<'done' | 'expired' | 'invalid'> {
	const { now } = ctx;
	const state = checkPasswordResetToken(db, token, now);
	if (state !== 'valid') return state;
	const row = findToken(db, token, 'password-reset')!;
	const passwordHash = await hashPassword(password);
	const used = db.transaction((tx) => {
		// The token is spent inside the transaction: two submissions cannot both use it.
		const spent = tx
			.update(accountTokens)
			.set({ usedAt: now })
			.where(and(eq(accountTokens.id, row.id), isNull(accountTokens.usedAt)))
			.run();
		if (spent.changes === 0) return false;
		tx.update(accounts)
			.set({ passwordHash, loginSlipSecretHash: null, failedLoginCount: 0, lastFailedLoginAt: null })
			.where(eq(accounts.candidateId, row.candidateId))
			.run();
		invalidateAllSessions(tx, row.candidateId);
		endPendingLinks(tx, row.candidateId);
		noticePasswordChanged(tx, row.candidateId, ctx);
		return true;
	});
	return used ? 'done' : 'invalid';
}

// ─── « Modifier mon compte » (A8) ───

export function findAccountView(db: Db, candidateId: string) {
	return db
		.select({
			candidate: candidates,
			activatedAt: accounts.activatedAt,
			hasPassword: accounts.passwordHash
		})
		.from(candidates)
		.innerJoin(accounts, eq(accounts.candidateId, candidates.id))
		.where(eq(candidates.id, candidateId))
		.get();
}

/** Everything is editable until the first registration; then only email and password (SPEC A8). */
export function updatePersonalData(db: Db, candidateId: string, data: PersonalData): 'updated' | 'locked' {
	const result = db
		.update(candidates)
		.set(withSearchNames(data))
		.where(and(eq(candidates.id, candidateId), isNull(candidates.personalDataLockedAt)))
		.run();
	return result.changes === 1 ? 'updated' : 'locked';
}

/** Set by the first saved registration, never cleared, even after a withdrawal. */
const lockOnce = preparedQuery((db) =>
	db
		.update(candidates)
		.set({ personalDataLockedAt: placeholderValue<Date>('now') })
		.where(and(eq(candidates.id, sql.placeholder('candidateId')), isNull(candidates.personalDataLockedAt)))
);

export function lockPersonalData(db: Executor, candidateId: string, now: Date): void {
	lockOnce(db).run({ candidateId, now });
}

function currentPasswordHash(db: Db, candidateId: string): string | null {
	return db.select({ hash: accounts.passwordHash }).from(accounts).where(eq(accounts.candidateId, candidateId)).get()?.hash ?? null;
}

/** The current password, under the login's counter and delay: a stolen session cannot guess it (SPEC A9). */
async function checkCurrentPassword(db: Db, candidateId: string, password: string, ctx: Ctx): Promise<Throttled | 'wrong-password' | null> {
	const refused = await checkSecret(db, candidateId, password, currentPasswordHash(db, candidateId), ctx);
	if (!refused) return null;
	return refused.status === 'throttled' ? refused : 'wrong-password';
}

export async function requestEmailChange(
	db: Db,
	candidateId: string,
	input: { newEmail: string; currentPassword: string },
	ctx: Ctx
): Promise<'sent' | 'wrong-password' | 'email-taken' | Throttled> {
	const { now, config } = ctx;
	const refused = await checkCurrentPassword(db, candidateId, input.currentPassword, ctx);
	if (refused) return refused;
	if (emailIsTaken(db, input.newEmail)) return 'email-taken';
	const candidate = db.select({ firstNames: candidates.firstNames }).from(candidates).where(eq(candidates.id, candidateId)).get()!;
	const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_LIFETIME_MS);
	const newEmail = input.newEmail.trim();
	db.transaction((tx) => {
		const token = issueToken(tx, candidateId, 'email-change', expiresAt, now, newEmail);
		enqueueMail(
			tx,
			emailChangeMail(newEmail, candidate.firstNames, link(config, '/compte/confirmer-adresse', token), expiresAt),
			now,
			config
		);
	});
	return 'sent';
}

export function confirmEmailChange(db: Db, token: string, { now, config }: Ctx): 'changed' | 'expired' | 'invalid' | 'email-taken' {
	const row = findToken(db, token, 'email-change');
	if (!row || row.usedAt || !row.newEmail) return 'invalid';
	if (now >= row.expiresAt) return 'expired';
	try {
		const changed = db.transaction((tx) => {
			// Spent inside the transaction: a reset that ended this link meanwhile wins.
			const spent = tx
				.update(accountTokens)
				.set({ usedAt: now })
				.where(and(eq(accountTokens.id, row.id), isNull(accountTokens.usedAt)))
				.run();
			if (spent.changes === 0) return false;
			const old = tx
				.select({ email: candidates.email, firstNames: candidates.firstNames })
				.from(candidates)
				.where(eq(candidates.id, row.candidateId))
				.get()!;
			tx.update(candidates)
				.set({ email: row.newEmail, emailNormalized: normalizeEmail(row.newEmail!) })
				.where(eq(candidates.id, row.candidateId))
				.run();
			// A reset link still waiting in the old mailbox would take the account back.
			endPendingLinks(tx, row.candidateId);
			if (old.email) enqueueMail(tx, emailChangedMail(old.email, old.firstNames, now), now, config);
			return true;
		});
		if (!changed) return 'invalid';
	} catch (error) {
		if (isUniqueViolation(error)) return 'email-taken';
		throw error;
	}
	return 'changed';
}

/** Asks for the current password; ends every other session and every pending link of the account. */
export async function changePassword(
	db: Db,
	candidateId: string,
	keepSessionId: string,
	input: { currentPassword: string; password: string },
	ctx: Ctx
): Promise<'changed' | 'wrong-password' | Throttled> {
	const refused = await checkCurrentPassword(db, candidateId, input.currentPassword, ctx);
	if (refused) return refused;
	const passwordHash = await hashPassword(input.password);
	db.transaction((tx) => {
		tx.update(accounts).set({ passwordHash }).where(eq(accounts.candidateId, candidateId)).run();
		tx.delete(sessions)
			.where(and(eq(sessions.candidateId, candidateId), ne(sessions.id, keepSessionId)))
			.run();
		endPendingLinks(tx, candidateId);
		noticePasswordChanged(tx, candidateId, ctx);
	});
	return 'changed';
}

// ─── School candidates and their login slips (A7) ───

export function generateLoginSlipSecret(): string {
	return randomString(LOGIN_SLIP_SECRET_ALPHABET, LOGIN_SLIP_SECRET_LENGTH);
}

/** A candidate record created by a school or an exam office, with its login slip. */
export async function createSchoolCandidate(
	db: Db,
	input: PersonalData & { academyCode: string; email?: string | null },
	{ now }: Ctx
): Promise<{ candidateId: string; candidateNumber: string; secret: string }> {
	const secret = generateLoginSlipSecret();
	const loginSlipSecretHash = await hashPassword(secret);
	const { academyCode, email, ...personal } = input;
	const id = generateId();
	const candidateNumber = db.transaction(
		(tx) => {
			const number = allocateCandidateNumber(tx, academyCode);
			tx.insert(candidates)
				.values({
					...withSearchNames(personal),
					id,
					source: 'school',
					candidateNumber: number,
					email: email ?? null,
					emailNormalized: email ? normalizeEmail(email) : null,
					createdAt: now
				})
				.run();
			// No activation for a school candidate: the school vouches for the person.
			tx.insert(accounts).values({ candidateId: id, loginSlipSecretHash, activatedAt: now, createdAt: now }).run();
			return number;
		},
		{ behavior: 'immediate' }
	);
	return { candidateId: id, candidateNumber, secret };
}

/**
 * SPEC M7: a login slip's new code replaces the previous one, which stops working, and ends every
 * session and pending link of the pupil. 'issue' is for a pupil who has not chosen a password yet
 * (false when they have, meanwhile); 'reissue' also cancels the password: it is how a pupil without
 * an email recovers a forgotten password.
 */
export function replaceLoginSlipSecret(tx: Tx, candidateId: string, secretHash: string, mode: 'issue' | 'reissue', now: Date): boolean {
	const result = tx
		.update(accounts)
		.set({
			loginSlipSecretHash: secretHash,
			loginSlipIssuedAt: now,
			...(mode === 'reissue' ? { passwordHash: null } : {}),
			failedLoginCount: 0,
			lastFailedLoginAt: null
		})
		.where(
			mode === 'issue' ? and(eq(accounts.candidateId, candidateId), isNull(accounts.passwordHash)) : eq(accounts.candidateId, candidateId)
		)
		.run();
	if (result.changes === 0) return false;
	invalidateAllSessions(tx, candidateId);
	endPendingLinks(tx, candidateId);
	return true;
}

/** « Je suis candidat scolaire »: the slip's secret at first, then the password that replaced it. */
export async function logInWithLoginSlip(db: Db, candidateNumber: string, secret: string, ctx: Ctx): Promise<LoginResult> {
	const found = db
		.select({ candidateId: candidates.id, account: accounts })
		.from(candidates)
		.innerJoin(accounts, eq(accounts.candidateId, candidates.id))
		.where(eq(candidates.candidateNumber, candidateNumber))
		.get();
	if (!found) return refuseAbsentAccount(db, `slip:${candidateNumber}`, secret, ctx);
	const usesSlip = !found.account.passwordHash;
	const attempt = usesSlip ? normalizeLoginSlipSecret(secret) : secret;
	const refused = await checkSecret(
		db,
		found.candidateId,
		attempt,
		usesSlip ? found.account.loginSlipSecretHash : found.account.passwordHash,
		ctx
	);
	if (refused) return refused;
	return { status: 'ok', candidateId: found.candidateId, mustSetPassword: usesSlip };
}

/**
 * The first password of a school candidate replaces the slip's secret for good, and ends every
 * session the slip opened but the one choosing it: a slip read over a shoulder keeps nothing open.
 */
export async function setFirstPassword(
	db: Db,
	candidateId: string,
	keepSessionId: string,
	password: string
): Promise<'set' | 'already-set'> {
	const passwordHash = await hashPassword(password);
	return db.transaction((tx): 'set' | 'already-set' => {
		const result = tx
			.update(accounts)
			.set({ passwordHash, loginSlipSecretHash: null })
			.where(and(eq(accounts.candidateId, candidateId), isNull(accounts.passwordHash)))
			.run();
		if (result.changes === 0) return 'already-set';
		tx.delete(sessions)
			.where(and(eq(sessions.candidateId, candidateId), ne(sessions.id, keepSessionId)))
			.run();
		endPendingLinks(tx, candidateId);
		return 'set';
	});
}

/** SPEC N3: reminders before a window closes, switched on or off by the candidate. */
export function setReminders(db: Db, candidateId: string, wanted: boolean): void {
	db.update(candidates).set({ remindersOptOut: !wanted }).where(eq(candidates.id, candidateId)).run();
}
