// Documents of the candidate space (SPEC R8, D1–D3): the confirmation of each registration
// version, generated after the registration's transaction by a retried job, and the documents an
// exam office publishes. A candidate reaches only their own.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { preparedQuery, type Db, type Executor } from '../db';
import { academies, candidates, documents, examDomains, isActiveRegistration, registrations, supportingDocuments } from '../db/schema';
import { generateId } from '../auth/tokens';
import { runDueJobs } from '../jobs/queue';
import { getExamCatalogue } from '../registrations/catalogue';
import { findExamOffice, listSupportingDocumentTypes } from '../catalogue';
import { readVersion } from '../registrations/versions';
import { CIVILITIES, NATIONALITIES } from '../../domain/account';
import { describeContent } from '../../domain/registration-diff';
import { formatMark } from '../../domain/exemptions';
import { requiredSupportingDocuments } from '../../domain/supporting-documents';
import { confirmedOffice } from '../../domain/admin-windows';
import { confirmationFileName, renderConfirmationPdf, CONFIRMATION_TITLE, type ConfirmationData } from './confirmation';
import { deleteStoredFile, readStoredFile, storeFile } from './storage';

export type DocumentKind = (typeof documents.$inferSelect)['kind'];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
	confirmation: 'Confirmation d’inscription',
	transcript: 'Relevé de notes',
	summons: 'Convocation aux épreuves',
	'accommodation-notice': 'Avis d’aménagement d’épreuves',
	certificate: 'Attestation',
	'supporting-reminder': 'Relance de pièces justificatives',
	other: 'Autre document'
};

function frenchDate(iso: string): string {
	const [year, month, day] = iso.slice(0, 10).split('-');
	return `${day}/${month}/${year}`;
}

/** Everything the confirmation of one registration version shows. */
export function buildConfirmationData(db: Db, registrationId: string, version: number, issuedAt: Date): ConfirmationData {
	const registration = db.select().from(registrations).where(eq(registrations.id, registrationId)).get()!;
	const stored = readVersion(db, registrationId, version);
	const catalogue = getExamCatalogue(db, registration.examDomainCode, registration.sessionYear);
	const specialty = catalogue.specialties.find((entry) => entry.code === stored.content.choice.specialtyCode);
	const option = specialty?.options.find((entry) => entry.code === stored.content.choice.optionCode);
	const domain = db.select().from(examDomains).where(eq(examDomains.code, registration.examDomainCode)).get()!;
	const academy = db.select().from(academies).where(eq(academies.code, registration.academyCode)).get()!;
	const office = findExamOffice(db, { academyCode: academy.code, examDomainCode: domain.code, sessionYear: registration.sessionYear });
	const { identity } = stored;
	const languageName = (code: string | null) => catalogue.languages.find((entry) => entry.code === code)?.name ?? code;
	const types = listSupportingDocumentTypes(db);
	const uploaded = new Set(
		db
			.select({ typeCode: supportingDocuments.typeCode })
			.from(supportingDocuments)
			.where(eq(supportingDocuments.registrationId, registrationId))
			.all()
			.map((row) => row.typeCode)
	);
	// Only the office's confirmed values reach the candidate (SPEC M2): never a placeholder as fact.
	const confirmed = confirmedOffice(office);
	return {
		registrationNumber: registration.registrationNumber,
		candidateNumber: identity.candidateNumber,
		version,
		issuedAt: issuedAt.toISOString(),
		exam: {
			domainName: domain.name,
			sessionYear: registration.sessionYear,
			academyName: academy.fullName,
			specialtyName: specialty?.name ?? stored.content.choice.specialtyCode,
			optionName: option ? `${option.code} – ${option.name}` : null
		},
		identity: [
			['Civilité', CIVILITIES[identity.civility]],
			['Nom de naissance', identity.birthName],
			...(identity.usageName ? [['Nom d’usage', identity.usageName] as [string, string]] : []),
			['Prénoms', identity.firstNames],
			['Date et lieu de naissance', `${frenchDate(identity.birthDate)}, ${identity.birthPlace} (${identity.birthCountry})`],
			['Nationalité', NATIONALITIES[identity.nationality]],
			[
				'Adresse',
				[identity.addressLine1, identity.addressLine2, `${identity.postalCode} ${identity.city}`, identity.country]
					.filter(Boolean)
					.join(', ')
			],
			['Téléphone', identity.phone],
			['Adresse mail', identity.email ?? '']
		],
		choices: describeContent(stored.content, catalogue)
			.filter((line) => !['specialty', 'option', 'accommodations'].includes(line.key))
			.map((line) => [line.label, line.value]),
		unitsToSit: stored.unitsToSit.map(
			(unit) =>
				`${unit.code} – ${unit.name}${unit.languageCode ? ` (${languageName(unit.languageCode)})` : ''}${unit.optional ? ', épreuve facultative' : ''}`
		),
		exemptions: stored.exemptions
			.filter((line) => line.taken)
			.map(
				(line) =>
					`${line.unitCode} – ${line.unitName} : ${line.source === 'kept-mark' && line.mark !== undefined ? `note conservée ${formatMark(line.mark)}/20 (session ${line.markSessionYear})` : 'dispense au titre du diplôme'}`
			),
		accommodationsApplied: stored.content.accommodations.applied === 'yes' ? 'oui' : 'non',
		supportingDocuments: requiredSupportingDocuments(
			types,
			stored.content,
			{ birthDate: identity.birthDate, nationality: identity.nationality },
			registration.sessionYear
		).map((type) => ({
			label: type.label,
			uploaded: uploaded.has(type.code)
		})),
		office: {
			serviceName: confirmed.serviceName,
			addressLines: confirmed.addressLines,
			email: confirmed.email,
			phone: confirmed.phone
		},
		returnDate: confirmed.confirmationReturnDate
	};
}

