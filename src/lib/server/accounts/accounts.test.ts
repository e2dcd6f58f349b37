import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { Db } from '../db';
import { accounts as accountsTable, candidates, mailOutbox, sessions } from '../db/schema';
import { createTestDb } from '../db/test-helpers';
import { createSession, validateSessionToken } from '../auth/session';
import { PERSONAL_DATA_FIELDS, type PersonalData } from '../../domain/account';
import * as accounts from './index';
import { LEA, LEA_PASSWORD, lastMailedToken } from './test-fixtures';

const config = readConfig({ ORIGIN: 'https://candidat.example.org' });
const T0 = new Date('2026-11-29T10:00:00Z');
const at = (ms: number) => ({ now: new Date(T0.getTime() + ms), config });
const HOUR = 3600_000;

const lea = LEA;
const PASSWORD = LEA_PASSWORD;

const lastLink = lastMailedToken;

let db: Db;
beforeEach(() => {
	db = createTestDb();
});

async function createLea(email = 'lea.martin@example.org') {
	expect(await accounts.createAccount(db, { ...lea, email, password: PASSWORD }, at(0))).toBe('created');
	return lastLink(db, email);
}

describe('A1–A4: create and activate', () => {
	it('creates an inactive account, stores only hashes, and mails an activation link', async () => {
		const token = await createLea();
		const account = db.select().from(accountsTable).get()!;
		expect(account.activatedAt).toBeNull();
		expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(JSON.stringify(db.$client.prepare('SELECT * FROM account_tokens').all())).not.toContain(token);
		const mail = db.select().from(mailOutbox).get()!;
		expect(mail.subject).toBe('Activez votre compte candidat');
		expect(mail.textBody).toContain(`Activer mon compte : https://candidat.example.org/compte/activer?jeton=${token}`);
		expect(mail.htmlBody).toContain('>Activer mon compte</a>');
	});

	it('A2: refuses an email already used by an account or a candidate record, whatever its case', async () => {
		await createLea();
		expect(await accounts.createAccount(db, { ...lea, email: 'LEA.Martin@Example.org ', password: PASSWORD }, at(1))).toBe('email-taken');
		db.update(candidates).set({ email: 'autre@example.org', emailNormalized: 'autre@example.org' }).run();
		expect(await accounts.createAccount(db, { ...lea, email: 'Autre@example.org', password: PASSWORD }, at(2))).toBe('email-taken');
	});

	it('activates within 48 hours, once', async () => {
		const token = await createLea();
		expect(accounts.activateAccount(db, token, at(47 * HOUR))).toBe('activated');
		expect(accounts.activateAccount(db, token, at(47 * HOUR + 1))).toBe('already-active');
		expect(db.select().from(accountsTable).get()!.activatedAt).toEqual(at(47 * HOUR).now);
	});

	it('refuses an activation after 48 hours, and the purge then deletes the account and its data', async () => {
		const token = await createLea();
		expect(accounts.activateAccount(db, token, at(48 * HOUR))).toBe('expired');
		expect(accounts.purgeUnactivatedAccounts(db, at(48 * HOUR - 1).now)).toBe(0);
		expect(accounts.purgeUnactivatedAccounts(db, at(48 * HOUR).now)).toBe(1);
		expect(db.select().from(candidates).all()).toEqual([]);
		expect(db.$client.prepare('SELECT count(*) AS n FROM account_tokens').get()).toEqual({ n: 0 });
		// The address is free again: the candidate starts over (guide §10).
		expect(await accounts.createAccount(db, { ...lea, email: 'lea.martin@example.org', password: PASSWORD }, at(49 * HOUR))).toBe(
			'created'
		);
	});

	it('never purges an activated account', async () => {
		const token = await createLea();
		accounts.activateAccount(db, token, at(HOUR));
		expect(accounts.purgeUnactivatedAccounts(db, at(100 * HOUR).now)).toBe(0);
	});

	it('a resent link replaces the old one and keeps the 48-hour deadline of the account', async () => {
		const first = await createLea();
		accounts.resendActivation(db, 'LEA.MARTIN@example.org', at(10 * HOUR));
		const second = lastLink(db, 'lea.martin@example.org');
		expect(second).not.toBe(first);
		expect(accounts.activateAccount(db, first, at(11 * HOUR))).toBe('invalid');
		expect(accounts.activateAccount(db, second, at(48 * HOUR))).toBe('expired');
		expect(accounts.activateAccount(db, second, at(48 * HOUR - 1))).toBe('activated');
	});

	it('resending to an unknown or activated address sends nothing', async () => {
		const token = await createLea();
		accounts.activateAccount(db, token, at(1));
		const before = db.select().from(mailOutbox).all().length;
		accounts.resendActivation(db, 'lea.martin@example.org', at(2));
		accounts.resendActivation(db, 'inconnu@example.org', at(2));
		expect(db.select().from(mailOutbox).all()).toHaveLength(before);
	});
});

