import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { academies } from './catalogue';

// ─── Managers of the exam offices and administrators (SPEC M1) ───

/**
 * A person of an exam office (« gestionnaire ») or an administrator. Not a candidate: their own
 * table, sessions and cookie. A manager works for the académies of `manager_academies`; an
 * administrator manages managers and reference data everywhere.
 */
export const managers = sqliteTable('managers', {
	id: text('id').primaryKey(),
	/** Lower-cased, NFC: the login. */
	email: text('email').notNull().unique(),
	role: text('role', { enum: ['manager', 'administrator'] }).notNull(),
	/** argon2id; null until a password is set (an account created without one cannot log in). */
	passwordHash: text('password_hash'),
	/** A disabled manager cannot log in; their sessions are ended. Never deleted (the audit names them). */
	disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
	/** SPEC A9's schedule, as for candidates. */
	failedLoginCount: integer('failed_login_count').notNull().default(0),
	lastFailedLoginAt: integer('last_failed_login_at', { mode: 'timestamp_ms' }),
	/** RFC 6238 key (base32), set at enrolment; the second factor is on once `totpEnabledAt` is set. */
	totpKey: text('totp_key'),
	totpEnabledAt: integer('totp_enabled_at', { mode: 'timestamp_ms' }),
	/** The last time step a code was accepted for: a code is used once. */
	totpLastStep: integer('totp_last_step'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

/** The académies a manager works for (none for an administrator, who sees all). */
export const managerAcademies = sqliteTable(
	'manager_academies',
	{
		managerId: text('manager_id')
			.notNull()
			.references(() => managers.id, { onDelete: 'cascade' }),
		academyCode: text('academy_code')
			.notNull()
			.references(() => academies.code)
	},
	(table) => [primaryKey({ columns: [table.managerId, table.academyCode] })]
);

/**
 * Manager sessions, the Lucia way (the id is the SHA-256 of the cookie's token). A session opened by
 * the password alone while a second factor is due stays `pending` and opens only the code page.
 */
export const managerSessions = sqliteTable(
	'manager_sessions',
	{
		id: text('id').primaryKey(),
		managerId: text('manager_id')
			.notNull()
			.references(() => managers.id, { onDelete: 'cascade' }),
		pendingSecondFactor: integer('pending_second_factor', { mode: 'boolean' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('manager_sessions_manager_idx').on(table.managerId)]
);

/** Single-use recovery codes of the second factor; only their SHA-256 is stored. */
export const managerRecoveryCodes = sqliteTable(
	'manager_recovery_codes',
	{
		managerId: text('manager_id')
			.notNull()
			.references(() => managers.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(table) => [primaryKey({ columns: [table.managerId, table.codeHash] })]
);

/** Settings an administrator changes in the application (for example: TOTP required for all). */
export const appSettings = sqliteTable('app_settings', {
	key: text('key').primaryKey(),
	value: text('value', { mode: 'json' }).notNull(),
	changedAt: integer('changed_at', { mode: 'timestamp_ms' }).notNull()
});
