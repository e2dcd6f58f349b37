// The confirmation of a candidate's registration, current version: « Visualiser/Imprimer » must work
// even in the seconds before the job has run, so a missing PDF is generated on the spot.
import { getConfig } from '../config';
import { getDb } from '../db';
import { getRegistration } from '../registrations/consultation';
import { buildConfirmationData, generateConfirmation, latestConfirmation, readCandidateDocument } from './index';

export async function currentConfirmationPdf(candidateId: string, registrationNumber: string, now: Date) {
	const db = getDb();
	const found = getRegistration(db, candidateId, registrationNumber, now);
	if (!found) return null;
	const { registration } = found;
	let latest = latestConfirmation(db, candidateId, registration.id);
	if (!latest || latest.version < registration.version) {
		await generateConfirmation(db, getConfig().dataDir, registration.id, registration.version, now);
		latest = latestConfirmation(db, candidateId, registration.id);
	}
	return readCandidateDocument(db, getConfig().dataDir, candidateId, latest!.id);
}

export function currentConfirmationData(candidateId: string, registrationNumber: string, now: Date) {
	const db = getDb();
	const found = getRegistration(db, candidateId, registrationNumber, now);
	if (!found) return null;
	return buildConfirmationData(db, found.registration.id, found.registration.version, now);
}
