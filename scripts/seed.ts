// `npm run seed [-- --demo] [-- --demo-school]`: applies the migrations and the catalogue to
// DATA_DIR's database; --demo adds the demonstration windows; --demo-school creates demonstration
// school candidates and prints their login slips (until managers can import them).
import { seedCatalogue, seedDemoWindows } from '../src/lib/server/catalogue/seed';
import { getConfig } from '../src/lib/server/config';
import { closeDb, getDb, migrateDatabase } from '../src/lib/server/db';
import { createDemoSchoolCandidates } from '../src/lib/server/seed/demo-people';

const args = new Set(process.argv.slice(2));
const db = getDb();
migrateDatabase(db);
seedCatalogue(db);
if (args.has('--demo')) seedDemoWindows(db);

if (args.has('--demo-school')) {
	console.log('Papillons de connexion (démonstration) – lycée professionnel Vaucanson, Grenoble');
	for (const slip of await createDemoSchoolCandidates(db, getConfig(), new Date())) console.log(slip);
}
closeDb();
