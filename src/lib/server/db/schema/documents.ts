import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
			enum: ['confirmation', 'transcript', 'summons', 'accommodation-notice', 'supporting-reminder', 'other']
		}).notNull(),
		version: integer('version').notNull(),
		title: text('title').notNull(),
		/** Random name under DATA_DIR/files. */
		storageName: text('storage_name').notNull(),
		fileName: text('file_name').notNull(),
		mediaType: text('media_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		createdBy: text('created_by', { enum: ['system', 'manager'] }).notNull()
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
		reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' })
	},
	(table) => [uniqueIndex('supporting_documents_type_idx').on(table.registrationId, table.typeCode)]
);
