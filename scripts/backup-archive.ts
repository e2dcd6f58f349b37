// What `npm run backup` and `npm run restore` share: one gzip-compressed tar file holding the
// database (an online copy through SQLite's backup API) and the stored files.
//
// The format is a plain POSIX ustar archive, written and read here with Node alone (a tar header is
// 512 bytes): no dependency, and an operator can still look inside with `tar -tzf`.
//
// Order matters for an archive taken while the server runs. A stored file is written (and fsynced)
// before the row naming it commits, and a replaced file is deleted only after the row that drops it
// commits. So: the stored files are copied first, then the database, then the files that appeared
// meanwhile; every file the copied database names was present in one of the two passes. The backup
// then checks that each named file is in the archive, and fails (exit 1) if one is not.
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';

export const DATABASE_ENTRY = 'portail.sqlite';
export const FILES_DIR = 'files';
export const MANIFEST_ENTRY = 'backup.json';
/** What a stored file's name looks like (see src/lib/server/documents/storage.ts), and nothing else. */
const FILE_ENTRY = /^files\/[A-Za-z0-9_-]{1,100}$/;

export interface BackupManifest {
	format: 'portail-candidat-backup/1';
	createdAt: string;
	databaseBytes: number;
	files: number;
	fileBytes: number;
}

export class BackupError extends Error {
	override name = 'BackupError';
}

// ─── ustar ───

const BLOCK = 512;

function octal(value: number, width: number): string {
	const text = value.toString(8);
	if (text.length > width - 1) throw new BackupError(`value too large for a tar header: ${value}`);
	return text.padStart(width - 1, '0') + '\0';
}

export function tarHeader(name: string, size: number, mtimeMs: number): Buffer {
	if (Buffer.byteLength(name) > 100) throw new BackupError(`name too long for a tar entry: ${name}`);
	const header = Buffer.alloc(BLOCK);
	header.write(name, 0, 100, 'utf8');
	header.write(octal(0o600, 8), 100, 'ascii');
	header.write(octal(0, 8), 108, 'ascii');
	header.write(octal(0, 8), 116, 'ascii');
	header.write(octal(size, 12), 124, 'ascii');
	header.write(octal(Math.floor(mtimeMs / 1000), 12), 136, 'ascii');
	header.write('        ', 148, 'ascii');
	header.write('0', 156, 'ascii');
	header.write('ustar\0', 257, 'ascii');
	header.write('00', 263, 'ascii');
	let sum = 0;
	for (const byte of header) sum += byte;
	header.write(octal(sum, 7) + ' ', 148, 'ascii');
	return header;
}

function padding(size: number): Buffer {
	return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

async function* entry(name: string, bytes: Buffer, mtimeMs: number): AsyncGenerator<Buffer> {
	yield tarHeader(name, bytes.length, mtimeMs);
	yield bytes;
	yield padding(bytes.length);
}

async function* fileEntry(name: string, file: string): AsyncGenerator<Buffer> {
	const { size, mtimeMs } = fs.statSync(file);
	yield tarHeader(name, size, mtimeMs);
	let read = 0;
	for await (const chunk of fs.createReadStream(file)) {
		read += (chunk as Buffer).length;
		yield chunk as Buffer;
	}
	if (read !== size) throw new BackupError(`${file} changed while it was copied`);
	yield padding(size);
}

interface TarEntry {
	name: string;
	size: number;
}

/**
 * Reads a tar stream: `onEntry` is called for each regular file and returns where its bytes go
 * (a write stream) or null to refuse the archive.
 */
function tarReader(onEntry: (entry: TarEntry) => fs.WriteStream): Transform {
	let buffered = Buffer.alloc(0);
	let current: { out: fs.WriteStream; left: number; pad: number } | null = null;
	let ended = false;
	return new Transform({
		async transform(chunk: Buffer, _encoding, done) {
			try {
				buffered = Buffer.concat([buffered, chunk]);
				while (!ended) {
					if (current) {
						if (current.left > 0) {
							if (buffered.length === 0) break;
							const part = buffered.subarray(0, Math.min(current.left, buffered.length));
							buffered = buffered.subarray(part.length);
							current.left -= part.length;
							if (!current.out.write(part)) await new Promise<void>((resolve) => current!.out.once('drain', () => resolve()));
							continue;
						}
						if (buffered.length < current.pad) break;
						buffered = buffered.subarray(current.pad);
						const out = current.out;
						current = null;
						await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
						continue;
					}
					if (buffered.length < BLOCK) break;
					const header = buffered.subarray(0, BLOCK);
					buffered = buffered.subarray(BLOCK);
					if (header.every((byte) => byte === 0)) {
						ended = true;
						break;
					}
					const stored = parseInt(header.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8);
					let sum = 0;
					for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
					if (stored !== sum) throw new BackupError('not a backup made by `npm run backup` (bad tar header)');
					const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
					const size = parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/, '').trim(), 8);
					const type = header.toString('ascii', 156, 157);
					if (type !== '0' && type !== '\0') throw new BackupError(`unexpected entry in the backup: ${name}`);
					current = { out: onEntry({ name, size }), left: size, pad: padding(size).length };
				}
				done();
			} catch (error) {
				done(error as Error);
			}
		},
		flush(done) {
			done(ended ? null : new BackupError('the backup file is truncated'));
		}
	});
}

// ─── backup ───

function storedFiles(dataDir: string): string[] {
	const dir = path.join(dataDir, FILES_DIR);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((item) => item.isFile() && FILE_ENTRY.test(`${FILES_DIR}/${item.name}`))
		.map((item) => item.name)
		.sort();
}

