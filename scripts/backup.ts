// `npm run backup -- <file>`: an online backup of DATA_DIR (the database through SQLite's backup
// API, and the stored files) into one .tar.gz file, while the server keeps running.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, readConfig } from '../src/lib/server/config';
import { BackupError, createBackup } from './backup-archive';

const target = process.argv[2];
if (!target || process.argv.length > 3) {
	console.error('Usage: npm run backup -- <file.tar.gz>');
	process.exit(2);
}
try {
	const { dataDir } = readConfig();
	if (fs.existsSync(target)) throw new BackupError(`${target} already exists: choose a new file name.`);
	if (!fs.existsSync(path.dirname(path.resolve(target)))) throw new BackupError(`No folder ${path.dirname(path.resolve(target))}.`);
	const started = performance.now();
	const manifest = await createBackup(dataDir, target);
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	const size = fs.statSync(target).size;
	console.log(
		`Backup of ${dataDir} written to ${path.resolve(target)}: database ${manifest.databaseBytes} bytes, ${manifest.files} stored file(s) (${manifest.fileBytes} bytes), archive ${size} bytes, in ${seconds} s.`
	);
} catch (error) {
	if (error instanceof BackupError || error instanceof ConfigError) {
		console.error(error.message);
		process.exit(1);
	}
	throw error;
}
