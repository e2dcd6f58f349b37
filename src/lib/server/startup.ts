import { getConfig } from './config';
import { closeDb, getDb, migrateDatabase } from './db';

/** Runs once when the server starts (not while building): configuration, schema, jobs. */
export async function startServer(): Promise<void> {
	getConfig();
	migrateDatabase(getDb());
	process.once('sveltekit:shutdown' as 'beforeExit', () => closeDb());
}
