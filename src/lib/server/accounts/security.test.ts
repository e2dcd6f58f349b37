import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { Db } from '../db';
import { accounts as accountsTable, candidates as candidatesTable, mailOutbox } from '../db/schema';
import { createTestDb } from '../db/test-helpers';
import { createSession } from '../auth/session';
import * as accounts from './index';
import { createActivatedCandidate, LEA, LEA_PASSWORD, lastMailedToken } from './test-fixtures';

const config = readConfig({ ORIGIN: 'https://candidat.example.org' });
const T0 = new Date('2026-11-29T10:00:00Z');
const at = (ms: number) => ({ now: new Date(T0.getTime() + ms), config });
const MINUTE = 60_000;
const HOUR = 3600_000;
const EMAIL = 'lea@example.org';
const WRONG = 'Faux mot 1!';

let db: Db;
let candidateId: string;
beforeEach(async () => {
	db = createTestDb();
	candidateId = await createActivatedCandidate(db, at(0), EMAIL);
});

const failedLoginCount = (id = candidateId) =>
	db.select().from(accountsTable).where(eq(accountsTable.candidateId, id)).get()!.failedLoginCount;
const mailsTo = (to: string) => db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).all();

describe('A9: guesses sent in parallel still meet the per-account delay', () => {
	it('counts each login attempt before the password check', async () => {
		const results = await Promise.all(Array.from({ length: 30 }, () => accounts.logIn(db, EMAIL, WRONG, at(HOUR))));
		// 5 free failures, then the delay: the other 25 never reach the password check.
		expect(results.filter((result) => result.status === 'invalid')).toHaveLength(5);
		expect(results.filter((result) => result.status === 'throttled')).toHaveLength(25);
		expect(failedLoginCount()).toBe(5);
		expect(await accounts.logIn(db, EMAIL, LEA_PASSWORD, at(HOUR + 30_000))).toEqual({
			status: 'throttled',
			retryAt: at(HOUR + MINUTE).now
		});
		expect(await accounts.logIn(db, EMAIL, LEA_PASSWORD, at(HOUR + MINUTE))).toMatchObject({ status: 'ok' });
		expect(failedLoginCount()).toBe(0);
	});

	it('counts each login-slip attempt before the secret check (« Je suis candidat scolaire »)', async () => {
		const school = await accounts.createSchoolCandidate(db, { ...LEA, academyCode: '08' }, at(0));
		const results = await Promise.all(
			Array.from({ length: 30 }, () => accounts.logInWithLoginSlip(db, school.candidateNumber, 'ABCDEFGHJK', at(HOUR)))
		);
		expect(results.filter((result) => result.status === 'invalid')).toHaveLength(5);
		expect(failedLoginCount(school.candidateId)).toBe(5);
		expect(await accounts.logInWithLoginSlip(db, school.candidateNumber, school.secret, at(HOUR + 30_000))).toMatchObject({
			status: 'throttled'
		});
		expect(await accounts.logInWithLoginSlip(db, school.candidateNumber, school.secret, at(HOUR + MINUTE))).toMatchObject({
			status: 'ok',
			mustSetPassword: true
		});
	});
});

describe('A9: the current password of « Modifier mon compte » meets the login’s counter and delay', () => {
	const session = () => createSession(db, candidateId, 'candidate', at(0).now, config).session.id;

	it('counts wrong current passwords with failed logins, then makes both wait', async () => {
		const here = session();
		for (let failure = 1; failure <= 3; failure++) {
			expect(
				await accounts.requestEmailChange(db, candidateId, { newEmail: 'autre@example.org', currentPassword: WRONG }, at(HOUR + failure))
			).toBe('wrong-password');
		}
		expect(await accounts.changePassword(db, candidateId, here, { currentPassword: WRONG, password: 'Nouveau mot 2?' }, at(HOUR + 4))).toBe(
			'wrong-password'
		);
		expect(await accounts.logIn(db, EMAIL, WRONG, at(HOUR + 5))).toEqual({ status: 'invalid' });
		const delay = { status: 'throttled', retryAt: at(HOUR + 5 + MINUTE).now };
		expect(
			await accounts.requestEmailChange(db, candidateId, { newEmail: 'autre@example.org', currentPassword: LEA_PASSWORD }, at(HOUR + 6))
		).toEqual(delay);
		expect(
			await accounts.changePassword(db, candidateId, here, { currentPassword: LEA_PASSWORD, password: 'Nouveau mot 2?' }, at(HOUR + 7))
		).toEqual(delay);
		expect(await accounts.logIn(db, EMAIL, LEA_PASSWORD, at(HOUR + 8))).toEqual(delay);
		expect(mailsTo('autre@example.org')).toEqual([]);
		// The delay over, the right password works and resets the count.
		expect(
			await accounts.changePassword(
				db,
				candidateId,
				here,
				{ currentPassword: LEA_PASSWORD, password: 'Nouveau mot 2?' },
				at(HOUR + 5 + MINUTE)
			)
		).toBe('changed');
		expect(failedLoginCount()).toBe(0);
	});

	it('counts current-password guesses sent in parallel', async () => {
		const here = session();
		const results = await Promise.all(
			Array.from({ length: 30 }, () =>
				accounts.changePassword(db, candidateId, here, { currentPassword: WRONG, password: 'Nouveau mot 2?' }, at(HOUR))
			)
		);
		expect(results.filter((result) => result === 'wrong-password')).toHaveLength(5);
		expect(failedLoginCount()).toBe(5);
		expect(
			await accounts.requestEmailChange(db, candidateId, { newEmail: 'autre@example.org', currentPassword: LEA_PASSWORD }, at(HOUR + 1))
		).toMatchObject({ status: 'throttled' });
	});
});

