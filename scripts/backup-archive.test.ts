import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/lib/server/db';
import { storeFile } from '../src/lib/server/documents/storage';
import { createBackup, restoreBackup } from './backup-archive';

const made: string[] = [];
function tempDir(label: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portail-${label}-`));
	made.push(dir);
	return dir;
}
afterEach(() => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A data folder with a migrated database, a table the test writes to, and stored files. */
function dataFolder() {
	const dataDir = tempDir('data');
	const db = openDatabase(path.join(dataDir, 'portail.sqlite'));
	migrateDatabase(db);
	db.$client.exec('CREATE TABLE drill (n INTEGER PRIMARY KEY, file TEXT NOT NULL)');
	const insert = db.$client.prepare('INSERT INTO drill (n, file) VALUES (?, ?)');
	let n = 0;
	const write = () => {
		n++;
		insert.run(n, storeFile(dataDir, Buffer.from(`file ${n} `.repeat(200))));
	};
	return { dataDir, db, write, count: () => n };
}

describe('npm run backup / npm run restore', () => {
	it('backs up a database being written, with its files, and restores it whole into an empty folder', async () => {
		const { dataDir, db, write } = dataFolder();
		for (let i = 0; i < 50; i++) write();
		const archive = path.join(tempDir('archive'), 'backup.tar.gz');
		// Writes go on while the backup runs (the same process, between the backup's steps).
		const writer = setInterval(write, 1);
		const manifest = await createBackup(dataDir, archive);
		clearInterval(writer);
		db.$client.close();

		const restored = path.join(tempDir('restored'), 'data');
		const back = await restoreBackup(archive, restored);
		expect(back).toEqual(manifest);
		const copy = new Database(path.join(restored, 'portail.sqlite'), { readonly: true });
		const rows = copy.prepare('SELECT n, file FROM drill ORDER BY n').all() as { n: number; file: string }[];
		copy.close();
		expect(rows.length).toBeGreaterThanOrEqual(50);
		// Consecutive (a consistent snapshot), and each row's file is there with its bytes.
		expect(rows.map((row) => row.n)).toEqual(rows.map((_, i) => i + 1));
		for (const row of rows) {
			expect(fs.readFileSync(path.join(restored, 'files', row.file), 'utf8')).toBe(`file ${row.n} `.repeat(200));
		}
		// A plain tar: the operator's own tools can list it.
		const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
		expect(listing).toContain('portail.sqlite');
		expect(listing.at(-1)).toBe('backup.json');
	});

	it('refuses a folder that is not empty, and a truncated archive (leaving the folder empty)', async () => {
		const { dataDir, db, write } = dataFolder();
		for (let i = 0; i < 5; i++) write();
		db.$client.close();
		const archive = path.join(tempDir('archive'), 'backup.tar.gz');
		await createBackup(dataDir, archive);
		await expect(restoreBackup(archive, dataDir)).rejects.toThrow(/is not empty/);

		const truncated = path.join(path.dirname(archive), 'truncated.tar.gz');
		const bytes = fs.readFileSync(archive);
		fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
		const target = tempDir('empty');
		await expect(restoreBackup(truncated, target)).rejects.toThrow();
		expect(fs.readdirSync(target)).toEqual([]);
	});
});
