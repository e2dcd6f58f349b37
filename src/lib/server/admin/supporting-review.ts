// The exam office's review of supporting documents (SPEC M5, R12): open a deposited piece, accept
// or refuse it with a reason, « Déverrouiller » a locked set, send a « Relance de pièces
// justificatives », and the queue of « Pièces à examiner ». Every decision checks the manager's
// académie again and is recorded in the audit log in the transaction of the change (M8).
import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Executor } from '../db';
import {
	academies,
	candidates,
	documents,
	examDomains,
	isActiveRegistration,
	registrations,
	supportingDocuments,
	supportingDocumentTypes
} from '../db/schema';
import { generateId } from '../auth/tokens';
import { buildReminderData, REMINDER_TITLE, reminderFileName, renderReminderPdf } from '../documents/reminder';
import { deleteStoredFile, readStoredFile, storeFile } from '../documents/storage';
import { enqueueMail } from '../mail/outbox';
import { pieceRefusedMail, supportingReminderMail } from '../mail/review-notices';
import { recordAudit } from '../managers/audit';
import { academyScope } from '../managers/scope';
import type { ManagerUser } from '../managers/sessions';
import {
	decodeQueueCursor,
	encodeQueueCursor,
	PIECE_STATE_LABELS,
	REVIEW_PAGE_SIZE,
	type ReviewQueueQuery
} from '../../domain/supporting-review';
import { scopedRegistration } from './decisions';

export type ReviewResult = 'done' | 'not-found' | 'withdrawn' | 'unchanged';

type Context = { now: Date; config: Pick<Config, 'origin' | 'smtpUrl'> };

/** The piece `pieceId` of the registration `registrationNumber`, if the manager works for its académie. */
export function scopedPiece(db: Executor, manager: ManagerUser, registrationNumber: string, pieceId: string) {
	const registration = scopedRegistration(db, manager, registrationNumber);
	if (!registration) return null;
	const found = db
		.select({ piece: supportingDocuments, type: supportingDocumentTypes })
		.from(supportingDocuments)
		.innerJoin(supportingDocumentTypes, eq(supportingDocumentTypes.code, supportingDocuments.typeCode))
		.where(and(eq(supportingDocuments.id, pieceId), eq(supportingDocuments.registrationId, registration.id)))
		.get();
	return found ? { registration, ...found } : null;
}

type Scoped = NonNullable<ReturnType<typeof scopedPiece>>;

const pieceDetails = ({ registration, piece }: Scoped) => ({
	registrationNumber: registration.registrationNumber,
	academyCode: registration.academyCode,
	pieceId: piece.id,
	typeCode: piece.typeCode
});

/** What the piece viewer shows (no bytes): null when the manager may not see it (404 alike). */
export function loadPieceView(db: Db, manager: ManagerUser, registrationNumber: string, pieceId: string) {
	const scoped = scopedPiece(db, manager, registrationNumber, pieceId);
	if (!scoped) return null;
	const { registration, piece, type } = scoped;
	const candidate = db.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
	return {
		registrationNumber: registration.registrationNumber,
		active: registration.status === 'active',
		locked: registration.supportingDocumentsLockedAt !== null,
		candidate: {
			candidateNumber: candidate.candidateNumber,
			name: `${candidate.firstNames} ${candidate.usageName || candidate.birthName}`
		},
		piece: {
			id: piece.id,
			label: type.label,
			description: type.description,
			state: piece.state,
			mediaType: piece.mediaType,
			byteSize: piece.byteSize,
			uploadedAt: piece.uploadedAt.toISOString(),
			reviewReason: piece.reviewReason,
			reviewedAt: piece.reviewedAt?.toISOString() ?? null
		}
	};
}

/** The stored bytes of a piece, for the manager of its académie only. */
export function readPieceFile(db: Db, dataDir: string, manager: ManagerUser, registrationNumber: string, pieceId: string) {
	const scoped = scopedPiece(db, manager, registrationNumber, pieceId);
	if (!scoped) return null;
	return { file: scoped.piece, bytes: readStoredFile(dataDir, scoped.piece.storageName) };
}

function decidePiece(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	pieceId: string,
	change: (tx: Executor, scoped: Scoped) => ReviewResult
): ReviewResult {
	return db.transaction(
		(tx) => {
			const scoped = scopedPiece(tx, manager, registrationNumber, pieceId);
			if (!scoped) return 'not-found';
			if (scoped.registration.status !== 'active') return 'withdrawn';
			return change(tx, scoped);
		},
		{ behavior: 'immediate' }
	);
}