/** Generates the confirmation of a version once; a second run finds it and does nothing. */
export async function generateConfirmation(db: Db, dataDir: string, registrationId: string, version: number, now: Date): Promise<void> {
	const registration = db.select().from(registrations).where(eq(registrations.id, registrationId)).get()!;
	const exists = db
		.select({ id: documents.id })
		.from(documents)
		.where(and(eq(documents.registrationId, registrationId), eq(documents.kind, 'confirmation'), eq(documents.version, version)))
		.get();
	if (exists) return;
	const bytes = await renderConfirmationPdf(buildConfirmationData(db, registrationId, version, now));
	const storageName = storeFile(dataDir, bytes);
	// Dated when it becomes visible, not when the job started: a visit of « Mes documents » during
	// the rendering must not mark it as already seen.
	const createdAt = new Date(Math.max(now.getTime(), Date.now()));
	db.insert(documents)
		.values({
			id: generateId(),
			candidateId: registration.candidateId,
			registrationId,
			kind: 'confirmation',
			version,
			title: CONFIRMATION_TITLE,
			storageName,
			fileName: confirmationFileName(registration.registrationNumber, version),
			mediaType: 'application/pdf',
			byteSize: bytes.byteLength,
			createdAt,
			createdBy: 'system'
		})
		.onConflictDoNothing()
		.run();
}

/**
 * Runs the queued jobs that are due (the confirmations), retried with back-off until they succeed,
 * for up to 1.5 s (the PDFs are drawn in a worker thread meanwhile, each job yielding to waiting
 * requests first, and waiting up to a second while a surge saturates the process: jobs/pace.ts);
 * while jobs are still waiting, startJobs begins the next run at once: 10 per run, whatever their
 * time, drew 5 confirmations a second, fewer than a surge of submissions queues, and the
 * confirmation mails waited behind. Two at a time: one confirmation's reads, file and row are
 * written while the next is drawn.
 */
export function runQueuedJobs(
	db: Db,
	dataDir: string,
	now: Date,
	{ batch = 1_000, budgetMs = 1_500, concurrency = 2 } = {}
): Promise<number> {
	return runDueJobs(
		db,
		{ confirmation: ({ registrationId, version }) => generateConfirmation(db, dataDir, registrationId, version, now) },
		now,
		{ batch, budgetMs, concurrency }
	);
}

export interface PublishedInput {
	candidateId: string;
	registrationId: string | null;
	kind: DocumentKind;
	title: string;
	fileName: string;
	mediaType: string;
	bytes: Uint8Array;
	/** The manager who publishes it (SPEC M6, M8). */
	createdByManagerId?: string | null;
}

export type PublishOutcome =
	| { status: 'published'; id: string; version: number }
	/** The very same file (SHA-256) is already the latest version of this kind: nothing written. */
	| { status: 'already-published'; id: string; version: number };

