// A candidate for service tests: an activated account, through the real functions.
import { eq } from 'drizzle-orm';
import type { PersonalData } from '../../domain/account';
import type { Db } from '../db';
import { candidates, mailOutbox } from '../db/schema';
import { activateAccount, createAccount, type Ctx } from './index';

export const LEA: PersonalData = {
	civility: 'MME',
	birthName: 'Martin',
	usageName: '',
	firstNames: 'Léa',
	birthDate: '2005-03-14',
	birthPlace: 'Grenoble',
	birthCountry: 'France',
	nationality: 'FR',
	addressLine1: '3 rue des Alpes',
	addressLine2: '',
	postalCode: '38000',
	city: 'Grenoble',
	country: 'France',
	phone: '06 12 34 56 78'
};
export const LEA_PASSWORD = 'Été 2027 !';

/** The token of the last link mailed to an address (the outbox holds the mail until delivery). */
export function lastMailedToken(db: Db, to: string): string {
	const mails = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).all();
	return /jeton=([a-z0-9]+)/.exec(mails.at(-1)!.textBody)![1];
}

/** Creates and activates Léa's account; returns her candidate id. */
export async function createActivatedCandidate(db: Db, ctx: Ctx, email = 'lea@example.org'): Promise<string> {
	await createAccount(db, { ...LEA, email, password: LEA_PASSWORD }, ctx);
	activateAccount(db, lastMailedToken(db, email), ctx);
	return db.select({ id: candidates.id }).from(candidates).where(eq(candidates.email, email)).get()!.id;
}
