// `npm run seed [-- --demo] [-- --demo-school]`: applies the migrations and the catalogue to
// DATA_DIR's database; --demo adds the demonstration windows; --demo-school creates demonstration
// school candidates and prints their login slips (until managers can import them).
import { createSchoolCandidate } from '../src/lib/server/accounts';
import { seedCatalogue, seedDemoWindows } from '../src/lib/server/catalogue/seed';
import { getConfig } from '../src/lib/server/config';
import { closeDb, getDb, migrateDatabase } from '../src/lib/server/db';
import type { PersonalData } from '../src/lib/domain/account';

const args = new Set(process.argv.slice(2));
const db = getDb();
migrateDatabase(db);
seedCatalogue(db);
if (args.has('--demo')) seedDemoWindows(db);

if (args.has('--demo-school')) {
	const pupils: Array<Pick<PersonalData, 'civility' | 'birthName' | 'firstNames' | 'birthDate'>> = [
		{ civility: 'M', birthName: 'Benali', firstNames: 'Yanis', birthDate: '2009-02-11' },
		{ civility: 'MME', birthName: 'Rousseau', firstNames: 'Chloé', birthDate: '2008-10-27' },
		{ civility: 'M', birthName: 'N’Diaye', firstNames: 'Moussa', birthDate: '2009-06-03' }
	];
	console.log('Papillons de connexion (démonstration) – lycée professionnel Vaucanson, Grenoble');
	for (const pupil of pupils) {
		const { candidateNumber, secret } = await createSchoolCandidate(
			db,
			{
				...pupil,
				usageName: '',
				birthPlace: 'Grenoble',
				birthCountry: 'France',
				nationality: 'FR',
				addressLine1: '27 rue Anatole-France',
				addressLine2: '',
				postalCode: '38000',
				city: 'Grenoble',
				country: 'France',
				phone: '04 65 71 00 00',
				academyCode: '08'
			},
			{ now: new Date(), config: getConfig() }
		);
		console.log(`${pupil.firstNames} ${pupil.birthName} – N° candidat : ${candidateNumber} – Code : ${secret}`);
	}
}
closeDb();
