import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config';
import { createTestDb } from '../db/test-helpers';
import { seedCatalogue } from '../catalogue/seed';
import { academiesOfManager, findManagerByEmail, logInManager } from '../managers/accounts';
import { DEMO_ADMINISTRATOR, DEMO_MANAGER, seedDemoManagers } from './demo-managers';

const config = readConfig({ DEMO: '1' });
const NOW = new Date('2026-11-29T10:00:00Z');

describe('M1: demonstration accounts of « Espace gestionnaire »', () => {
	it('gives a newcomer an administrator and a Grenoble manager who can log in at once, printed in the log', async () => {
		const db = createTestDb();
		seedCatalogue(db, undefined, NOW);
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		await seedDemoManagers(db, NOW);
		const lines = log.mock.calls.map((call) => String(call[0]));
		log.mockRestore();
		for (const account of [DEMO_ADMINISTRATOR, DEMO_MANAGER]) {
			expect(await logInManager(db, account.email, account.password, { now: NOW, config })).toMatchObject({ status: 'ok' });
			expect(lines.some((line) => line.includes(account.email) && line.includes(account.password))).toBe(true);
		}
		expect(findManagerByEmail(db, DEMO_ADMINISTRATOR.email)?.role).toBe('administrator');
		const manager = findManagerByEmail(db, DEMO_MANAGER.email)!;
		expect(manager.role).toBe('manager');
		expect(academiesOfManager(db, manager.id)).toEqual(['08']);
	});

	it('creates them once: a restart keeps the accounts as they are', async () => {
		const db = createTestDb();
		seedCatalogue(db, undefined, NOW);
		vi.spyOn(console, 'log').mockImplementation(() => {});
		await seedDemoManagers(db, NOW);
		const before = findManagerByEmail(db, DEMO_MANAGER.email);
		await seedDemoManagers(db, new Date(NOW.getTime() + 60_000));
		expect(findManagerByEmail(db, DEMO_MANAGER.email)).toEqual(before);
		vi.restoreAllMocks();
	});
});
