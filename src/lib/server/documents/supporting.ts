// Supporting documents of a registration (SPEC R12): which are required, the files deposited (one
// per type, replaceable until the candidate locks the set), and the lock. After locking, a piece the
// exam office refused, or one never deposited, can still be deposited (M5), and goes back to review.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvents, candidates, registrations, registrationVersions, supportingDocuments } from '../db/schema';
import { listSupportingDocumentTypes } from '../catalogue';
import { generateId } from '../auth/tokens';
import type { StoredVersion } from '../registrations';
import { requiredSupportingDocuments } from '../../domain/supporting-documents';
import { PIECE_STATE_LABELS, pieceOpenToDeposit } from '../../domain/supporting-review';
import { checkUpload } from './upload-check';
import { deleteStoredFile, readStoredFile, storeFile } from './storage';

/** Per registration: at most this much in all, whatever the number of types. */
export const QUOTA_BYTES = 25 * 1024 * 1024;

function ownActiveRegistration(db: Db, candidateId: string, registrationNumber: string) {
	return db
		.select()
		.from(registrations)
		.where(and(eq(registrations.registrationNumber, registrationNumber), eq(registrations.candidateId, candidateId)))
		.get();
}

/** The required types of a registration's current version, with what was deposited for each. */
export function listSupportingDocuments(db: Db, candidateId: string, registrationNumber: string) {
	const registration = ownActiveRegistration(db, candidateId, registrationNumber);
	if (!registration) return null;
	const stored = db
		.select()
		.from(registrationVersions)
		.where(and(eq(registrationVersions.registrationId, registration.id), eq(registrationVersions.version, registration.version)))
		.get()!.content as StoredVersion;
	const candidate = db.select().from(candidates).where(eq(candidates.id, candidateId)).get()!;
	const types = listSupportingDocumentTypes(db);
	const deposited = db.select().from(supportingDocuments).where(eq(supportingDocuments.registrationId, registration.id)).all();
	const required = requiredSupportingDocuments(
		types,
		stored.content,
		{ birthDate: candidate.birthDate, nationality: candidate.nationality },
		registration.sessionYear
	);
	return {
		registration,
		items: required.map((type) => ({ type, file: deposited.find((file) => file.typeCode === type.code) ?? null }))
	};
}

export type UploadResult = { ok: true } | { ok: false; status: number; reason: string };

