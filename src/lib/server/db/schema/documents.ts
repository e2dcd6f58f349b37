import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { candidates } from './accounts';
import { supportingDocumentTypes } from './catalogue';
import { registrations } from './registrations';

// ─── Documents (SPEC R8, R12, D1–D3) ───

/**
 * Documents of the candidate space: the confirmation (one per registration version, generated) and
 * those an exam office publishes. Only the latest version of each kind is shown (SPEC D2).
 */
export const documents = sqliteTable(
	'documents',
	{
		id: text('id').primaryKey(),
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id),
		registrationId: text('registration_id').references(() => registrations.id),
		kind: text('kind', {
			enum: ['confirmation', 'transcript', 'summons', 'accommodation-notice', 'certificate', 'supporting-reminder', 'other']
		}).notNull(),
		version: integer('version').notNull(),
		title: text('title').notNull(),
		/** Random name under DATA_DIR/files. */
		storageName: text('storage_name').notNull(),
		fileName: text('file_name').notNull(),
		mediaType: text('media_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		createdBy: text('created_by', { enum: ['system', 'manager'] }).notNull(),
		/** The manager who published it (SPEC M6, M8); null for generated documents. */
		createdByManagerId: text('created_by_manager_id'),
		/** SHA-256 (hex) of the file: publishing the same file again is recognised, not a new version. */
		contentHash: text('content_hash'),
		/**
		 * What a generated document says, for its accessible HTML version (a reminder's missing and
		 * refused pieces, SPEC M5); null for the confirmation and published files.
		 */
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>()
	},
	(table) => [
		uniqueIndex('documents_version_idx').on(table.candidateId, table.registrationId, table.kind, table.version),
		index('documents_candidate_idx').on(table.candidateId)
	]
);

/** Supporting documents uploaded for a registration (SPEC R12), one current file per type. */
export const supportingDocuments = sqliteTable(
	'supporting_documents',
	{
		id: text('id').primaryKey(),
		registrationId: text('registration_id')
			.notNull()
			.references(() => registrations.id),
		typeCode: text('type_code')
			.notNull()
			.references(() => supportingDocumentTypes.code),
		storageName: text('storage_name').notNull(),
		mediaType: text('media_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		uploadedAt: integer('uploaded_at', { mode: 'timestamp_ms' }).notNull(),
		state: text('state', { enum: ['deposited', 'accepted', 'refused'] }).notNull(),
		reviewReason: text('review_reason'),
		reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
		/** The manager who accepted or refused it (SPEC M5). */
		reviewedBy: text('reviewed_by')
	},
	(table) => [
		uniqueIndex('supporting_documents_type_idx').on(table.registrationId, table.typeCode),
		// SPEC M3: a registration's files to review or refused, counted on each row of the list.
		index('supporting_documents_registration_state_idx').on(table.registrationId, table.state),
		// SPEC M5: the queue of « pièces à examiner », oldest first.
		index('supporting_documents_state_idx').on(table.state, table.uploadedAt)
	]
);

/**
 * SPEC M7: one import of school candidates from a CSV file, and the candidates its rows named
 * (created, updated or unchanged), so that the slips of a whole import can be printed.
 */
export const schoolImports = sqliteTable('school_imports', {
	id: text('id').primaryKey(),
	academyCode: text('academy_code').notNull(),
	managerId: text('manager_id').notNull(),
	fileName: text('file_name').notNull(),
	/** SHA-256 (hex) of the file's bytes. */
	fileHash: text('file_hash').notNull(),
	createdCount: integer('created_count').notNull(),
	updatedCount: integer('updated_count').notNull(),
	unchangedCount: integer('unchanged_count').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

export const schoolImportCandidates = sqliteTable(
	'school_import_candidates',
	{
		importId: text('import_id')
			.notNull()
			.references(() => schoolImports.id),
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id),
		/** What the import did to this candidate. */
		outcome: text('outcome', { enum: ['created', 'updated', 'unchanged'] }).notNull()
	},
	(table) => [primaryKey({ columns: [table.importId, table.candidateId] })]
);
