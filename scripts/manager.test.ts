// The operator's CLI (SPEC M1), run for real: a child process on a temporary DATA_DIR, the password
// piped on standard input, then the database checked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { readConfig } from '../src/lib/server/config';
import { databaseFile, openDatabase, type Db } from '../src/lib/server/db';
import { auditEvents, managers } from '../src/lib/server/db/schema';
import { findManagerByEmail, listManagers, logInManager } from '../src/lib/server/managers/accounts';
import { createManagerSession, validateManagerSessionToken } from '../src/lib/server/managers/sessions';

const tsx = path.resolve('node_modules/.bin/tsx');
const PASSWORD = 'Une phrase de passe pour la CLI';
let dataDir: string;

function cli(args: string[], input = '', env: Record<string, string> = {}) {
	return spawnSync(tsx, ['scripts/manager.ts', ...args], {
		env: { ...process.env, DATA_DIR: dataDir, ...env },
		input,
		encoding: 'utf8',
		timeout: 30_000
	});
}

function withDb<T>(use: (db: Db) => T): T {
	const db = openDatabase(databaseFile(dataDir));
	try {
		return use(db);
	} finally {
		db.$client.close();
	}
}

async function withDbAsync<T>(use: (db: Db) => Promise<T>): Promise<T> {
	const db = openDatabase(databaseFile(dataDir));
	try {
		return await use(db);
	} finally {
		db.$client.close();
	}
}

const config = () => readConfig({ DATA_DIR: dataDir });

