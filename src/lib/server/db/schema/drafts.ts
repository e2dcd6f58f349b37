import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { candidates } from './accounts';
import type { RegistrationContent } from '../../../domain/registration-content';
import type { RegistrationTab } from '../../../domain/registration-tabs';

/**
 * The server's copy of a candidate's draft (SPEC O3): one per candidate, exam and session, for a new
 * registration or a modification of the active one. Each write raises the revision; a write based
 * on an older revision is refused with this copy (SPEC O5).
 */
export const registrationDrafts = sqliteTable(
	'registration_drafts',
	{
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id, { onDelete: 'cascade' }),
		examDomainCode: text('exam_domain_code').notNull(),
		sessionYear: integer('session_year').notNull(),
		academyCode: text('academy_code').notNull(),
		/** Set for the draft of a modification (« Modifier »). */
		registrationNumber: text('registration_number'),
		baseVersion: integer('base_version'),
		tab: text('tab').$type<RegistrationTab>().notNull(),
		content: text('content', { mode: 'json' }).$type<RegistrationContent>().notNull(),
		revision: integer('revision').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.candidateId, table.examDomainCode, table.sessionYear] })]
);