/** « Accepter » (M5). */
export function acceptPiece(db: Db, manager: ManagerUser, registrationNumber: string, pieceId: string, now: Date): ReviewResult {
	return decidePiece(db, manager, registrationNumber, pieceId, (tx, scoped) => {
		const { piece, type } = scoped;
		if (piece.state === 'accepted') return 'unchanged';
		tx.update(supportingDocuments)
			.set({ state: 'accepted', reviewReason: null, reviewedAt: now, reviewedBy: manager.id })
			.where(eq(supportingDocuments.id, piece.id))
			.run();
		recordAudit(
			tx,
			manager,
			{
				action: 'supporting-document.accepted',
				subjectType: 'registration',
				subjectId: scoped.registration.id,
				before: { piece: type.label, state: PIECE_STATE_LABELS[piece.state] },
				after: { piece: type.label, state: PIECE_STATE_LABELS.accepted },
				details: pieceDetails(scoped)
			},
			now
		);
		return 'done';
	});
}

/** « Refuser » with the reason the candidate reads next to the piece and in a notice (M5, N1). */
export function refusePiece(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	pieceId: string,
	reason: string,
	{ now, config }: Context
): ReviewResult {
	return decidePiece(db, manager, registrationNumber, pieceId, (tx, scoped) => {
		const { piece, type, registration } = scoped;
		if (piece.state === 'refused' && piece.reviewReason === reason) return 'unchanged';
		tx.update(supportingDocuments)
			.set({ state: 'refused', reviewReason: reason, reviewedAt: now, reviewedBy: manager.id })
			.where(eq(supportingDocuments.id, piece.id))
			.run();
		recordAudit(
			tx,
			manager,
			{
				action: 'supporting-document.refused',
				subjectType: 'registration',
				subjectId: registration.id,
				reason,
				before: { piece: type.label, state: PIECE_STATE_LABELS[piece.state] },
				after: { piece: type.label, state: PIECE_STATE_LABELS.refused },
				details: pieceDetails(scoped)
			},
			now
		);
		const candidate = tx.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
		if (candidate.email) {
			enqueueMail(
				tx,
				pieceRefusedMail(
					candidate.email,
					candidate.firstNames,
					{ registrationNumber: registration.registrationNumber, pieceLabel: type.label, reason },
					`${config.origin}/mes-inscriptions/${registration.registrationNumber}/pieces`
				),
				now,
				config
			);
		}
		return 'done';
	});
}

/** « Déverrouiller » (R12): the candidate may replace any piece again, until they lock anew. */
export function unlockSupportingDocuments(db: Db, manager: ManagerUser, registrationNumber: string, now: Date): ReviewResult {
	return db.transaction(
		(tx) => {
			const registration = scopedRegistration(tx, manager, registrationNumber);
			if (!registration) return 'not-found';
			if (registration.status !== 'active') return 'withdrawn';
			if (!registration.supportingDocumentsLockedAt) return 'unchanged';
			tx.update(registrations)
				.set({ supportingDocumentsLockedAt: null, updatedAt: now })
				.where(eq(registrations.id, registration.id))
				.run();
			recordAudit(
				tx,
				manager,
				{
					action: 'supporting-documents.unlocked',
					subjectType: 'registration',
					subjectId: registration.id,
					before: { locked: true },
					after: { locked: false },
					details: { registrationNumber: registration.registrationNumber, academyCode: registration.academyCode }
				},
				now
			);
			return 'done';
		},
		{ behavior: 'immediate' }
	);
}

export type ReminderResult =
	{ status: 'sent'; documentId: string; version: number; mailed: boolean } | { status: 'not-found' | 'withdrawn' | 'nothing-missing' };

/**
 * « Relance de pièces justificatives » (M5, D1): a PDF of what is missing or refused, stored as a
 * new version of the registration's reminder (its list kept in payload for the HTML version), a
 * notice by mail, and the audit entry, in one transaction once the PDF is rendered.
 */
