import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// ─── Mail outbox: delivered by a job; nothing is lost while the relay is down ───

export const mailOutbox = sqliteTable(
	'mail_outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		htmlBody: text('html_body').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		lastError: text('last_error')
	},
	(table) => [index('mail_outbox_due_idx').on(table.sentAt, table.nextAttemptAt)]
);

/**
 * SPEC N3: the reminders already queued, one row per candidate, window and stage (`D-7`, `D-1`).
 * The primary key makes each reminder go once, even when two runs of the job overlap or the server
 * restarts between them.
 */
export const sentReminders = sqliteTable('sent_reminders', {
	key: text('key').primaryKey(),
	candidateId: text('candidate_id').notNull(),
	sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull()
});
