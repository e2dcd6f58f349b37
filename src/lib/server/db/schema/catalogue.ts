import { index, integer, primaryKey, real, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

// ─── Catalogue: reference data (SPEC M2), loaded from src/lib/server/catalogue/data ───

/** Which version of each catalogue data file has been applied to this database. */
export const catalogueDataVersions = sqliteTable('catalogue_data_versions', {
	file: text('file').primaryKey(),
	version: integer('version').notNull(),
	appliedAt: integer('applied_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * One row whose `version` triggers raise on every change of a table the server keeps in memory
 * (catalogue/cache.ts): académies, exams, sessions, windows, specialties and their options, units,
 * languages, situations. Whichever process or connection commits the change, the next read sees it.
 */
export const catalogueVersion = sqliteTable('catalogue_version', {
	id: integer('id').primaryKey(),
	version: integer('version').notNull()
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
		illustrativeFields: text('illustrative_fields', { mode: 'json' }).$type<string[]>().notNull(),
		/** Set when an administrator saves the office in the admin view (SPEC M2): the seed then leaves it alone. */
		changedInAppAt: integer('changed_in_app_at', { mode: 'timestamp_ms' })
	},
	(table) => [primaryKey({ columns: [table.academyCode, table.examDomainCode, table.sessionYear] })]
);

/** Registration periods, per domain, session, académie and audience (SPEC P1, M2): « Grand Public » or schools. */
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
		audience: text('audience', { enum: ['public', 'school'] })
			.notNull()
			.default('public'),
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
