// `npm run restore -- <file>`: restores a backup made by `npm run backup` into DATA_DIR, which must
// be empty (or not exist yet); then checks the database's integrity. Start the server afterwards.
import fs from 'node:fs';
import { ConfigError, readConfig } from '../src/lib/server/config';
import { BackupError, restoreBackup } from './backup-archive';

const source = process.argv[2];
if (!source || process.argv.length > 3) {
	console.error('Usage: npm run restore -- <file.tar.gz>   (into an empty DATA_DIR)');
	process.exit(2);
}
try {
	const { dataDir } = readConfig();
	if (!fs.existsSync(source)) throw new BackupError(`No file ${source}.`);
	const manifest = await restoreBackup(source, dataDir);
	console.log(
		`Restored the backup of ${manifest.createdAt} into ${dataDir}: database ${manifest.databaseBytes} bytes (integrity ok), ${manifest.files} stored file(s).`
	);
} catch (error) {
	if (error instanceof BackupError || error instanceof ConfigError) {
		console.error(error.message);
		process.exit(1);
	}
	throw error;
}