/** Storage names the database refers to. */
function referencedFiles(databaseFile: string): string[] {
	const db = new Database(databaseFile, { readonly: true });
	try {
		const tables = new Set(
			(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name)
		);
		return ['documents', 'supporting_documents']
			.filter((table) => tables.has(table))
			.flatMap((table) => (db.prepare(`SELECT storage_name AS name FROM ${table}`).all() as { name: string }[]).map((row) => row.name));
	} finally {
		db.close();
	}
}

/**
 * An online backup of `dataDir` (its database may be in use by a running server) into `archive`,
 * written to a temporary name first and renamed when complete.
 */
export async function createBackup(dataDir: string, archive: string): Promise<BackupManifest> {
	const source = path.join(dataDir, DATABASE_ENTRY);
	if (!fs.existsSync(source)) throw new BackupError(`No database in ${dataDir}: is DATA_DIR right?`);
	const work = fs.mkdtempSync(path.join(path.dirname(path.resolve(archive)), '.backup-'));
	const snapshot = path.join(work, DATABASE_ENTRY);
	const partial = path.join(work, 'archive.tar.gz');
	const copied = new Set<string>();
	let fileBytes = 0;
	let summary: BackupManifest | undefined;
	const createdAt = new Date();

	async function* copyFiles(): AsyncGenerator<Buffer> {
		for (const name of storedFiles(dataDir)) {
			if (copied.has(name)) continue;
			let bytes: Buffer;
			try {
				// Stored files are small (5 MB at most) and never rewritten in place.
				bytes = fs.readFileSync(path.join(dataDir, FILES_DIR, name));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted meanwhile: no longer named
				throw error;
			}
			copied.add(name);
			fileBytes += bytes.length;
			yield* entry(`${FILES_DIR}/${name}`, bytes, Date.now());
		}
	}

	async function* archiveEntries(): AsyncGenerator<Buffer> {
		yield* copyFiles();
		const db = new Database(source, { readonly: true, fileMustExist: true });
		try {
			db.pragma('busy_timeout = 5000');
			// All remaining pages in one step: one read transaction, so a consistent copy that a
			// concurrent write never restarts (WAL: the server keeps writing meanwhile).
			await db.backup(snapshot, { progress: () => 0x7fffffff });
		} finally {
			db.close();
		}
		yield* fileEntry(DATABASE_ENTRY, snapshot);
		yield* copyFiles();
		const missing = referencedFiles(snapshot).filter((name) => !copied.has(name));
		if (missing.length > 0) {
			throw new BackupError(
				`${missing.length} stored file(s) named by the database vanished during the backup (${missing[0]}…): run it again`
			);
		}
		const manifest: BackupManifest = {
			format: 'portail-candidat-backup/1',
			createdAt: createdAt.toISOString(),
			databaseBytes: fs.statSync(snapshot).size,
			files: copied.size,
			fileBytes
		};
		yield* entry(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)), Date.now());
		yield Buffer.alloc(2 * BLOCK);
		summary = manifest;
	}

	try {
		await pipeline(Readable.from(archiveEntries()), zlib.createGzip({ level: 6 }), fs.createWriteStream(partial, { mode: 0o600 }));
		const fd = fs.openSync(partial, 'r');
		fs.fsyncSync(fd);
		fs.closeSync(fd);
		fs.renameSync(partial, archive);
		return summary!;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

// ─── restore ───

/** Why `dataDir` cannot receive a restore, or null. */
export function notEmpty(dataDir: string): string | null {
	if (!fs.existsSync(dataDir)) return null;
	if (!fs.statSync(dataDir).isDirectory()) return `${dataDir} is not a directory.`;
	return fs.readdirSync(dataDir).length > 0 ? `DATA_DIR ${dataDir} is not empty: restore only into an empty folder.` : null;
}

/** Restores `archive` into the empty `dataDir`, checks the database's integrity and the manifest. */
export async function restoreBackup(archive: string, dataDir: string): Promise<BackupManifest> {
	const refusal = notEmpty(dataDir);
	if (refusal) throw new BackupError(refusal);
	const existed = fs.existsSync(dataDir);
	try {
		return await restoreInto(archive, dataDir);
	} catch (error) {
		// It was empty: leave it so, for a second try.
		if (existed) for (const name of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
		else fs.rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
}

async function restoreInto(archive: string, dataDir: string): Promise<BackupManifest> {
	fs.mkdirSync(path.join(dataDir, FILES_DIR), { recursive: true, mode: 0o700 });
	const seen = new Set<string>();
	let manifestFile: string | undefined;
	let files = 0;
	await pipeline(
		fs.createReadStream(archive),
		zlib.createGunzip(),
		tarReader(({ name }) => {
			if (seen.has(name)) throw new BackupError(`entry twice in the backup: ${name}`);
			seen.add(name);
			if (name !== DATABASE_ENTRY && name !== MANIFEST_ENTRY && !FILE_ENTRY.test(name)) {
				throw new BackupError(`unexpected entry in the backup: ${name}`);
			}
			if (FILE_ENTRY.test(name)) files++;
			const target = path.join(dataDir, name);
			if (name === MANIFEST_ENTRY) manifestFile = target;
			return fs.createWriteStream(target, { mode: 0o600, flags: 'wx' });
		})
	);
	if (!manifestFile || !seen.has(DATABASE_ENTRY)) throw new BackupError('the backup is incomplete (no manifest or no database)');
	const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
	fs.rmSync(manifestFile);
	if (manifest.files !== files) throw new BackupError(`the backup holds ${files} file(s), its manifest says ${manifest.files}`);
	const db = new Database(path.join(dataDir, DATABASE_ENTRY));
	try {
		const check = db.pragma('integrity_check', { simple: true });
		if (check !== 'ok') throw new BackupError(`the restored database fails its integrity check: ${String(check)}`);
	} finally {
		db.close();
	}
	return manifest;
}