describe('A5, A9: log in and the throttling schedule', () => {
	beforeEach(async () => {
		accounts.activateAccount(db, await createLea(), at(0));
	});

	it('logs in an activated account with its password, case-insensitively on the email', async () => {
		const result = await accounts.logIn(db, ' Lea.Martin@example.org', PASSWORD, at(HOUR));
		expect(result).toMatchObject({ status: 'ok', mustSetPassword: false });
	});

	it('refuses an account not yet activated, and only says so after the right password', async () => {
		await accounts.createAccount(db, { ...lea, email: 'tom@example.org', password: PASSWORD }, at(0));
		expect(await accounts.logIn(db, 'tom@example.org', 'Mauvais mot 1!', at(1))).toEqual({ status: 'invalid' });
		expect(await accounts.logIn(db, 'tom@example.org', PASSWORD, at(2))).toEqual({ status: 'not-activated' });
	});

	it('gives 5 free failures, then waits 1 minute doubling up to 15, never locks, and a success resets', async () => {
		let t = HOUR;
		for (let failure = 1; failure <= 5; failure++) {
			expect(await accounts.logIn(db, 'lea.martin@example.org', 'Faux mot 1!', at((t += 1000)))).toEqual({ status: 'invalid' });
		}
		// Throttled for 1 minute after the 5th failure: even the right password waits.
		const throttled = await accounts.logIn(db, 'lea.martin@example.org', PASSWORD, at(t + 30_000));
		expect(throttled).toEqual({ status: 'throttled', retryAt: at(t + 60_000).now });
		const delays: number[] = [];
		for (let failure = 6; failure <= 12; failure++) {
			const wait = (await accounts.logIn(db, 'lea.martin@example.org', 'x', at(t))) as { retryAt: Date };
			t = wait.retryAt.getTime() - T0.getTime();
			expect(await accounts.logIn(db, 'lea.martin@example.org', 'Faux mot 1!', at(t))).toEqual({ status: 'invalid' });
			const next = (await accounts.logIn(db, 'lea.martin@example.org', 'x', at(t))) as { retryAt: Date };
			delays.push((next.retryAt.getTime() - T0.getTime() - t) / 60_000);
		}
		expect(delays).toEqual([2, 4, 8, 15, 15, 15, 15]);
		const retryAt = ((await accounts.logIn(db, 'lea.martin@example.org', 'x', at(t))) as { retryAt: Date }).retryAt;
		expect(await accounts.logIn(db, 'lea.martin@example.org', PASSWORD, { now: retryAt, config })).toMatchObject({ status: 'ok' });
		expect(db.select().from(accountsTable).get()!.failedLoginCount).toBe(0);
	});

	it('an unknown address costs a password verification and answers like a wrong password', async () => {
		expect(await accounts.logIn(db, 'personne@example.org', PASSWORD, at(1))).toEqual({ status: 'invalid' });
	});
});

describe('A6: forgotten password', () => {
	let candidateId: string;
	beforeEach(async () => {
		accounts.activateAccount(db, await createLea(), at(0));
		candidateId = db.select().from(candidates).get()!.id;
	});

	it('mails a single-use link valid one hour that ends every session', async () => {
		const phone = createSession(db, candidateId, 'candidate', at(0).now, config);
		accounts.requestPasswordReset(db, 'lea.martin@example.org', at(HOUR));
		const token = lastLink(db, 'lea.martin@example.org');
		expect(accounts.checkPasswordResetToken(db, token, at(2 * HOUR).now)).toBe('expired');
		expect(await accounts.resetPassword(db, token, 'Nouveau mot 2?', at(HOUR + 59 * 60_000))).toBe('done');
		expect(await accounts.resetPassword(db, token, 'Encore autre 3?', at(HOUR + 59 * 60_000))).toBe('invalid');
		expect(validateSessionToken(db, phone.token, at(HOUR + 60 * 60_000).now, config)).toBeNull();
		expect(await accounts.logIn(db, 'lea.martin@example.org', PASSWORD, at(2 * HOUR))).toEqual({ status: 'invalid' });
		expect(await accounts.logIn(db, 'lea.martin@example.org', 'Nouveau mot 2?', at(2 * HOUR))).toMatchObject({ status: 'ok' });
	});

	it('an expired link is refused', async () => {
		accounts.requestPasswordReset(db, 'lea.martin@example.org', at(0));
		expect(await accounts.resetPassword(db, lastLink(db, 'lea.martin@example.org'), 'Nouveau mot 2?', at(HOUR))).toBe('expired');
	});

	it('a new request makes the previous link useless; an unknown address gets nothing', async () => {
		accounts.requestPasswordReset(db, 'lea.martin@example.org', at(0));
		const first = lastLink(db, 'lea.martin@example.org');
		accounts.requestPasswordReset(db, 'lea.martin@example.org', at(60_000));
		expect(accounts.checkPasswordResetToken(db, first, at(60_001).now)).toBe('invalid');
		const count = db.select().from(mailOutbox).all().length;
		accounts.requestPasswordReset(db, 'personne@example.org', at(60_002));
		expect(db.select().from(mailOutbox).all()).toHaveLength(count);
	});
});