/** SHA-256 of a file, hex: how the same file published twice is recognised (SPEC M6). */
export function contentHashOf(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

function latestOfKind(tx: Executor, input: Pick<PublishedInput, 'candidateId' | 'registrationId' | 'kind'>) {
	return tx
		.select({ id: documents.id, version: documents.version, contentHash: documents.contentHash })
		.from(documents)
		.where(
			and(
				eq(documents.candidateId, input.candidateId),
				input.registrationId ? eq(documents.registrationId, input.registrationId) : isNull(documents.registrationId),
				eq(documents.kind, input.kind)
			)
		)
		.orderBy(desc(documents.version))
		.get();
}

/** Whether this exact file is already the latest version of its kind (read before storing anything). */
export function findSamePublished(db: Executor, input: Pick<PublishedInput, 'candidateId' | 'registrationId' | 'kind' | 'bytes'>) {
	const latest = latestOfKind(db, input);
	return latest && latest.contentHash === contentHashOf(input.bytes) ? { id: latest.id, version: latest.version } : null;
}

/**
 * Inside the caller's transaction: a new version of this kind (SPEC D2: the candidate then sees only
 * it; the older stay in the registration's table), unless the very same file is already the latest
 * version (same SHA-256): then nothing is written and 'already-published' says so. Publishing an
 * older file again after another one is a new version: the candidate must see what was sent last.
 */
export function insertPublishedDocument(tx: Executor, storageName: string, input: PublishedInput, now: Date): PublishOutcome {
	const contentHash = contentHashOf(input.bytes);
	const latest = latestOfKind(tx, input);
	if (latest && latest.contentHash === contentHash) return { status: 'already-published', id: latest.id, version: latest.version };
	const version = (latest?.version ?? 0) + 1;
	const id = generateId();
	tx.insert(documents)
		.values({
			id,
			candidateId: input.candidateId,
			registrationId: input.registrationId,
			kind: input.kind,
			version,
			title: input.title,
			storageName,
			fileName: input.fileName,
			mediaType: input.mediaType,
			byteSize: input.bytes.byteLength,
			createdAt: now,
			createdBy: 'manager',
			createdByManagerId: input.createdByManagerId ?? null,
			contentHash
		})
		.run();
	return { status: 'published', id, version };
}

/**
 * A manager publishes a new version of a document of some kind to a candidate (SPEC M6, D2).
 * `within` runs in the same transaction once the document is written (the audit entry and the
 * notice, M8, N1). The file is stored first; if nothing is written, it is removed again.
 */
export function publishDocument(
	db: Db,
	dataDir: string,
	input: PublishedInput,
	now: Date,
	within?: (tx: Executor, published: { id: string; version: number }) => void
): PublishOutcome {
	const same = findSamePublished(db, input);
	if (same) return { status: 'already-published', ...same };
	const storageName = storeFile(dataDir, input.bytes);
	let outcome: PublishOutcome;
	try {
		outcome = db.transaction(
			(tx) => {
				const result = insertPublishedDocument(tx, storageName, input, now);
				if (result.status === 'published') within?.(tx, result);
				return result;
			},
			{ behavior: 'immediate' }
		);
	} catch (failure) {
		deleteStoredFile(dataDir, storageName);
		throw failure;
	}
	if (outcome.status !== 'published') deleteStoredFile(dataDir, storageName);
	return outcome;
}

// Read by « Mon espace » and « Mes documents » on every visit: prepared once.
const candidateDocumentRows = preparedQuery((db) =>
	db
		.select({
			document: documents,
			registrationNumber: registrations.registrationNumber,
			domainName: examDomains.name,
			sessionYear: registrations.sessionYear,
			status: registrations.status
		})
		.from(documents)
		.leftJoin(registrations, eq(registrations.id, documents.registrationId))
		.leftJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.where(eq(documents.candidateId, sql.placeholder('candidateId')))
		.orderBy(desc(documents.version))
);

/** « Mes documents »: the latest version of each kind, per registration (SPEC D2), newest first. */
export function listCandidateDocuments(db: Db, candidateId: string) {
	const rows = candidateDocumentRows(db).all({ candidateId });
	const latest = new Map<string, (typeof rows)[number]>();
	for (const row of rows) {
		const key = `${row.document.registrationId ?? '-'}:${row.document.kind}`;
		if (!latest.has(key)) latest.set(key, row);
	}
	return [...latest.values()];
}

/**
 * Active registrations whose current version has no confirmation yet: the queued job makes it a
 * moment after « Enregistrer » or « Modifier ». « Mes documents » shows it as being prepared, never
 * the superseded version as the latest.
 */
export function confirmationsInPreparation(db: Db, candidateId: string) {
	const active = db
		.select({
			id: registrations.id,
			registrationNumber: registrations.registrationNumber,
			version: registrations.version,
			domainName: examDomains.name,
			sessionYear: registrations.sessionYear
		})
		.from(registrations)
		.innerJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.where(and(eq(registrations.candidateId, candidateId), isActiveRegistration()))
		.all();
	return active.filter((registration) => (latestConfirmation(db, candidateId, registration.id)?.version ?? 0) < registration.version);
}

export function markDocumentsSeen(db: Db, candidateId: string, now: Date): Date | null {
	const previous =
		db.select({ seenAt: candidates.documentsSeenAt }).from(candidates).where(eq(candidates.id, candidateId)).get()?.seenAt ?? null;
	db.update(candidates).set({ documentsSeenAt: now }).where(eq(candidates.id, candidateId)).run();
	return previous;
}

/** A candidate's own document, or nothing at all, whether another's exists or not (SPEC D3). */
export function readCandidateDocument(db: Db, dataDir: string, candidateId: string, documentId: string) {
	const document = db
		.select()
		.from(documents)
		.where(and(eq(documents.id, documentId), eq(documents.candidateId, candidateId)))
		.get();
	if (!document) return null;
	return { document, bytes: readStoredFile(dataDir, document.storageName) };
}

/** The latest confirmation of a registration, once generated. */
export function latestConfirmation(db: Db, candidateId: string, registrationId: string) {
	return db
		.select({ id: documents.id, version: documents.version })
		.from(documents)
		.where(and(eq(documents.candidateId, candidateId), eq(documents.registrationId, registrationId), eq(documents.kind, 'confirmation')))
		.orderBy(desc(documents.version))
		.get();
}
