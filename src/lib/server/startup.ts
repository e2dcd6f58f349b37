import { seedCatalogue, seedDemoWindows } from './catalogue/seed';
import { getConfig } from './config';
import { seedDemoManagers } from './seed/demo-managers';
import { seedDemoPeople } from './seed/demo-people';
import { closeDb, getDb, migrateDatabase } from './db';
import { startJobs } from './jobs';

/** Runs once when the server starts (not while building): schema, reference data, jobs. */
export async function startServer(): Promise<void> {
	const config = getConfig();
	const db = getDb();
	migrateDatabase(db);
	seedCatalogue(db);
	if (config.demo) {
		seedDemoWindows(db);
		await seedDemoPeople(db, config);
		await seedDemoManagers(db);
	}
	const stopJobs = startJobs(db, config);
	process.once('sveltekit:shutdown' as 'beforeExit', () => {
		stopJobs();
		closeDb();
	});
}