describe('A8: « Modifier mon compte » and the lock', () => {
	let candidateId: string;
	beforeEach(async () => {
		accounts.activateAccount(db, await createLea(), at(0));
		candidateId = db.select().from(candidates).get()!.id;
	});

	it('lets every personal field change until the first registration, and none after, even withdrawn', () => {
		const changed = { ...lea, birthName: 'Martin-Dubois', phone: '07 00 00 00 00' };
		expect(accounts.updatePersonalData(db, candidateId, changed)).toBe('updated');
		accounts.lockPersonalData(db, candidateId, at(HOUR).now);
		const before = db.select().from(candidates).get()!;
		const variants: Record<keyof PersonalData, unknown> = {
			civility: 'M',
			birthName: 'Autre',
			usageName: 'Autre',
			firstNames: 'Autre',
			birthDate: '2004-01-01',
			birthPlace: 'Lyon',
			birthCountry: 'Italie',
			nationality: 'EU',
			addressLine1: '1 rue Neuve',
			addressLine2: 'Bât. B',
			postalCode: '69001',
			city: 'Lyon',
			country: 'Italie',
			phone: '04 00 00 00 00'
		};
		for (const field of PERSONAL_DATA_FIELDS) {
			expect(accounts.updatePersonalData(db, candidateId, { ...changed, [field]: variants[field] }), field).toBe('locked');
		}
		expect(db.select().from(candidates).get()).toEqual(before);
		// The mark is never cleared: locking again keeps the first date.
		accounts.lockPersonalData(db, candidateId, at(2 * HOUR).now);
		expect(db.select().from(candidates).get()!.personalDataLockedAt).toEqual(at(HOUR).now);
	});

	it('changes the email only after the password and the new address’s confirmation', async () => {
		accounts.lockPersonalData(db, candidateId, at(0).now);
		expect(await accounts.requestEmailChange(db, candidateId, { newEmail: 'lea@example.org', currentPassword: 'faux' }, at(1))).toBe(
			'wrong-password'
		);
		expect(await accounts.requestEmailChange(db, candidateId, { newEmail: 'lea@example.org', currentPassword: PASSWORD }, at(2))).toBe(
			'sent'
		);
		expect(db.select().from(candidates).get()!.email).toBe('lea.martin@example.org');
		const token = lastLink(db, 'lea@example.org');
		expect(accounts.confirmEmailChange(db, token, at(3))).toBe('changed');
		expect(accounts.confirmEmailChange(db, token, at(4))).toBe('invalid');
		expect(await accounts.logIn(db, 'lea@example.org', PASSWORD, at(5))).toMatchObject({ status: 'ok' });
	});

	it('refuses a new email that is taken', async () => {
		await accounts.createAccount(db, { ...lea, email: 'pris@example.org', password: PASSWORD }, at(0));
		expect(await accounts.requestEmailChange(db, candidateId, { newEmail: 'PRIS@example.org', currentPassword: PASSWORD }, at(1))).toBe(
			'email-taken'
		);
	});

	it('changes the password with the current one and ends the other sessions only', async () => {
		const here = createSession(db, candidateId, 'candidate', at(0).now, config);
		const there = createSession(db, candidateId, 'candidate', at(0).now, config);
		expect(
			await accounts.changePassword(db, candidateId, here.session.id, { currentPassword: 'faux', password: 'Nouveau mot 2?' }, at(1))
		).toBe('wrong-password');
		expect(
			await accounts.changePassword(db, candidateId, here.session.id, { currentPassword: PASSWORD, password: 'Nouveau mot 2?' }, at(2))
		).toBe('changed');
		expect(db.select({ id: sessions.id }).from(sessions).all()).toEqual([{ id: here.session.id }]);
		expect(validateSessionToken(db, there.token, at(1).now, config)).toBeNull();
	});
});

