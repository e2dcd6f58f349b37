import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config';
import { candidates } from '../db/schema';
import { createTestDb } from '../db/test-helpers';
import { seedCatalogue } from '../catalogue/seed';
import { logIn, logInWithLoginSlip } from '../accounts';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoPeople } from './demo-people';

const config = readConfig({ DEMO: '1' });
const NOW = new Date('2026-11-29T10:00:00Z');

describe('demonstration people', () => {
	it('gives a newcomer an account and login slips that work at once, printed in the log', async () => {
		const db = createTestDb();
		seedCatalogue(db, undefined, NOW);
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		await seedDemoPeople(db, config, NOW);
		const lines = log.mock.calls.map((call) => String(call[0]));
		log.mockRestore();
		expect(await logIn(db, DEMO_EMAIL, DEMO_PASSWORD, { now: NOW, config })).toMatchObject({ status: 'ok' });
		const slip = lines.find((line) => line.includes('papillon de connexion'))!;
		const [, number, code] = /N° candidat : (\S+) – Code : (\S+)/.exec(slip)!;
		expect(await logInWithLoginSlip(db, number, code, { now: NOW, config })).toMatchObject({ status: 'ok', mustSetPassword: true });
		expect(lines.some((line) => line.includes(DEMO_EMAIL) && line.includes(DEMO_PASSWORD))).toBe(true);
	});

	it('never touches a database that already has people', async () => {
		const db = createTestDb();
		seedCatalogue(db, undefined, NOW);
		vi.spyOn(console, 'log').mockImplementation(() => {});
		await seedDemoPeople(db, config, NOW);
		const before = db.select().from(candidates).all();
		await seedDemoPeople(db, config, NOW);
		expect(db.select().from(candidates).all()).toEqual(before);
		vi.restoreAllMocks();
	});
});
