// Several server processes (WORKERS) and the background jobs write to one SQLite file (WAL). A
// deferred transaction (the default) that reads and then writes must upgrade its read to a write:
// if another connection committed meanwhile, or holds the write lock, SQLite refuses at once with
// SQLITE_BUSY « database is locked », without waiting busy_timeout. An immediate transaction takes
// the write lock at BEGIN, where busy_timeout applies: it waits its turn.
//
// 1. A static rule over the server code: every top-level transaction is immediate, unless it is
//    listed below with the first statement that makes it safe (a write, which takes the lock under
//    busy_timeout). A new read before that first write changes the statement and fails this test.
// 2. The failure itself, on two connections to one file, and the immediate form waiting instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from './index';
import { readSetting, writeSetting } from '../managers/settings';
import { setTotpRequired } from '../managers/administration';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SCANNED = ['src/lib/server', 'src/routes', 'src/hooks.server.ts', 'scripts'];

/**
 * Deferred on purpose: the first statement each runs is a write (through the helper named, when it
 * is a call), so the transaction never holds a read it must upgrade. Keyed by file#function; `first`
 * is the start of the callback's first statement, whitespace ignored.
 */
const WRITE_FIRST: Record<string, { first: string; why: string }> = {
	'src/lib/server/accounts/index.ts#activateAccount': { first: 'tx.update(accountTokens)', why: 'update first' },
	'src/lib/server/accounts/index.ts#sendActivationLink': { first: 'const token = issueToken(tx', why: 'issueToken deletes first' },
	'src/lib/server/accounts/index.ts#requestPasswordReset': { first: 'const token = issueToken(tx', why: 'issueToken deletes first' },
	'src/lib/server/accounts/index.ts#resetPassword': { first: 'const spent = tx.update(accountTokens)', why: 'update first' },
	'src/lib/server/accounts/index.ts#requestEmailChange': { first: 'const token = issueToken(tx', why: 'issueToken deletes first' },
	'src/lib/server/accounts/index.ts#confirmEmailChange': { first: 'const spent = tx.update(accountTokens)', why: 'update first' },
	'src/lib/server/accounts/index.ts#changePassword': { first: 'tx.update(accounts)', why: 'update first' },
	'src/lib/server/accounts/index.ts#setFirstPassword': { first: 'const result = tx.update(accounts)', why: 'update first' },
	'src/lib/server/auth/throttle.ts#consume': { first: 'this.insert.run(', why: 'insert first (a savepoint inside take)' },
	'src/lib/server/documents/supporting.ts#lockSupportingDocuments': { first: 'tx.update(registrations)', why: 'update first' },
	'src/lib/server/managers/accounts.ts#setManagerPassword': { first: 'tx.update(managers)', why: 'update first' },
	'src/lib/server/managers/administration.ts#setManagerPasswordAudited': { first: 'tx.update(managers)', why: 'update first' },
	'src/lib/server/managers/administration.ts#disableManagerAudited': { first: 'disableManager(tx', why: 'disableManager updates first' },
	'src/lib/server/managers/administration.ts#enableManagerAudited': { first: 'enableManager(tx', why: 'enableManager updates' },
	'src/lib/server/managers/administration.ts#resetSecondFactorAudited': { first: 'resetSecondFactor(tx', why: 'it updates first' },
	'src/lib/server/managers/administration.ts#completeTotpEnrolment': {
		first: 'const enabled = enableTotp(tx',
		why: 'enableTotp opens a savepoint whose first statement is an update'
	},
	'src/lib/server/managers/administration.ts#replaceRecoveryCodesAudited': {
		first: 'const codes = replaceRecoveryCodes(tx',
		why: 'replaceRecoveryCodes deletes first'
	},
	'src/lib/server/managers/sessions.ts#completeSecondFactor': { first: 'tx.delete(managerSessions)', why: 'delete first' },
	'src/lib/server/managers/totp.ts#enableTotp': { first: 'tx.update(managers)', why: 'update first' },
	'scripts/bench/seed.ts#seedBenchData': {
		first: 'const copyCandidates = client.prepare(',
		why: 'prepares, then runs an INSERT … SELECT first; seeds the bench database before any server runs'
	}
};

