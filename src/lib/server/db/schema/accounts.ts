import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// ─── Candidates, accounts, sessions (SPEC A1–A9) ───

/**
 * A candidate record: a person known to the exam offices, with or without an account (school
 * candidates, candidates of earlier sessions). Its email is unique among all records (SPEC A2).
 */
export const candidates = sqliteTable(
	'candidates',
	{
		id: text('id').primaryKey(),
		/** SPEC R14: given at the first registration (or at a school's import), kept for life. */
		candidateNumber: text('candidate_number').unique(),
		source: text('source', { enum: ['account', 'school'] }).notNull(),
		/**
		 * SPEC M7: a school candidate's national student identifier (INE), the key of a re-import.
		 * Upper-cased; null for the candidates who created an account.
		 */
		ine: text('ine').unique(),
		civility: text('civility', { enum: ['M', 'MME'] }).notNull(),
		birthName: text('birth_name').notNull(),
		usageName: text('usage_name').notNull().default(''),
		firstNames: text('first_names').notNull(),
		birthDate: text('birth_date').notNull(),
		birthPlace: text('birth_place').notNull(),
		birthCountry: text('birth_country').notNull(),
		nationality: text('nationality', { enum: ['FR', 'EU', 'OTHER'] }).notNull(),
		addressLine1: text('address_line1').notNull(),
		addressLine2: text('address_line2').notNull().default(''),
		postalCode: text('postal_code').notNull(),
		city: text('city').notNull(),
		country: text('country').notNull(),
		phone: text('phone').notNull(),
		email: text('email'),
		/** Lower-cased, NFC: the unique key that makes SPEC A2 hold across accounts and records. */
		emailNormalized: text('email_normalized').unique(),
		/** SPEC A8: set when the first registration is saved, never cleared. */
		personalDataLockedAt: integer('personal_data_locked_at', { mode: 'timestamp_ms' }),
		/** SPEC N3: no reminder before a window closes (notices about their own registration still go). */
		remindersOptOut: integer('reminders_opt_out', { mode: 'boolean' }).notNull().default(false),
		/** Last visit of « Mes documents »: what came after is marked new. */
		documentsSeenAt: integer('documents_seen_at', { mode: 'timestamp_ms' }),
		/**
		 * SPEC M3: birth, usage and first names folded as the list's search folds what is typed
		 * (`searchNamesOf`), written with the names. Null only for a row not yet folded, which
		 * `migrateDatabase` folds at startup (the fold is JavaScript: SQL cannot compute it).
		 */
		searchNames: text('search_names'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [
		// SPEC M3: the candidatures list sorts by name.
		index('candidates_name_idx').on(table.birthName, table.firstNames),
		// The rows the startup still has to fold (none, once done): found without reading the table.
		index('candidates_unfolded_idx')
			.on(table.id)
			.where(sql`${table.searchNames} IS NULL`)
	]
);

/**
 * Each word of a candidate's `search_names`, so that « the start of any name » is a range of an
 * index. Written only by the triggers of migration 0012, from `search_names`.
 */
export const candidateNameWords = sqliteTable(
	'candidate_name_words',
	{
		word: text('word').notNull(),
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id, { onDelete: 'cascade' })
	},
	(table) => [
		primaryKey({ columns: [table.word, table.candidateId] }),
		index('candidate_name_words_candidate_idx').on(table.candidateId, table.word)
	]
);

/** How a candidate logs in. Deleted with the candidate record when never activated (SPEC A4). */
export const accounts = sqliteTable('accounts', {
	candidateId: text('candidate_id')
		.primaryKey()
		.references(() => candidates.id, { onDelete: 'cascade' }),
	passwordHash: text('password_hash'),
	/** A school candidate's initial secret, until the first password replaces it (SPEC A7). */
	loginSlipSecretHash: text('login_slip_secret_hash'),
	/** SPEC M7: when the current slip's code was issued (printed); a reissue cancels the previous one. */
	loginSlipIssuedAt: integer('login_slip_issued_at', { mode: 'timestamp_ms' }),
	activatedAt: integer('activated_at', { mode: 'timestamp_ms' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	/** SPEC A9: consecutive failed logins, reset by a success. */
	failedLoginCount: integer('failed_login_count').notNull().default(0),
	lastFailedLoginAt: integer('last_failed_login_at', { mode: 'timestamp_ms' })
});

/** Single-use links sent by mail; only the token's SHA-256 is stored. */
export const accountTokens = sqliteTable(
	'account_tokens',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['activation', 'password-reset', 'email-change'] }).notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		/** For an email change: the address confirmed by this link. */
		newEmail: text('new_email'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('account_tokens_candidate_idx').on(table.candidateId, table.purpose)]
);

/** Sessions the Lucia way: the id is the SHA-256 of the cookie's token, never the token. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		candidateId: text('candidate_id').references(() => candidates.id, { onDelete: 'cascade' }),
		audience: text('audience', { enum: ['candidate', 'manager'] }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** Idle expiry, pushed forward while the session is used (sliding). */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** Hard limit, never extended. */
		absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('sessions_candidate_idx').on(table.candidateId)]
);

/** Sequences of SPEC R14 numbers, per académie (and session). */
export const numberSequences = sqliteTable('number_sequences', {
	key: text('key').primaryKey(),
	lastValue: integer('last_value').notNull()
});
