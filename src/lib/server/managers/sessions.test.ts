// Manager sessions (SPEC M1): 30 min idle and 12 h at most by default; a disabled account's session ends.
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { seedCatalogue } from '../catalogue/seed';
import { createManager, disableManager } from './accounts';
import { completeSecondFactor, createManagerSession, managerCookieName, validateManagerSessionToken } from './sessions';

const config = readConfig({ DATA_DIR: '/tmp/unused' });
const T0 = new Date('2027-01-10T08:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let db: Db;
let id: string;
beforeEach(async () => {
	db = createTestDb();
	seedCatalogue(db);
	const created = await createManager(db, { email: 'g@example.org', role: 'manager', academyCodes: ['08', '10'], password: null }, T0);
	if (created.status !== 'created') throw new Error(created.status);
	id = created.id;
});

describe('manager sessions', () => {
	it('gives the manager with their académies, and ends after 30 minutes without use', () => {
		const { token } = createManagerSession(db, id, false, T0, config);
		expect(validateManagerSessionToken(db, token, minutes(29), config)?.manager).toMatchObject({
			id,
			role: 'manager',
			academyCodes: ['08', '10'],
			totpEnabled: false
		});
		// Used at 29 min: the idle limit slid to 59 min.
		expect(validateManagerSessionToken(db, token, minutes(58), config)).not.toBeNull();
		expect(validateManagerSessionToken(db, token, minutes(58 + 30), config)).toBeNull();
		// Gone for good, even at a time that would have been valid.
		expect(validateManagerSessionToken(db, token, minutes(59), config)).toBeNull();
	});

	it('ends after 12 hours however busy the manager is', () => {
		const { token } = createManagerSession(db, id, false, T0, config);
		for (let m = 20; m < 12 * 60; m += 20) expect(validateManagerSessionToken(db, token, minutes(m), config), `${m} min`).not.toBeNull();
		expect(validateManagerSessionToken(db, token, minutes(12 * 60), config)).toBeNull();
	});

	it('ends when the account is disabled', () => {
		const { token } = createManagerSession(db, id, false, T0, config);
		disableManager(db, id, minutes(1));
		expect(validateManagerSessionToken(db, token, minutes(2), config)).toBeNull();
	});

	it('replaces a pending session by a new token once the second factor is done', () => {
		const pending = createManagerSession(db, id, true, T0, config);
		expect(validateManagerSessionToken(db, pending.token, T0, config)?.session.pendingSecondFactor).toBe(true);
		const full = completeSecondFactor(db, pending.session.id, id, minutes(1), config);
		expect(full.token).not.toBe(pending.token);
		expect(validateManagerSessionToken(db, pending.token, minutes(1), config)).toBeNull();
		expect(validateManagerSessionToken(db, full.token, minutes(1), config)?.session.pendingSecondFactor).toBe(false);
	});

	it('uses a __Host- cookie over HTTPS only', () => {
		expect(managerCookieName('https://candidat.example.org')).toBe('__Host-gestionnaire');
		expect(managerCookieName('http://127.0.0.1:5173')).toBe('gestionnaire');
	});
});
