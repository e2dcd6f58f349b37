// Demonstration people, created once in an empty database so that a newcomer can log in at once:
// an activated candidate account and three school candidates with their login slips.
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db';
import { accounts, candidates } from '../db/schema';
import { createAccount, createSchoolCandidate } from '../accounts';
import type { PersonalData } from '../../domain/account';

export const DEMO_EMAIL = 'demo.candidat@example.org';
export const DEMO_PASSWORD = 'Démo 2027 !';

const ADDRESS = {
	addressLine1: '27 rue Anatole-France',
	addressLine2: '',
	postalCode: '38000',
	city: 'Grenoble',
	country: 'France',
	phone: '04 65 71 00 00'
};

const SCHOOL_PUPILS: Array<Pick<PersonalData, 'civility' | 'birthName' | 'firstNames' | 'birthDate'>> = [
	{ civility: 'M', birthName: 'Benali', firstNames: 'Yanis', birthDate: '2009-02-11' },
	{ civility: 'MME', birthName: 'Rousseau', firstNames: 'Chloé', birthDate: '2008-10-27' },
	{ civility: 'M', birthName: 'N’Diaye', firstNames: 'Moussa', birthDate: '2009-06-03' }
];

export async function createDemoSchoolCandidates(db: Db, config: Config, now: Date): Promise<string[]> {
	const slips: string[] = [];
	for (const pupil of SCHOOL_PUPILS) {
		const { candidateNumber, secret } = await createSchoolCandidate(
			db,
			{ ...pupil, usageName: '', birthPlace: 'Grenoble', birthCountry: 'France', nationality: 'FR', ...ADDRESS, academyCode: '08' },
			{ now, config }
		);
		slips.push(`${pupil.firstNames} ${pupil.birthName} – N° candidat : ${candidateNumber} – Code : ${secret}`);
	}
	return slips;
}

/** Only into a database without any candidate: demonstration data never mixes with real people. */
export async function seedDemoPeople(db: Db, config: Config, now = new Date()): Promise<void> {
	const { count } = db
		.select({ count: sql<number>`count(*)` })
		.from(candidates)
		.get()!;
	if (count > 0) return;
	await createAccount(
		db,
		{
			civility: 'MME',
			birthName: 'Martin',
			usageName: '',
			firstNames: 'Léa',
			birthDate: '2004-05-18',
			birthPlace: 'Grenoble',
			birthCountry: 'France',
			nationality: 'FR',
			...ADDRESS,
			email: DEMO_EMAIL,
			password: DEMO_PASSWORD
		},
		{ now, config }
	);
	// Activated at once: the demonstration must not depend on reading a mail.
	const demo = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.emailNormalized, DEMO_EMAIL)).get()!;
	db.update(accounts).set({ activatedAt: now }).where(eq(accounts.candidateId, demo.id)).run();
	const slips = await createDemoSchoolCandidates(db, config, now);
	console.log(`[démonstration] compte candidat : ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
	for (const slip of slips) console.log(`[démonstration] papillon de connexion : ${slip}`);
}
