// Stored files (confirmations, uploads) live under DATA_DIR/files under random names: never under
// static/, never named after what a person sent.
import fs from 'node:fs';
import path from 'node:path';
import { generateId } from '../auth/tokens';

const STORAGE_NAME = /^[a-z0-9]{24}$/;

function filesDir(dataDir: string): string {
	return path.join(dataDir, 'files');
}

/** Writes the bytes durably (fsync) and returns the file's storage name. */
export function storeFile(dataDir: string, bytes: Uint8Array): string {
	fs.mkdirSync(filesDir(dataDir), { recursive: true });
	const name = generateId();
	const file = path.join(filesDir(dataDir), name);
	const fd = fs.openSync(file, 'wx', 0o600);
	try {
		fs.writeSync(fd, bytes);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	return name;
}

export function readStoredFile(dataDir: string, name: string): Buffer {
	if (!STORAGE_NAME.test(name)) throw new Error(`not a storage name: ${name}`);
	return fs.readFileSync(path.join(filesDir(dataDir), name));
}

export function deleteStoredFile(dataDir: string, name: string): void {
	if (!STORAGE_NAME.test(name)) return;
	fs.rmSync(path.join(filesDir(dataDir), name), { force: true });
}
