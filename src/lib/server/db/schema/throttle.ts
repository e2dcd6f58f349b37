import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The per-address and per-mailbox limits' events (SPEC A9), shared by every server process: one row
 * per counted event, deleted once older than its window.
 */
export const throttleEvents = sqliteTable(
	'throttle_events',
	{
		id: integer('id').primaryKey(),
		bucket: text('bucket').notNull(),
		key: text('key').notNull(),
		at: integer('at').notNull()
	},
	(table) => [
		index('throttle_events_key_idx').on(table.bucket, table.key, table.at),
		index('throttle_events_age_idx').on(table.bucket, table.at)
	]
);

/**
 * Failed logins on identifiers that match no account (SPEC A9), shared by every server process:
 * they wait exactly as an account would. `scope` tells the candidates' from the managers' logins.
 */
export const absentLoginFailures = sqliteTable(
	'absent_login_failures',
	{
		scope: text('scope').notNull(),
		key: text('key').notNull(),
		count: integer('count').notNull(),
		lastAt: integer('last_at').notNull()
	},
	(table) => [primaryKey({ columns: [table.scope, table.key] }), index('absent_login_failures_age_idx').on(table.scope, table.lastAt)]
);
