import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** What an event adds to who, when, what and why: the registration number, the version… */
export type AuditDetails = { [key: string]: Json };

/** Every manager or system action that changes data: who, when, what, why (SPEC M8). */
export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		occurredAt: integer('occurred_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		actorType: text('actor_type', { enum: ['system', 'candidate', 'manager', 'administrator'] }).notNull(),
		actorId: text('actor_id'),
		action: text('action').notNull(),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		reason: text('reason'),
		details: text('details', { mode: 'json' }).$type<AuditDetails>()
	},
	(table) => [
		index('audit_events_subject_idx').on(table.subjectType, table.subjectId),
		index('audit_events_occurred_idx').on(table.occurredAt),
		index('audit_events_actor_idx').on(table.actorId, table.occurredAt)
	]
);
