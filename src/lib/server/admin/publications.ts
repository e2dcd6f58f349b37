// Publishing documents to candidates (SPEC M6, D1, D2, N1, M8): to one registration, or a batch of
// PDF files each matched to its registration by the N° inscription in its name (R14, check character
// verified, never guessed). Every published file is a new version of its kind for that registration,
// with its audit entry and the candidate's notice in the transaction that writes it; the very same
// file sent again (SHA-256) is recognised and writes nothing, so a batch can be resumed safely.
import { eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Executor } from '../db';
import { candidates, documents, registrations } from '../db/schema';
import { DOCUMENT_KIND_LABELS, publishDocument } from '../documents';
import { checkUpload } from '../documents/upload-check';
import { enqueueMail } from '../mail/outbox';
import { documentPublishedMail } from '../mail/publication-notices';
import { recordAudit } from '../managers/audit';
import { canAccessAcademy } from '../managers/scope';
import type { ManagerUser } from '../managers/sessions';
import {
	MATCH_OUTCOME_LABELS,
	PDF_ONLY,
	WITHDRAWN_REFUSAL,
	numberInFileName,
	type BatchFileAnswer,
	type MatchOutcome,
	type PreviewRow,
	type PublishableKind
} from '../../domain/publications';
import { scopedRegistration } from './decisions';

export interface PublicationFile {
	kind: PublishableKind;
	/** Required for 'other' only; the other kinds are titled by their label. */
	title: string;
	fileName: string;
	bytes: Uint8Array;
	/** The batch a file belongs to (bulk publication), kept in the audit entry. */
	batchId?: string | null;
}

export type PublicationResult =
	| { status: 'not-found' }
	| { status: 'withdrawn' }
	| { status: 'invalid-file'; message: string }
	| { status: 'already-published'; id: string; version: number }
	| { status: 'published'; id: string; version: number };

type Context = { now: Date; config: Pick<Config, 'origin' | 'smtpUrl' | 'dataDir'> };

class WithdrawnMeanwhile extends Error {}

/** The name the candidate downloads: the manager's file name without folders or control characters, ending in .pdf. */
export function storedFileName(fileName: string, fallback: string): string {
	const base = (fileName.split(/[\\/]/).pop() ?? '')
		.replace(/[\p{Cc}\p{Cf}]/gu, '')
		.trim()
		.slice(0, 150);
	if (!base) return `${fallback}.pdf`;
	return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}

/**
 * Publishes one PDF to the registration `registrationNumber` of the manager's académies (M1: another
 * académie's is not found). The file is checked like a candidate's upload (checkUpload, in a worker)
 * and must be a PDF. A withdrawn registration gets nothing.
 */
export async function publishToRegistration(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	file: PublicationFile,
	{ now, config }: Context
): Promise<PublicationResult> {
	const registration = scopedRegistration(db, manager, registrationNumber);
	if (!registration) return { status: 'not-found' };
	if (registration.status !== 'active') return { status: 'withdrawn' };
	const verdict = await checkUpload(file.bytes);
	if (!verdict.ok) return { status: 'invalid-file', message: verdict.reason };
	if (verdict.mediaType !== 'application/pdf') return { status: 'invalid-file', message: PDF_ONLY };

	const label = DOCUMENT_KIND_LABELS[file.kind];
	const title = file.kind === 'other' ? file.title.trim() : label;
	const fileName = storedFileName(file.fileName, `${file.kind}-${registration.registrationNumber}`);
	try {
		const outcome = publishDocument(
			db,
			config.dataDir,
			{
				candidateId: registration.candidateId,
				registrationId: registration.id,
				kind: file.kind,
				title,
				fileName,
				mediaType: 'application/pdf',
				bytes: verdict.bytes,
				createdByManagerId: manager.id
			},
			now,
			(tx: Executor, published) => {
				// The same checks again inside the transaction: nothing may have changed since the file check.
				const current = scopedRegistration(tx, manager, registrationNumber);
				if (!current || current.status !== 'active') throw new WithdrawnMeanwhile();
				recordAudit(
					tx,
					manager,
					{
						action: 'document.published',
						subjectType: 'registration',
						subjectId: registration.id,
						details: {
							registrationNumber: registration.registrationNumber,
							academyCode: registration.academyCode,
							documentId: published.id,
							kind: file.kind,
							title,
							version: published.version,
							fileName,
							...(file.batchId ? { batchId: file.batchId } : {})
						}
					},
					now
				);
				// N1: the notice names the kind of document and links to « Mes documents », nothing more.
				const candidate = tx
					.select({ email: candidates.email, firstNames: candidates.firstNames })
					.from(candidates)
					.where(eq(candidates.id, registration.candidateId))
					.get();
				if (candidate?.email) {
					const named = file.kind === 'other' ? `${label} (${title})` : label;
					enqueueMail(
						tx,
						documentPublishedMail(candidate.email, candidate.firstNames, named, `${config.origin}/mes-documents`),
						now,
						config
					);
				}
			}
		);
		return outcome;
	} catch (failure) {
		if (failure instanceof WithdrawnMeanwhile) return { status: 'withdrawn' };
		throw failure;
	}
}

