import { seedCatalogue, seedDemoWindows } from './catalogue/seed';
import { getConfig } from './config';
import { closeDb, getDb, migrateDatabase } from './db';

/** Runs once when the server starts (not while building): schema, reference data, demonstration. */
export async function startServer(): Promise<void> {
	const config = getConfig();
	const db = getDb();
	migrateDatabase(db);
	seedCatalogue(db);
	if (config.demo) seedDemoWindows(db);
	process.once('sveltekit:shutdown' as 'beforeExit', () => closeDb());
}
