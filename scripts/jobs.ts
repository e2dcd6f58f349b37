// `npm run jobs -- <name>`: runs one scheduled job now, against DATA_DIR's database.
import { getConfig } from '../src/lib/server/config';
import { closeDb, getDb, migrateDatabase } from '../src/lib/server/db';
import { JOBS, type JobName } from '../src/lib/server/jobs';

const name = process.argv[2] as JobName | undefined;
if (!name || !(name in JOBS)) {
	console.error(`Usage: npm run jobs -- <${Object.keys(JOBS).join(' | ')}>`);
	process.exit(2);
}
const db = getDb();
migrateDatabase(db);
console.log(`${name}: ${await JOBS[name]({ db, config: getConfig(), now: new Date() })}`);
closeDb();
