// Tables, split per domain as they grow. Kept free of $lib and $env imports: drizzle-kit loads it.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

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
		details: text('details', { mode: 'json' })
	},
	(table) => [index('audit_events_subject_idx').on(table.subjectType, table.subjectId)]
);

// ─── Catalogue: reference data (SPEC M2), loaded from src/lib/server/catalogue/data ───

/** Which version of each catalogue data file has been applied to this database. */
export const catalogueDataVersions = sqliteTable('catalogue_data_versions', {
	file: text('file').primaryKey(),
	version: integer('version').notNull(),
	appliedAt: integer('applied_at', { mode: 'timestamp_ms' }).notNull()
});

/** Académies, vice-rectorats and foreign exam centres; each on its own official time (SPEC R15). */
export const academies = sqliteTable('academies', {
	code: text('code').primaryKey(),
	kind: text('kind', { enum: ['academy', 'vice-rectorate', 'foreign-centre'] }).notNull(),
	name: text('name').notNull(),
	fullName: text('full_name').notNull(),
	timeZone: text('time_zone').notNull(),
	parentCode: text('parent_code').references((): AnySQLiteColumn => academies.code),
	countryCode: text('country_code'),
	countryName: text('country_name'),
	illustrative: integer('illustrative', { mode: 'boolean' }).notNull().default(false),
	sortOrder: integer('sort_order').notNull()
});

export const examDomains = sqliteTable('exam_domains', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	shortName: text('short_name').notNull(),
	sortOrder: integer('sort_order').notNull()
});

export const examSessions = sqliteTable(
	'exam_sessions',
	{
		examDomainCode: text('exam_domain_code')
			.notNull()
			.references(() => examDomains.code),
		year: integer('year').notNull()
	},
	(table) => [primaryKey({ columns: [table.examDomainCode, table.year] })]
);

export const languages = sqliteTable('languages', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	/** Offered only for an optional unit (regional languages). */
	optionalOnly: integer('optional_only', { mode: 'boolean' }).notNull().default(false),
	sortOrder: integer('sort_order').notNull()
});

export const specialties = sqliteTable('specialties', {
	code: text('code').primaryKey(),
	examDomainCode: text('exam_domain_code')
		.notNull()
		.references(() => examDomains.code),
	name: text('name').notNull(),
	illustrative: integer('illustrative', { mode: 'boolean' }).notNull().default(false),
	sortOrder: integer('sort_order').notNull()
});

export const specialtyOptions = sqliteTable(
	'specialty_options',
	{
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code, { onDelete: 'cascade' }),
		code: text('code').notNull(),
		name: text('name').notNull(),
		illustrative: integer('illustrative', { mode: 'boolean' }).notNull().default(false),
		sortOrder: integer('sort_order').notNull()
	},
	(table) => [primaryKey({ columns: [table.specialtyCode, table.code] })]
);

/**
 * Épreuves: a group (E1…E7) with sub-units, or a leaf unit with a coefficient. Optional units
 * (UF1, UFM…) are leaves marked optional. `illustrative` marks details not checked against the
 * official reference frame, which the product must not present as official.
 */
export const examUnits = sqliteTable(
	'exam_units',
	{
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code, { onDelete: 'cascade' }),
		code: text('code').notNull(),
		parentCode: text('parent_code'),
		/** Set when the unit exists only in one option of the specialty. */
		optionCode: text('option_code'),
		name: text('name').notNull(),
		general: integer('general', { mode: 'boolean' }).notNull(),
		coefficient: real('coefficient'),
		languageChoice: integer('language_choice', { mode: 'boolean' }).notNull().default(false),
		optional: integer('optional', { mode: 'boolean' }).notNull().default(false),
		illustrative: integer('illustrative', { mode: 'boolean' }).notNull().default(false),
		note: text('note'),
		sortOrder: integer('sort_order').notNull()
	},
	(table) => [primaryKey({ columns: [table.specialtyCode, table.code] })]
);

export interface PostalAddress {
	lines: string[];
	postalCode: string;
	city: string;
	country: string;
}

/** The exam office of an académie for a domain and session: contact, circular, return date. */
export const examOffices = sqliteTable(
	'exam_offices',
	{
		academyCode: text('academy_code')
			.notNull()
			.references(() => academies.code),
		examDomainCode: text('exam_domain_code')
			.notNull()
			.references(() => examDomains.code),
		sessionYear: integer('session_year').notNull(),
		serviceName: text('service_name').notNull(),
		email: text('email').notNull(),
		phone: text('phone').notNull(),
		postalAddress: text('postal_address', { mode: 'json' }).$type<PostalAddress>().notNull(),
		accommodationCircularUrl: text('accommodation_circular_url').notNull(),
		/** Where the circular sits on that site, in the guide's words. */
		accommodationCircularPath: text('accommodation_circular_path'),
		/** ISO date by which the signed confirmation must reach the office. */
		confirmationReturnDate: text('confirmation_return_date').notNull(),
		illustrativeFields: text('illustrative_fields', { mode: 'json' }).$type<string[]>().notNull()
	},
	(table) => [primaryKey({ columns: [table.academyCode, table.examDomainCode, table.sessionYear] })]
);