export async function depositSupportingDocument(
	db: Db,
	dataDir: string,
	candidateId: string,
	registrationNumber: string,
	typeCode: string,
	bytes: Uint8Array,
	now: Date
): Promise<UploadResult> {
	const listed = listSupportingDocuments(db, candidateId, registrationNumber);
	if (!listed || listed.registration.status !== 'active') return { ok: false, status: 404, reason: 'Inscription introuvable.' };
	const item = listed.items.find((entry) => entry.type.code === typeCode);
	const locked = listed.registration.supportingDocumentsLockedAt !== null;
	if (item && !pieceOpenToDeposit(locked, item.file?.state ?? null)) {
		return { ok: false, status: 409, reason: 'Vos pièces sont verrouillées : pour en changer, contactez le service des examens.' };
	}
	if (!item) return { ok: false, status: 400, reason: 'Cette pièce n’est pas demandée pour cette inscription.' };
	const verdict = await checkUpload(bytes);
	if (!verdict.ok) return { ok: false, status: 422, reason: verdict.reason };
	// What is stored is the checked file: an image without its metadata (SPEC S4: no location).
	const checkedBytes = verdict.bytes;
	const others = listed.items
		.filter((entry) => entry.file && entry.type.code !== typeCode)
		.reduce((sum, entry) => sum + entry.file!.byteSize, 0);
	if (others + checkedBytes.byteLength > QUOTA_BYTES) {
		return { ok: false, status: 413, reason: 'L’ensemble de vos pièces dépasse 25 Mo : réduisez la taille de ce fichier.' };
	}
	const storageName = storeFile(dataDir, checkedBytes);
	const previous = item.file;
	const written = db.transaction(
		(tx) => {
			// The office may have decided on this piece while the file was being checked: decided again here.
			const current = tx
				.select()
				.from(supportingDocuments)
				.where(eq(supportingDocuments.id, previous?.id ?? ''))
				.get();
			const lockedNow = tx
				.select({ at: registrations.supportingDocumentsLockedAt })
				.from(registrations)
				.where(eq(registrations.id, listed.registration.id))
				.get()!.at;
			if (previous && (!current || current.storageName !== previous.storageName)) return false;
			if (!pieceOpenToDeposit(lockedNow !== null, current?.state ?? null)) return false;
			const values = {
				storageName,
				mediaType: verdict.mediaType,
				byteSize: checkedBytes.byteLength,
				uploadedAt: now,
				state: 'deposited' as const,
				reviewReason: null,
				reviewedAt: null,
				reviewedBy: null
			};
			const id = previous?.id ?? generateId();
			if (previous) tx.update(supportingDocuments).set(values).where(eq(supportingDocuments.id, id)).run();
			else
				tx.insert(supportingDocuments)
					.values({ id, registrationId: listed.registration.id, typeCode, ...values })
					.run();
			// M5: a piece that comes back into a locked set is an event the office must see.
			if (lockedNow) {
				tx.insert(auditEvents)
					.values({
						occurredAt: now,
						actorType: 'candidate',
						actorId: candidateId,
						action: 'supporting-document.deposited',
						subjectType: 'registration',
						subjectId: listed.registration.id,
						details: {
							registrationNumber,
							pieceId: id,
							typeCode,
							before: { piece: item.type.label, state: previous ? PIECE_STATE_LABELS[previous.state] : 'manquante' },
							after: { piece: item.type.label, state: PIECE_STATE_LABELS.deposited }
						}
					})
					.run();
			}
			return true;
		},
		{ behavior: 'immediate' }
	);
	if (!written) {
		deleteStoredFile(dataDir, storageName);
		return { ok: false, status: 409, reason: 'Cette pièce vient de changer : rechargez la page puis déposez-la de nouveau.' };
	}
	// The replaced file goes only once the new one is recorded.
	if (previous) deleteStoredFile(dataDir, previous.storageName);
	return { ok: true };
}

/** « Verrouiller mes pièces »: every required piece deposited; then only the exam office unlocks. */
export function lockSupportingDocuments(
	db: Db,
	candidateId: string,
	registrationNumber: string,
	now: Date
): { ok: true } | { ok: false; reason: string } {
	const listed = listSupportingDocuments(db, candidateId, registrationNumber);
	if (!listed || listed.registration.status !== 'active') return { ok: false, reason: 'Inscription introuvable.' };
	if (listed.registration.supportingDocumentsLockedAt) return { ok: true };
	const missing = listed.items.filter((entry) => !entry.file).map((entry) => entry.type.label);
	if (missing.length > 0) return { ok: false, reason: `Déposez d’abord toutes les pièces demandées. Il manque : ${missing.join(', ')}.` };
	db.transaction((tx) => {
		tx.update(registrations)
			.set({ supportingDocumentsLockedAt: now, updatedAt: now })
			.where(eq(registrations.id, listed.registration.id))
			.run();
		// Locking is an event of the history, not a new version (SPEC R10).
		tx.insert(auditEvents)
			.values({
				occurredAt: now,
				actorType: 'candidate',
				actorId: candidateId,
				action: 'supporting-documents.locked',
				subjectType: 'registration',
				subjectId: listed.registration.id,
				details: { registrationNumber }
			})
			.run();
	});
	return { ok: true };
}

/** The candidate's own deposited file, or nothing (another's answers like one that does not exist). */
export function readSupportingDocument(db: Db, dataDir: string, candidateId: string, documentId: string) {
	const row = db
		.select({ file: supportingDocuments, candidateId: registrations.candidateId })
		.from(supportingDocuments)
		.innerJoin(registrations, eq(registrations.id, supportingDocuments.registrationId))
		.where(and(eq(supportingDocuments.id, documentId), eq(registrations.candidateId, candidateId)))
		.get();
	if (!row) return null;
	return { file: row.file, bytes: readStoredFile(dataDir, row.file.storageName) };
}
