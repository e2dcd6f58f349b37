// « Me connecter » must not tell whether an account exists: not by its answer, not by its delay,
// not by the time it takes (SPEC A9).
import * as argon2 from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config';
import type { Db } from '../db';
import { accounts as accountsTable } from '../db/schema';
import { createTestDb } from '../db/test-helpers';
import * as accounts from './index';
import { createActivatedCandidate, LEA, LEA_PASSWORD } from './test-fixtures';

vi.mock('@node-rs/argon2', async (original) => {
	const real = await original<typeof import('@node-rs/argon2')>();
	return { ...real, verify: vi.fn(real.verify) };
});

const config = readConfig({ ORIGIN: 'https://candidat.example.org' });
const T0 = new Date('2026-11-29T10:00:00Z');
const at = (ms: number) => ({ now: new Date(T0.getTime() + ms), config });
const HOUR = 3600_000;
const WRONG = 'Faux mot 1!';

let db: Db;
beforeEach(async () => {
	db = createTestDb();
	await createActivatedCandidate(db, at(0), 'lea@example.org');
	await accounts.createAccount(db, { ...LEA, email: 'tom@example.org', password: LEA_PASSWORD }, at(0));
});

/** The answers to the same attempts, 20 seconds apart, on one email. */
async function answersTo(email: string, passwords: string[]) {
	const answers = [];
	for (const [n, password] of passwords.entries()) answers.push(await accounts.logIn(db, email, password, at(HOUR + n * 20_000)));
	return answers;
}

describe('A9: an unknown address answers like an account', () => {
	it('the same attempts on an unknown address, an activated and a not-activated account get the same answers, delays included', async () => {
		// Five wrong passwords, then a delay of one minute, then the right password of the account.
		const passwords = [WRONG, WRONG, WRONG, WRONG, WRONG, LEA_PASSWORD, WRONG];
		const activated = await answersTo('lea@example.org', passwords);
		expect(activated.map((answer) => answer.status)).toEqual([
			'invalid',
			'invalid',
			'invalid',
			'invalid',
			'invalid',
			'throttled',
			'throttled'
		]);
		expect(await answersTo('personne@example.org', passwords)).toEqual(activated);
		expect(await answersTo('tom@example.org', passwords)).toEqual(activated);
		// An unknown address written otherwise is the same identifier, as an account's would be.
		expect(await accounts.logIn(db, ' PERSONNE@example.org', WRONG, at(HOUR + 7 * 20_000))).toEqual(
			await accounts.logIn(db, 'Lea@example.org', WRONG, at(HOUR + 7 * 20_000))
		);
	});

	it('the delay over, each gets one more attempt, then a longer delay', async () => {
		const after = [WRONG, WRONG, WRONG, WRONG, WRONG];
		for (const email of ['lea@example.org', 'personne@example.org']) await answersTo(email, after);
		const next = (email: string) => accounts.logIn(db, email, WRONG, at(HOUR + 4 * 20_000 + 60_000));
		const then = (email: string) => accounts.logIn(db, email, WRONG, at(HOUR + 4 * 20_000 + 60_001));
		expect(await next('personne@example.org')).toEqual(await next('lea@example.org'));
		expect(await then('personne@example.org')).toEqual({ status: 'throttled', retryAt: at(HOUR + 4 * 20_000 + 60_000 + 120_000).now });
		expect(await then('lea@example.org')).toEqual({ status: 'throttled', retryAt: at(HOUR + 4 * 20_000 + 60_000 + 120_000).now });
	});

	it('« Je suis candidat scolaire »: an unknown candidate number answers like a pupil’s', async () => {
		const school = await accounts.createSchoolCandidate(db, { ...LEA, academyCode: '08' }, at(0));
		const unknown = '080000099X';
		const attempts = async (candidateNumber: string) => {
			const answers = [];
			for (let n = 0; n < 7; n++) answers.push(await accounts.logInWithLoginSlip(db, candidateNumber, 'ABCDEFGHJK', at(HOUR + n)));
			return answers;
		};
		const known = await attempts(school.candidateNumber);
		expect(known.map((answer) => answer.status)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled', 'throttled']);
		expect(await attempts(unknown)).toEqual(known);
	});
});

describe('A9: every login attempt costs one argon2 verification', () => {
	const verify = vi.mocked(argon2.verify);

	async function verificationsOf(attempt: () => Promise<unknown>): Promise<number> {
		verify.mockClear();
		await attempt();
		return verify.mock.calls.length;
	}

	it('an unknown address, a wrong password, an account under its delay and an account without a password take as long', async () => {
		expect(await verificationsOf(() => accounts.logIn(db, 'personne@example.org', WRONG, at(HOUR)))).toBe(1);
		expect(await verificationsOf(() => accounts.logIn(db, 'lea@example.org', WRONG, at(HOUR)))).toBe(1);
		expect(await verificationsOf(() => accounts.logIn(db, 'tom@example.org', LEA_PASSWORD, at(HOUR)))).toBe(1);
		for (let n = 0; n < 4; n++) await accounts.logIn(db, 'lea@example.org', WRONG, at(HOUR + 1));
		expect(await accounts.logIn(db, 'lea@example.org', LEA_PASSWORD, at(HOUR + 2))).toMatchObject({ status: 'throttled' });
		expect(await verificationsOf(() => accounts.logIn(db, 'lea@example.org', LEA_PASSWORD, at(HOUR + 3)))).toBe(1);
		// A school candidate with an address but no password yet: nothing to compare, the same cost.
		const school = await accounts.createSchoolCandidate(db, { ...LEA, academyCode: '08', email: 'eleve@example.org' }, at(0));
		expect(await verificationsOf(() => accounts.logIn(db, 'eleve@example.org', WRONG, at(HOUR)))).toBe(1);
		expect(db.select().from(accountsTable).where(eq(accountsTable.candidateId, school.candidateId)).get()!.failedLoginCount).toBe(1);
		expect(await verificationsOf(() => accounts.logInWithLoginSlip(db, '080000099X', WRONG, at(HOUR)))).toBe(1);
	});
});
