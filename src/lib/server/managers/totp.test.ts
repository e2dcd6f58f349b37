// The second factor (SPEC M1): RFC 6238 codes accepted once, single-use recovery codes.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { managers } from '../db/schema';
import { createManager } from './accounts';
import { enableTotp, newTotpKey, remainingRecoveryCodes, totpCodeAt, verifySecondFactor } from './totp';

const T0 = new Date('2027-01-10T09:00:10Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let db: Db;
let id: string;
let key: string;
let recoveryCodes: string[];
beforeEach(async () => {
	db = createTestDb();
	const created = await createManager(db, { email: 'admin@example.org', role: 'administrator', academyCodes: [], password: null }, T0);
	if (created.status !== 'created') throw new Error(created.status);
	id = created.id;
	key = newTotpKey();
	// A code of another time (an hour later) does not turn it on.
	expect(enableTotp(db, id, key, totpCodeAt(key, at(3600)), T0)).toBeNull();
	recoveryCodes = enableTotp(db, id, key, totpCodeAt(key, T0), T0)!.recoveryCodes;
});

describe('TOTP codes', () => {
	it('is on once the first code matches; the enrolment code itself cannot be replayed', () => {
		expect(db.select().from(managers).where(eq(managers.id, id)).get()).toMatchObject({ totpKey: key, totpEnabledAt: T0 });
		expect(verifySecondFactor(db, id, totpCodeAt(key, T0), at(5))).toBeNull();
	});

	it('accepts the code of a later step once, then refuses it (replay)', () => {
		const code = totpCodeAt(key, at(30));
		expect(verifySecondFactor(db, id, code, at(30))).toBe('totp');
		expect(verifySecondFactor(db, id, code, at(31))).toBeNull();
		expect(verifySecondFactor(db, id, totpCodeAt(key, at(60)), at(60))).toBe('totp');
	});

	it('allows one step of clock drift, not more, and refuses a code of an older step', () => {
		expect(verifySecondFactor(db, id, totpCodeAt(key, at(120)), at(150))).toBe('totp');
		expect(verifySecondFactor(db, id, totpCodeAt(key, at(180)), at(300))).toBeNull();
		expect(verifySecondFactor(db, id, totpCodeAt(key, at(90)), at(300))).toBeNull();
	});

	it('refuses a code made with another key', () => {
		expect(verifySecondFactor(db, id, totpCodeAt(newTotpKey(), at(30)), at(30))).toBeNull();
	});
});

describe('recovery codes', () => {
	it('gives eight codes, each accepted once, typed with or without the dash and in any case', () => {
		expect(recoveryCodes).toHaveLength(8);
		expect(new Set(recoveryCodes).size).toBe(8);
		expect(remainingRecoveryCodes(db, id)).toBe(8);
		expect(verifySecondFactor(db, id, recoveryCodes[0], at(5))).toBe('recovery');
		expect(verifySecondFactor(db, id, recoveryCodes[0], at(6))).toBeNull();
		expect(verifySecondFactor(db, id, recoveryCodes[1].replace('-', '').toLowerCase(), at(7))).toBe('recovery');
		expect(remainingRecoveryCodes(db, id)).toBe(6);
	});

	it('stops working once replaced by a new enrolment', () => {
		const renewed = enableTotp(db, id, key, totpCodeAt(key, at(60)), at(60))!.recoveryCodes;
		expect(verifySecondFactor(db, id, recoveryCodes[2], at(61))).toBeNull();
		expect(verifySecondFactor(db, id, renewed[0], at(62))).toBe('recovery');
	});
});