export async function sendSupportingReminder(
	db: Db,
	dataDir: string,
	manager: ManagerUser,
	registrationNumber: string,
	{ now, config }: Context
): Promise<ReminderResult> {
	const registration = scopedRegistration(db, manager, registrationNumber);
	if (!registration) return { status: 'not-found' };
	if (registration.status !== 'active') return { status: 'withdrawn' };
	const data = buildReminderData(db, registration.id, now);
	if (!data) return { status: 'nothing-missing' };
	const bytes = await renderReminderPdf(data);
	const storageName = storeFile(dataDir, bytes);
	const result = db.transaction(
		(tx): ReminderResult => {
			// Checked again: the académie's managers may have changed while the PDF was rendered.
			const current = scopedRegistration(tx, manager, registrationNumber);
			if (!current) return { status: 'not-found' };
			const latest = tx
				.select({ version: documents.version })
				.from(documents)
				.where(
					and(
						eq(documents.candidateId, current.candidateId),
						eq(documents.registrationId, current.id),
						eq(documents.kind, 'supporting-reminder')
					)
				)
				.orderBy(desc(documents.version))
				.get();
			const version = (latest?.version ?? 0) + 1;
			const documentId = generateId();
			tx.insert(documents)
				.values({
					id: documentId,
					candidateId: current.candidateId,
					registrationId: current.id,
					kind: 'supporting-reminder',
					version,
					title: REMINDER_TITLE,
					storageName,
					fileName: reminderFileName(current.registrationNumber, version),
					mediaType: 'application/pdf',
					byteSize: bytes.byteLength,
					createdAt: now,
					createdBy: 'manager',
					createdByManagerId: manager.id,
					contentHash: createHash('sha256').update(bytes).digest('hex'),
					payload: data as unknown as Record<string, unknown>
				})
				.run();
			recordAudit(
				tx,
				manager,
				{
					action: 'supporting-documents.reminder-sent',
					subjectType: 'registration',
					subjectId: current.id,
					after: { missing: data.missing, refused: data.refused.map((piece) => piece.label) },
					details: {
						registrationNumber: current.registrationNumber,
						academyCode: current.academyCode,
						documentId,
						version
					}
				},
				now
			);
			const candidate = tx.select().from(candidates).where(eq(candidates.id, current.candidateId)).get()!;
			if (candidate.email) {
				enqueueMail(
					tx,
					supportingReminderMail(candidate.email, candidate.firstNames, current.registrationNumber, `${config.origin}/mes-documents`),
					now,
					config
				);
			}
			return { status: 'sent', documentId, version, mailed: candidate.email !== null };
		},
		{ behavior: 'immediate' }
	);
	if (result.status !== 'sent') deleteStoredFile(dataDir, storageName);
	return result;
}

// ─── « Pièces à examiner » ───

export interface ReviewQueueRow {
	id: string;
	label: string;
	uploadedAt: Date;
	registrationNumber: string;
	candidateNumber: string | null;
	birthName: string;
	usageName: string;
	firstNames: string;
	examName: string;
	sessionYear: number;
	academyName: string;
	locked: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deposited pieces not yet reviewed, of active registrations of the manager's académies, oldest
 * first, read in the order of the index (state, uploaded_at) and paged by keyset.
 */
export function listReviewQueue(
	db: Db,
	manager: ManagerUser,
	query: ReviewQueueQuery,
	now: Date
): { rows: ReviewQueueRow[]; next: string | null; total: number } {
	const conditions: SQL[] = [
		eq(supportingDocuments.state, 'deposited'),
		isActiveRegistration(),
		academyScope(manager, registrations.academyCode)
	];
	if (query.academie) conditions.push(eq(registrations.academyCode, query.academie));
	if (query.examen) conditions.push(eq(registrations.examDomainCode, query.examen));
	if (query.age) conditions.push(lt(supportingDocuments.uploadedAt, new Date(now.getTime() - Number(query.age) * DAY_MS)));
	const total =
		db
			.select({ n: count() })
			.from(supportingDocuments)
			.innerJoin(registrations, eq(registrations.id, supportingDocuments.registrationId))
			.where(and(...conditions))
			.get()?.n ?? 0;
	if (query.apres) {
		const cursor = decodeQueueCursor(query.apres);
		conditions.push(
			or(
				gt(supportingDocuments.uploadedAt, cursor.uploadedAt),
				and(eq(supportingDocuments.uploadedAt, cursor.uploadedAt), gt(supportingDocuments.id, cursor.id))
			)!
		);
	}
	const rows = db
		.select({
			id: supportingDocuments.id,
			label: supportingDocumentTypes.label,
			uploadedAt: supportingDocuments.uploadedAt,
			registrationNumber: registrations.registrationNumber,
			candidateNumber: candidates.candidateNumber,
			birthName: candidates.birthName,
			usageName: candidates.usageName,
			firstNames: candidates.firstNames,
			examName: examDomains.shortName,
			sessionYear: registrations.sessionYear,
			academyName: academies.name,
			lockedAt: registrations.supportingDocumentsLockedAt
		})
		.from(supportingDocuments)
		.innerJoin(registrations, eq(registrations.id, supportingDocuments.registrationId))
		.innerJoin(candidates, eq(candidates.id, registrations.candidateId))
		.innerJoin(supportingDocumentTypes, eq(supportingDocumentTypes.code, supportingDocuments.typeCode))
		.innerJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.innerJoin(academies, eq(academies.code, registrations.academyCode))
		.where(and(...conditions))
		.orderBy(asc(supportingDocuments.uploadedAt), asc(supportingDocuments.id))
		.limit(REVIEW_PAGE_SIZE + 1)
		.all();
	const page = rows
		.slice(0, REVIEW_PAGE_SIZE)
		.map(({ lockedAt, ...row }) => ({ ...row, usageName: row.usageName ?? '', locked: lockedAt !== null }));
	const last = page.at(-1);
	return { rows: page, next: rows.length > REVIEW_PAGE_SIZE && last ? encodeQueueCursor(last.uploadedAt, last.id) : null, total };
}