describe('A7: school candidates and their login slips', () => {
	it('logs in with the slip, then only with the password that replaced it', async () => {
		const { candidateNumber, secret } = await accounts.createSchoolCandidate(db, { ...lea, academyCode: '08' }, at(0));
		expect(candidateNumber).toMatch(/^080000001[0-9A-Z]$/);
		expect(secret).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
		expect(JSON.stringify(db.select().from(accountsTable).all())).not.toContain(secret);
		const first = await accounts.logInWithLoginSlip(db, candidateNumber, secret, at(1));
		expect(first).toMatchObject({ status: 'ok', mustSetPassword: true });
		const id = (first as { candidateId: string }).candidateId;
		const here = createSession(db, id, 'candidate', at(1).now, config).session.id;
		expect(await accounts.setFirstPassword(db, id, here, 'Lycée 2027 !')).toBe('set');
		expect(await accounts.setFirstPassword(db, id, here, 'Autre 2027 !')).toBe('already-set');
		expect(await accounts.logInWithLoginSlip(db, candidateNumber, secret, at(2))).toEqual({ status: 'invalid' });
		expect(await accounts.logInWithLoginSlip(db, candidateNumber, 'Lycée 2027 !', at(3))).toMatchObject({
			status: 'ok',
			mustSetPassword: false
		});
	});

	it('A7: choosing the first password ends every other session the slip opened, and keeps this one', async () => {
		const { candidateId, candidateNumber, secret } = await accounts.createSchoolCandidate(
			db,
			{ ...lea, academyCode: '08', email: 'eleve@example.org' },
			at(0)
		);
		expect(await accounts.logInWithLoginSlip(db, candidateNumber, secret, at(1))).toMatchObject({ status: 'ok', mustSetPassword: true });
		// The slip used on a school computer, then at home, where the pupil chooses the password.
		const atSchool = createSession(db, candidateId, 'candidate', at(1).now, config);
		const atHome = createSession(db, candidateId, 'candidate', at(2).now, config);
		// A reset link asked for meanwhile would replace the chosen password.
		accounts.requestPasswordReset(db, 'eleve@example.org', at(3));
		const resetLink = lastLink(db, 'eleve@example.org');
		expect(await accounts.setFirstPassword(db, candidateId, atHome.session.id, 'Lycée 2027 !')).toBe('set');
		expect(validateSessionToken(db, atSchool.token, at(4).now, config)).toBeNull();
		expect(validateSessionToken(db, atHome.token, at(4).now, config)?.user).toMatchObject({ candidateId, mustSetPassword: false });
		expect(accounts.checkPasswordResetToken(db, resetLink, at(4).now)).toBe('invalid');
	});

	it('numbers school candidates in sequence per académie', async () => {
		const a = await accounts.createSchoolCandidate(db, { ...lea, academyCode: '08' }, at(0));
		const b = await accounts.createSchoolCandidate(db, { ...lea, academyCode: '08' }, at(0));
		const c = await accounts.createSchoolCandidate(db, { ...lea, academyCode: '28' }, at(0));
		expect([a.candidateNumber.slice(0, 9), b.candidateNumber.slice(0, 9), c.candidateNumber.slice(0, 9)]).toEqual([
			'080000001',
			'080000002',
			'280000001'
		]);
	});
});

describe('sessions', () => {
	it('slide while used, end after 24 hours idle or 30 days in all', async () => {
		accounts.activateAccount(db, await createLea(), at(0));
		const candidateId = db.select().from(candidates).get()!.id;
		const { token } = createSession(db, candidateId, 'candidate', at(0).now, config);
		expect(db.$client.prepare('SELECT id FROM sessions').get()).not.toEqual({ id: token });
		// Used every 20 hours: still alive on day 29.
		let t = 0;
		while (t + 20 * HOUR < 30 * 24 * HOUR) {
			t += 20 * HOUR;
			expect(validateSessionToken(db, token, at(t).now, config), `at ${t / HOUR} h`).not.toBeNull();
		}
		expect(validateSessionToken(db, token, at(30 * 24 * HOUR).now, config)).toBeNull();

		const idle = createSession(db, candidateId, 'candidate', at(0).now, config);
		expect(validateSessionToken(db, idle.token, at(24 * HOUR).now, config)).toBeNull();
	});
});
