// Manager accounts (SPEC M1 with A9's throttling), on a real SQLite with every migration.
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { seedCatalogue } from '../catalogue/seed';
import { createManager, disableManager, enableManager, findManagerByEmail, logInManager, setManagerPassword } from './accounts';

const config = readConfig({ DATA_DIR: '/tmp/unused', THROTTLE_LOGIN_FREE_FAILURES: '3', THROTTLE_LOGIN_FIRST_DELAY: '1m' });
const PASSWORD = 'Une phrase de passe assez longue';
const T0 = new Date('2027-01-10T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let db: Db;
beforeEach(async () => {
	db = createTestDb();
	seedCatalogue(db);
	await createManager(db, { email: 'Gestion@Example.org', role: 'manager', academyCodes: ['08'], password: PASSWORD }, T0);
});

describe('logging a manager in', () => {
	it('accepts the right password, whatever the case of the address', async () => {
		const result = await logInManager(db, 'GESTION@example.org', PASSWORD, { now: T0, config });
		expect(result).toEqual({ status: 'ok', managerId: findManagerByEmail(db, 'gestion@example.org')!.id, secondFactor: false });
	});

	it('answers a wrong password, an unknown address and a disabled account alike', async () => {
		const wrong = await logInManager(db, 'gestion@example.org', 'pas le bon mot de passe', { now: T0, config });
		const unknown = await logInManager(db, 'personne@example.org', PASSWORD, { now: T0, config });
		const id = findManagerByEmail(db, 'gestion@example.org')!.id;
		disableManager(db, id, T0);
		const disabled = await logInManager(db, 'gestion@example.org', PASSWORD, { now: at(1), config });
		expect(wrong).toEqual({ status: 'invalid' });
		expect(unknown).toEqual({ status: 'invalid' });
		expect(disabled).toEqual({ status: 'invalid' });
		enableManager(db, id);
		expect((await logInManager(db, 'gestion@example.org', PASSWORD, { now: at(2), config })).status).toBe('ok');
	});

	it('delays an account after the free failures, even for the right password, then lets it in', async () => {
		for (let i = 0; i < 3; i++) {
			expect((await logInManager(db, 'gestion@example.org', 'mauvais essai', { now: at(i), config })).status).toBe('invalid');
		}
		const throttled = await logInManager(db, 'gestion@example.org', PASSWORD, { now: at(10), config });
		expect(throttled).toEqual({ status: 'throttled', retryAt: new Date(at(2).getTime() + 60_000) });
		expect((await logInManager(db, 'gestion@example.org', PASSWORD, { now: at(63), config })).status).toBe('ok');
		// A success clears the count: the next mistake is free again.
		expect((await logInManager(db, 'gestion@example.org', 'mauvais essai', { now: at(64), config })).status).toBe('invalid');
		expect((await logInManager(db, 'gestion@example.org', PASSWORD, { now: at(65), config })).status).toBe('ok');
	});

	it('delays an unknown address exactly as an account, so the delay does not tell which exists', async () => {
		for (let i = 0; i < 3; i++) await logInManager(db, 'absent@example.org', 'essai', { now: at(i), config });
		const throttled = await logInManager(db, 'absent@example.org', 'essai', { now: at(10), config });
		expect(throttled).toEqual({ status: 'throttled', retryAt: new Date(at(2).getTime() + 60_000) });
	});

	it('a new password replaces the old one and clears the delay', async () => {
		for (let i = 0; i < 3; i++) await logInManager(db, 'gestion@example.org', 'mauvais essai', { now: at(i), config });
		await setManagerPassword(db, findManagerByEmail(db, 'gestion@example.org')!.id, 'Un tout nouveau mot de passe');
		expect((await logInManager(db, 'gestion@example.org', PASSWORD, { now: at(5), config })).status).toBe('invalid');
		expect((await logInManager(db, 'gestion@example.org', 'Un tout nouveau mot de passe', { now: at(6), config })).status).toBe('ok');
	});

	it('refuses a taken address and an unknown académie', async () => {
		expect(
			await createManager(db, { email: 'gestion@example.org', role: 'administrator', academyCodes: [], password: PASSWORD }, T0)
		).toEqual({
			status: 'email-taken'
		});
		expect(await createManager(db, { email: 'autre@example.org', role: 'manager', academyCodes: ['99'], password: PASSWORD }, T0)).toEqual({
			status: 'unknown-academy',
			code: '99'
		});
	});
});