describe('A6, A8: a changed password or address ends every pending link and tells the address (ASVS 6.3.7)', () => {
	const NEW_PASSWORD = 'Nouveau mot 2?';

	function pendingEmailChange(newEmail = 'pirate@example.org') {
		return accounts.requestEmailChange(db, candidateId, { newEmail, currentPassword: LEA_PASSWORD }, at(HOUR)).then((result) => {
			expect(result).toBe('sent');
			return lastMailedToken(db, newEmail);
		});
	}

	function expectNotice(to: string, subject: string) {
		const notice = mailsTo(to).at(-1)!;
		expect(notice.subject).toBe(subject);
		expect(notice.textBody).toContain('Bonjour Léa,');
		// A notice grants nothing: no link at all.
		expect(notice.textBody).not.toMatch(/https?:|jeton/);
		expect(notice.htmlBody).not.toMatch(/<a |https?:|jeton/);
	}

	it('A6: a password reset ends a pending email change, so the address stays the candidate’s', async () => {
		const emailLink = await pendingEmailChange();
		accounts.requestPasswordReset(db, EMAIL, at(2 * HOUR));
		expect(await accounts.resetPassword(db, lastMailedToken(db, EMAIL), NEW_PASSWORD, at(2 * HOUR + 1))).toBe('done');
		expect(accounts.confirmEmailChange(db, emailLink, at(2 * HOUR + 2))).toBe('invalid');
		expect(await accounts.logIn(db, EMAIL, NEW_PASSWORD, at(2 * HOUR + 3))).toMatchObject({ status: 'ok' });
		expectNotice(EMAIL, 'Le mot de passe de votre compte a été changé');
	});

	it('A8: a password change ends a pending email change and a pending reset link', async () => {
		const emailLink = await pendingEmailChange();
		accounts.requestPasswordReset(db, EMAIL, at(HOUR + 1));
		const resetLink = lastMailedToken(db, EMAIL);
		const here = createSession(db, candidateId, 'candidate', at(0).now, config).session.id;
		expect(
			await accounts.changePassword(db, candidateId, here, { currentPassword: LEA_PASSWORD, password: NEW_PASSWORD }, at(HOUR + 2))
		).toBe('changed');
		expect(accounts.confirmEmailChange(db, emailLink, at(HOUR + 3))).toBe('invalid');
		expect(accounts.checkPasswordResetToken(db, resetLink, at(HOUR + 3).now)).toBe('invalid');
		expect(await accounts.resetPassword(db, resetLink, 'Pirate mot 3?', at(HOUR + 3))).toBe('invalid');
		expect(db.select().from(candidatesTable).get()!.email).toBe(EMAIL);
		expectNotice(EMAIL, 'Le mot de passe de votre compte a été changé');
	});

	it('A8: a confirmed email change tells the old address and ends the reset link mailed there', async () => {
		accounts.requestPasswordReset(db, EMAIL, at(HOUR));
		const resetLink = lastMailedToken(db, EMAIL);
		const emailLink = await pendingEmailChange('lea.nouvelle@example.org');
		expect(accounts.confirmEmailChange(db, emailLink, at(HOUR + 1))).toBe('changed');
		expect(accounts.checkPasswordResetToken(db, resetLink, at(HOUR + 2).now)).toBe('invalid');
		expectNotice(EMAIL, 'L’adresse mail de votre compte a été changée');
		expect(mailsTo('lea.nouvelle@example.org')).toHaveLength(1);
	});

	it('a wrong current password or a login sends no notice', async () => {
		const before = db.select().from(mailOutbox).all().length;
		expect(await accounts.requestEmailChange(db, candidateId, { newEmail: 'x@example.org', currentPassword: WRONG }, at(HOUR))).toBe(
			'wrong-password'
		);
		await accounts.logIn(db, EMAIL, LEA_PASSWORD, at(HOUR));
		expect(db.select().from(mailOutbox).all()).toHaveLength(before);
	});
});