type Classified = { outcome: MatchOutcome; registrationNumber: string | null; candidateName: string | null; registrationId: string | null };

function classify(db: Executor, manager: ManagerUser, fileName: string): Classified {
	const none = { registrationNumber: null, candidateName: null, registrationId: null };
	if (!/\.pdf$/i.test(fileName.trim())) return { outcome: 'not-pdf-name', ...none };
	const found = numberInFileName(fileName);
	if (found.status === 'none') return { outcome: 'no-number', ...none };
	if (found.status === 'wrong-check') return { outcome: 'wrong-check', ...none, registrationNumber: found.number };
	const row = db
		.select({
			id: registrations.id,
			academyCode: registrations.academyCode,
			status: registrations.status,
			birthName: candidates.birthName,
			usageName: candidates.usageName,
			firstNames: candidates.firstNames
		})
		.from(registrations)
		.innerJoin(candidates, eq(candidates.id, registrations.candidateId))
		.where(eq(registrations.registrationNumber, found.number))
		.get();
	if (!row) return { outcome: 'unknown-number', ...none, registrationNumber: found.number };
	// M1: another académie's registration is named as such, but nothing of its candidate is shown.
	if (!canAccessAcademy(manager, row.academyCode)) return { outcome: 'other-academy', ...none, registrationNumber: found.number };
	const candidateName = `${(row.usageName || row.birthName).toUpperCase()} ${row.firstNames}`;
	if (row.status !== 'active') return { outcome: 'withdrawn', registrationNumber: found.number, candidateName, registrationId: row.id };
	return { outcome: 'match', registrationNumber: found.number, candidateName, registrationId: row.id };
}

/**
 * The preview of a batch (M6), from the file names alone: each one's registration or why it has
 * none. Two files naming the same registration are both set aside ('duplicate'): which one is right
 * cannot be told from here.
 */
export function previewBatch(db: Db, manager: ManagerUser, fileNames: string[]): PreviewRow[] {
	const rows = fileNames.map((fileName) => ({ fileName, ...classify(db, manager, fileName) }));
	const counts = new Map<string, number>();
	for (const row of rows) if (row.outcome === 'match') counts.set(row.registrationId!, (counts.get(row.registrationId!) ?? 0) + 1);
	return rows.map((row) => ({
		fileName: row.fileName,
		outcome: row.outcome === 'match' && counts.get(row.registrationId!)! > 1 ? 'duplicate' : row.outcome,
		registrationNumber: row.registrationNumber,
		candidateName: row.candidateName
	}));
}

/**
 * One file of a confirmed batch (M6): matched again by its name on the server (the page's preview is
 * never trusted), then published like a single one. Sent again after a broken connection, the same
 * file answers 'already-published' and writes nothing.
 */
export async function publishBatchFile(db: Db, manager: ManagerUser, file: PublicationFile, context: Context): Promise<BatchFileAnswer> {
	const matched = classify(db, manager, file.fileName);
	if (matched.outcome !== 'match') return { ok: false, status: 'refused', message: MATCH_OUTCOME_LABELS[matched.outcome] };
	const result = await publishToRegistration(db, manager, matched.registrationNumber!, file, context);
	switch (result.status) {
		case 'published':
			return { ok: true, status: 'published', registrationNumber: matched.registrationNumber!, version: result.version };
		case 'already-published':
			return { ok: true, status: 'already-published', registrationNumber: matched.registrationNumber!, version: result.version };
		case 'withdrawn':
			return { ok: false, status: 'refused', message: WITHDRAWN_REFUSAL };
		case 'not-found':
			return { ok: false, status: 'refused', message: MATCH_OUTCOME_LABELS['unknown-number'] };
		case 'invalid-file':
			return { ok: false, status: 'refused', message: result.message };
	}
}

/** A document of a registration of the manager's académies (M1), for the manager's download. */
export function scopedDocument(db: Db, manager: ManagerUser, registrationNumber: string, documentId: string) {
	const registration = scopedRegistration(db, manager, registrationNumber);
	if (!registration) return null;
	const document = db.select().from(documents).where(eq(documents.id, documentId)).get();
	if (!document || document.registrationId !== registration.id) return null;
	return document;
}