const squeeze = (text: string) => text.replace(/\s+/g, '');

function sourceFiles(): string[] {
	const files: string[] = [];
	const visit = (entry: string) => {
		const full = path.join(ROOT, entry);
		if (!fs.existsSync(full)) return;
		if (fs.statSync(full).isDirectory()) {
			for (const name of fs.readdirSync(full)) if (name !== 'node_modules') visit(path.join(entry, name));
		} else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) files.push(entry);
	};
	SCANNED.forEach(visit);
	return files;
}

interface Site {
	key: string;
	line: number;
	immediate: boolean;
	/** The callback's first statement, whitespace removed. */
	first: string;
}

function enclosingName(node: ts.Node): string {
	for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
		if ((ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at)) && at.name) return at.name.getText();
		if (ts.isVariableDeclaration(at) && at.initializer && ts.isArrowFunction(at.initializer)) return at.name.getText();
	}
	return '(top level)';
}

function isTransactionCall(node: ts.Node): node is ts.CallExpression & { expression: ts.PropertyAccessExpression } {
	return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'transaction';
}

/** The top-level transactions (a transaction inside another's callback is a savepoint: no behaviour). */
function transactionSites(): Site[] {
	const sites: Site[] = [];
	for (const file of sourceFiles()) {
		const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
		const visit = (node: ts.Node, nested: boolean) => {
			if (isTransactionCall(node)) {
				const [callback, options] = node.arguments;
				// Drizzle's option, or raw better-sqlite3's `.immediate()` on the transaction function.
				const byOption = options !== undefined && /behavior:\s*'(immediate|exclusive)'/.test(options.getText());
				const byMethod =
					ts.isPropertyAccessExpression(node.parent) &&
					node.parent.expression === node &&
					['immediate', 'exclusive'].includes(node.parent.name.text);
				const isNested = nested || node.expression.expression.getText() === 'tx';
				if (!isNested && callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
					const body = callback.body;
					const first = ts.isBlock(body) ? body.statements[0] : body;
					let key = `${file}#${enclosingName(node)}`;
					while (sites.some((site) => site.key === key)) key += "'";
					sites.push({
						key,
						line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
						immediate: byOption || byMethod,
						first: first ? squeeze(first.getText()) : ''
					});
				}
				node.arguments.forEach((argument) => visit(argument, true));
				visit(node.expression, nested);
				return;
			}
			ts.forEachChild(node, (child) => visit(child, nested));
		};
		visit(source, false);
	}
	return sites;
}

describe('every read-then-write transaction is immediate (WORKERS share one SQLite file)', () => {
	const sites = transactionSites();

	it('finds the server’s transactions', () => {
		expect(sites.length).toBeGreaterThan(40);
		expect(sites.find((site) => site.key === 'src/lib/server/managers/accounts.ts#createManager')?.immediate).toBe(true);
	});

	it('each transaction is immediate, or listed as writing first and still does', () => {
		const wrong = sites
			.filter((site) => !site.immediate)
			.filter((site) => {
				const listed = WRITE_FIRST[site.key];
				return !listed || !site.first.startsWith(squeeze(listed.first));
			})
			.map((site) => `${site.key.split('#')[0]}:${site.line} (${site.key.split('#')[1]}) starts with ${site.first.slice(0, 60)}`);
		expect(
			wrong,
			"Add { behavior: 'immediate' } (raw better-sqlite3: .immediate()) to a transaction that may read before it writes, or list it in WRITE_FIRST"
		).toEqual([]);
	});

	it('the list names only deferred transactions that exist', () => {
		const deferred = new Set(sites.filter((site) => !site.immediate).map((site) => site.key));
		expect(Object.keys(WRITE_FIRST).filter((key) => !deferred.has(key))).toEqual([]);
	});
});