/** Public (« Grand Public ») registration periods, per domain, session and académie (SPEC P1). */
export const registrationWindows = sqliteTable(
	'registration_windows',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		code: text('code').notNull().unique(),
		examDomainCode: text('exam_domain_code')
			.notNull()
			.references(() => examDomains.code),
		sessionYear: integer('session_year').notNull(),
		academyCode: text('academy_code')
			.notNull()
			.references(() => academies.code),
		audience: text('audience', { enum: ['public'] }).notNull().default('public'),
		opensAt: integer('opens_at', { mode: 'timestamp_ms' }).notNull(),
		closesAt: integer('closes_at', { mode: 'timestamp_ms' }).notNull(),
		/** Set when the window is changed through the application: the seed then leaves it alone. */
		changedInAppAt: integer('changed_in_app_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('registration_windows_lookup_idx').on(table.examDomainCode, table.sessionYear, table.academyCode)]
);

export const candidateSituations = sqliteTable('candidate_situations', {
	code: text('code').primaryKey(),
	label: text('label').notNull(),
	description: text('description').notNull(),
	sortOrder: integer('sort_order').notNull()
});

export const priorResultTypes = sqliteTable('prior_result_types', {
	code: text('code').primaryKey(),
	label: text('label').notNull(),
	description: text('description').notNull(),
	sortOrder: integer('sort_order').notNull()
});

/** Kinds of supporting documents and when they are required (by situation, by prior result). */
export const supportingDocumentTypes = sqliteTable('supporting_document_types', {
	code: text('code').primaryKey(),
	label: text('label').notNull(),
	description: text('description').notNull(),
	scope: text('scope', { enum: ['all', 'situation', 'prior-result'] }).notNull(),
	situations: text('situations', { mode: 'json' }).$type<string[]>(),
	priorResultTypes: text('prior_result_types', { mode: 'json' }).$type<string[]>(),
	condition: text('condition'),
	illustrative: integer('illustrative', { mode: 'boolean' }).notNull().default(false),
	sortOrder: integer('sort_order').notNull()
});

// ─── Candidates, accounts, sessions (SPEC A1–A9) ───

/**
 * A candidate record: a person known to the exam offices, with or without an account (school
 * candidates, candidates of earlier sessions). Its email is unique among all records (SPEC A2).
 */
export const candidates = sqliteTable('candidates', {
	id: text('id').primaryKey(),
	/** SPEC R14: given at the first registration (or at a school's import), kept for life. */
	candidateNumber: text('candidate_number').unique(),
	source: text('source', { enum: ['account', 'school'] }).notNull(),
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
	/** Last visit of « Mes documents »: what came after is marked new. */
	documentsSeenAt: integer('documents_seen_at', { mode: 'timestamp_ms' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

/** How a candidate logs in. Deleted with the candidate record when never activated (SPEC A4). */
export const accounts = sqliteTable('accounts', {
	candidateId: text('candidate_id')
		.primaryKey()
		.references(() => candidates.id, { onDelete: 'cascade' }),
	passwordHash: text('password_hash'),
	/** A school candidate's initial secret, until the first password replaces it (SPEC A7). */
	loginSlipSecretHash: text('login_slip_secret_hash'),
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

// ─── Registrations (SPEC R1–R11) ───

/**
 * A candidate's registration for an exam, session and académie. Its content lives in versions
 * (SPEC R10): `version` is the current one. Never deleted: a withdrawal is a status.
 */
export const registrations = sqliteTable(
	'registrations',
	{
		id: text('id').primaryKey(),
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id),
		examDomainCode: text('exam_domain_code')
			.notNull()
			.references(() => examDomains.code),
		sessionYear: integer('session_year').notNull(),
		academyCode: text('academy_code')
			.notNull()
			.references(() => academies.code),
		registrationNumber: text('registration_number').notNull().unique(),
		status: text('status', { enum: ['active', 'withdrawn'] }).notNull(),
		version: integer('version').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
		/** SPEC R12: the candidate locked the supporting documents; only the exam office unlocks. */
		supportingDocumentsLockedAt: integer('supporting_documents_locked_at', { mode: 'timestamp_ms' }),
		/** Modified after locking: the exam office must validate the modification (guide §10). */
		pendingValidation: integer('pending_validation', { mode: 'boolean' }).notNull().default(false)
	},
	(table) => [
		// SPEC R1: at most one active registration per candidate, exam and session.
		uniqueIndex('registrations_one_active_idx')
			.on(table.candidateId, table.examDomainCode, table.sessionYear)
			.where(sql`${table.status} = 'active'`),
		index('registrations_candidate_idx').on(table.candidateId)
	]
);

/** Each content version of a registration, kept whole (identity as copied at that save included). */
export const registrationVersions = sqliteTable(
	'registration_versions',
	{
		registrationId: text('registration_id')
			.notNull()
			.references(() => registrations.id),
		version: integer('version').notNull(),
		content: text('content', { mode: 'json' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		createdBy: text('created_by', { enum: ['candidate', 'manager'] }).notNull()
	},
	(table) => [primaryKey({ columns: [table.registrationId, table.version] })]
);

/** Answers of « Enregistrer » by idempotency key: a replay gets the same answer, nothing twice. */
export const idempotencyKeys = sqliteTable(
	'idempotency_keys',
	{
		candidateId: text('candidate_id')
			.notNull()
			.references(() => candidates.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		requestHash: text('request_hash').notNull(),
		status: integer('status').notNull(),
		response: text('response', { mode: 'json' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.candidateId, table.key] })]
);

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
		kind: text('kind', { enum: ['confirmation', 'transcript', 'summons', 'accommodation-notice', 'supporting-reminder', 'other'] }).notNull(),
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

/** Work done after a transaction, retried until it succeeds (the confirmation PDF first of all). */
export const queuedJobs = sqliteTable(
	'queued_jobs',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: ['confirmation'] }).notNull(),
		payload: text('payload', { mode: 'json' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		doneAt: integer('done_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('queued_jobs_due_idx').on(table.doneAt, table.runAt)]
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
		tab: text('tab').notNull(),
		content: text('content', { mode: 'json' }).notNull(),
		revision: integer('revision').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.candidateId, table.examDomainCode, table.sessionYear] })]
);