beforeAll(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-manager-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// Each case starts a process (tsx, migrations, argon2): seconds each.
describe('npm run manager (SPEC M1)', { timeout: 120_000 }, () => {
	it('creates an administrator from a piped password, who can then log in; audited as system', async () => {
		const result = cli(['create', '--email', 'Premier.Admin@Example.org', '--admin'], `${PASSWORD}\n`);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('premier.admin@example.org');
		expect(result.stdout).not.toContain(PASSWORD);

		await withDbAsync(async (db) => {
			const row = findManagerByEmail(db, 'premier.admin@example.org')!;
			expect(row.role).toBe('administrator');
			expect(row.passwordHash).toMatch(/^\$argon2id\$/);
			const login = await logInManager(db, 'premier.admin@example.org', PASSWORD, { now: new Date(), config: config() });
			expect(login).toMatchObject({ status: 'ok', managerId: row.id, secondFactor: false });
			const audit = db.select().from(auditEvents).where(eq(auditEvents.subjectId, row.id)).all();
			expect(audit).toMatchObject([{ actorType: 'system', actorId: null, action: 'manager.created' }]);
			expect(JSON.stringify(audit)).not.toContain(PASSWORD);
		});
	});

	it('creates a manager of several académies, listed with role, académies, state and second factor', () => {
		const created = cli(['create', '--email', 'gestion.lyon@example.org', '--academy', '10', '--academy', '08'], `${PASSWORD}\n`);
		expect(created.status).toBe(0);
		withDb((db) => {
			const row = listManagers(db).find((manager) => manager.email === 'gestion.lyon@example.org')!;
			expect(row.role).toBe('manager');
			expect(row.academyCodes.sort()).toEqual(['08', '10']);
		});

		const list = cli(['list']);
		expect(list.status).toBe(0);
		const line = list.stdout.split('\n').find((text) => text.startsWith('gestion.lyon@example.org'))!;
		expect(line).toMatch(/gestionnaire\s+08,10\s+non\s+non/);
		expect(list.stdout).toMatch(/premier\.admin@example\.org\s+administrateur\s+toutes\s+non\s+non/);
	});

	it('refuses, with a message and a non-zero exit, what it cannot do', () => {
		const cases: [string[], string, RegExp][] = [
			[['create', '--email', 'court@example.org', '--admin'], 'trop court\n', /au moins 12 caractères/],
			[['create', '--email', 'inconnue@example.org', '--academy', '99'], `${PASSWORD}\n`, /Code d’académie inconnu : 99/],
			[['create', '--email', 'gestion.lyon@example.org', '--academy', '10'], `${PASSWORD}\n`, /a déjà un compte/],
			[['create', '--email', 'sans.academie@example.org'], `${PASSWORD}\n`, /Il manque --academy/],
			[['create', '--academy', '08'], `${PASSWORD}\n`, /Il manque --email/],
			[['create', '--email', 'pas-une-adresse', '--admin'], `${PASSWORD}\n`, /adresse mail valide/],
			[['disable', '--email', 'personne@example.org'], '', /Aucun gestionnaire/],
			[['frobnicate'], '', /Commande inconnue/],
			[[], '', /Il manque la commande/]
		];
		for (const [args, input, message] of cases) {
			const result = cli(args, input);
			expect(result.status, args.join(' ')).toBe(1);
			expect(result.stderr, args.join(' ')).toMatch(message);
		}
		withDb((db) => {
			for (const email of ['court@example.org', 'inconnue@example.org', 'sans.academie@example.org'])
				expect(findManagerByEmail(db, email)).toBeUndefined();
		});
	});

	it('never takes the password from an argument or the environment', () => {
		const asOption = cli(['create', '--email', 'argument@example.org', '--admin', '--password', PASSWORD]);
		expect(asOption.status).toBe(1);
		expect(asOption.stderr).toMatch(/Option inconnue : --password/);
		const asPositional = cli(['create', '--email', 'argument@example.org', '--admin', PASSWORD]);
		expect(asPositional.status).toBe(1);
		// Nothing on standard input: an empty password, refused, even with one in the environment.
		const fromEnvironment = cli(['create', '--email', 'argument@example.org', '--admin'], '', {
			PASSWORD,
			MANAGER_PASSWORD: PASSWORD
		});
		expect(fromEnvironment.status).toBe(1);
		expect(fromEnvironment.stderr).toMatch(/au moins 12 caractères/);
		withDb((db) => expect(findManagerByEmail(db, 'argument@example.org')).toBeUndefined());
	});

	it('disables a manager: their sessions end and they cannot log in', async () => {
		const { token } = withDb((db) => {
			const id = findManagerByEmail(db, 'gestion.lyon@example.org')!.id;
			return createManagerSession(db, id, false, new Date(), config());
		});
		const result = cli(['disable', '--email', 'gestion.lyon@example.org']);
		expect(result.status).toBe(0);
		await withDbAsync(async (db) => {
			const row = findManagerByEmail(db, 'gestion.lyon@example.org')!;
			expect(row.disabledAt).toBeInstanceOf(Date);
			expect(validateManagerSessionToken(db, token, new Date(), config())).toBeNull();
			const login = await logInManager(db, 'gestion.lyon@example.org', PASSWORD, { now: new Date(), config: config() });
			expect(login.status).toBe('invalid');
			expect(
				db
					.select()
					.from(auditEvents)
					.where(eq(auditEvents.subjectId, row.id))
					.all()
					.map((event) => event.action)
			).toEqual(['manager.created', 'manager.disabled']);
		});
	});

	it('resets a password: a new hash, sessions ended, the old password refused and the new one accepted', async () => {
		const { before, token } = withDb((db) => {
			const row = findManagerByEmail(db, 'premier.admin@example.org')!;
			return { before: row.passwordHash, token: createManagerSession(db, row.id, false, new Date(), config()).token };
		});
		const refused = cli(['reset-password', '--email', 'premier.admin@example.org'], 'court\n');
		expect(refused.status).toBe(1);
		withDb((db) => expect(findManagerByEmail(db, 'premier.admin@example.org')!.passwordHash).toBe(before));

		const renewed = 'Une toute nouvelle phrase de passe';
		const result = cli(['reset-password', '--email', 'premier.admin@example.org'], `${renewed}\r\nignored second line\n`);
		expect(result.status).toBe(0);
		await withDbAsync(async (db) => {
			const row = db.select().from(managers).where(eq(managers.email, 'premier.admin@example.org')).get()!;
			expect(row.passwordHash).not.toBe(before);
			expect(validateManagerSessionToken(db, token, new Date(), config())).toBeNull();
			const now = new Date();
			expect((await logInManager(db, row.email, PASSWORD, { now, config: config() })).status).toBe('invalid');
			expect((await logInManager(db, row.email, renewed, { now, config: config() })).status).toBe('ok');
			const actions = db.select().from(auditEvents).where(eq(auditEvents.subjectId, row.id)).all();
			expect(actions.map((event) => event.action)).toEqual(['manager.created', 'manager.password-reset']);
		});
	});
});