describe('a deferred read-then-write beside another writer fails at once; an immediate one waits its turn', () => {
	const dirs: string[] = [];
	const open: Db[] = [];
	afterEach(() => {
		for (const db of open.splice(0)) db.$client.close();
		for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
	});

	/** Two connections to one migrated file, as two server processes have (busy_timeout 5 s each). */
	function twoProcesses(): { file: string; first: Db; second: Db } {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-immediate-'));
		dirs.push(dir);
		const file = path.join(dir, 'portail.sqlite');
		const setup = openDatabase(file);
		migrateDatabase(setup);
		setup.$client.close();
		const [first, second] = [openDatabase(file), openDatabase(file)];
		open.push(first, second);
		return { file, first, second };
	}

	it('deferred: a write committed by another connection between the read and the write refuses the write at once', () => {
		const { first, second } = twoProcesses();
		const started = Date.now();
		expect(() =>
			first.transaction((tx) => {
				const before = readSetting(tx, 'totp-required');
				// Another process commits meanwhile (the deferred transaction holds no lock to stop it).
				writeSetting(second, 'totp-required', true, new Date());
				writeSetting(tx, 'totp-required', !before, new Date());
			})
		).toThrow(expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }));
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('immediate: the other connection cannot write between the read and the write; it writes after', () => {
		const { first, second } = twoProcesses();
		second.$client.pragma('busy_timeout = 0');
		first.transaction(
			(tx) => {
				const before = readSetting(tx, 'totp-required');
				// Another process would wait here (busy_timeout); with none, it is told at once.
				expect(() => writeSetting(second, 'totp-required', true, new Date())).toThrow(/database is locked/);
				writeSetting(tx, 'totp-required', !before, new Date());
			},
			{ behavior: 'immediate' }
		);
		writeSetting(second, 'totp-required', false, new Date());
		expect(readSetting(first, 'totp-required')).toBe(false);
	});

	/** Another process (a thread with its own connection) holds the write lock for `holdMs`, then commits. */
	async function writerHolding(file: string, holdMs: number) {
		const code = `
			const { parentPort, workerData } = require('node:worker_threads');
			const Database = require(workerData.driver);
			const db = new Database(workerData.file);
			db.pragma('busy_timeout = 5000');
			db.exec('BEGIN IMMEDIATE');
			db.prepare("INSERT INTO app_settings (key, value, changed_at) VALUES ('totp-required', 'true', 0) ON CONFLICT (key) DO UPDATE SET value = 'true'").run();
			parentPort.postMessage('locked');
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
			db.exec('COMMIT');
			db.close();
`;
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		const worker = new Worker(code, { eval: true, workerData: { file, driver, holdMs } });
		// Listened to from the start: the exit may follow the last message within one tick.
		const exited = once(worker, 'exit');
		const [message] = await once(worker, 'message');
		expect(message).toBe('locked');
		return { committed: exited.then(([exitCode]) => expect(exitCode).toBe(0)) };
	}

	it('with another process holding the write lock: deferred refuses without waiting, the project’s immediate one waits and succeeds', async () => {
		const { file, first } = twoProcesses();
		const holding = await writerHolding(file, 1_000);
		const started = Date.now();
		expect(() =>
			first.transaction((tx) => {
				readSetting(tx, 'totp-required');
				writeSetting(tx, 'totp-required', false, new Date());
			})
		).toThrow(expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }));
		// busy_timeout is 5 s: the refusal came without waiting for the lock.
		expect(Date.now() - started).toBeLessThan(1_000);
		await holding.committed;

		first.$client.prepare("DELETE FROM app_settings WHERE key = 'totp-required'").run();

		const again = await writerHolding(file, 300);
		// setTotpRequired reads the setting, then writes it and the audit entry: immediate, it waits
		// for the other process's commit, and reads what it wrote.
		setTotpRequired(first, false, 'system', new Date());
		await again.committed;
		expect(readSetting(first, 'totp-required')).toBe(false);
		const audit = first.$client.prepare("SELECT details FROM audit_events WHERE action = 'setting.changed'").all() as Array<{
			details: string;
		}>;
		expect(audit.map((row) => JSON.parse(row.details))).toEqual([{ before: { 'totp-required': true }, after: { 'totp-required': false } }]);
	});
});
