// The candidatures list of the admin view (SPEC M3): search, filters, keyset pages, CSV export.
// Every query is scoped by the manager's académies (SPEC M1). Built for 50,000 registrations and
// more (migrations 0006, 0010; 0011–0012 for the name search): a page is read in two steps, its 51
// ids through the indexes (by the sort's index, or by the filters' index then sorted, whichever
// reads fewer rows), then those rows with the current version's content and the documents' state;
// the count is an index-only scan, kept until the database changes.
import { stringify } from 'csv-stringify/sync';
import { and, asc, desc, eq, exists, isNotNull, isNull, sql, type Column, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db } from '../db';
import {
	academies,
	candidateNameWords,
	candidates,
	examDomains,
	isActiveRegistration,
	registrations,
	registrationVersions,
	specialties,
	supportingDocuments,
	supportingDocumentTypes
} from '../db/schema';
import { listSessionYears, listSupportingDocumentTypes } from '../catalogue';
import { catalogueSnapshot } from '../catalogue/cache';
import { academyScope, canAccessAcademy } from '../managers/scope';
import type { ManagerUser } from '../managers/sessions';
import {
	CANDIDATURE_STATES,
	CANDIDATURES_PAGE_SIZE,
	classifySearch,
	decodeCursor,
	documentsSummary,
	encodeCursor,
	type CandidatureSort,
	type CandidatureState,
	type CandidaturesQuery,
	type DocumentsSituation,
	type SortKey
} from '../../domain/admin-candidatures';
import { versionLabel } from '../../domain/registration-api';

export interface CandidatureRow {
	id: string;
	registrationNumber: string;
	candidateNumber: string | null;
	birthName: string;
	usageName: string;
	firstNames: string;
	birthDate: string;
	email: string | null;
	examDomainCode: string;
	examName: string;
	specialtyCode: string;
	specialtyName: string | null;
	sessionYear: number;
	academyCode: string;
	academyName: string;
	state: CandidatureState;
	version: number;
	documents: DocumentsSituation;
	pendingValidation: boolean;
	signedConfirmationReceivedOn: string | null;
	updatedAt: Date;
}

export interface CandidaturesPage {
	rows: CandidatureRow[];
	/** Cursors of the neighbouring pages, null at an end. */
	next: string | null;
	previous: string | null;
	total: number;
}

// ─── SQL pieces ───

const content = (path: string) => sql`json_extract(${registrationVersions.content}, ${path})`;
const specialtyCodeSql = content('$.content.choice.specialtyCode');

/**
 * SQL twin of `requiredSupportingDocuments` (src/lib/domain/supporting-documents.ts), one
 * condition per type of the catalogue, so that « pièces manquantes » filters in the query instead
 * of reading 50,000 versions. A test checks both agree on every combination they depend on.
 */
function requiredSql(type: typeof supportingDocumentTypes.$inferSelect): SQL {
	const parts: SQL[] = [];
	// The JDC rule: French and under 25 on 1 January of the session year (ageOn < 25 ⇔ born after that day 25 years before).
	if (type.condition === 'under-25-french') {
		parts.push(sql`${candidates.nationality} = 'FR' AND ${candidates.birthDate} > printf('%04d-01-01', ${registrations.sessionYear} - 25)`);
	}
	if (type.scope === 'situation') {
		const situations = type.situations ?? [];
		parts.push(
			situations.length > 0
				? sql`${content('$.content.situation.category')} IN (${sql.join(
						situations.map((code) => sql`${code}`),
						sql`, `
					)})`
				: sql`0`
		);
	}
	if (type.scope === 'prior-result') {
		const declared: SQL[] = [];
		const wanted = type.priorResultTypes ?? [];
		if (wanted.includes('kept-mark'))
			declared.push(sql`json_array_length(${registrationVersions.content}, '$.content.priorResults.keptMarks') > 0`);
		if (wanted.includes('diploma')) declared.push(sql`${content('$.content.priorResults.diploma.held')} = 1`);
		parts.push(declared.length > 0 ? sql`(${sql.join(declared, sql` OR `)})` : sql`0`);
	}
	return parts.length > 0 ? sql`(${sql.join(parts, sql` AND `)})` : sql`1`;
}

/** How many required types have no file: 0 when nothing is missing. */
function missingCountSql(db: Db): SQL {
	const types = listSupportingDocumentTypes(db);
	if (types.length === 0) return sql`0`;
	const terms = types.map(
		(type) =>
			sql`(CASE WHEN ${requiredSql(type)} AND NOT EXISTS (SELECT 1 FROM ${supportingDocuments} WHERE ${supportingDocuments.registrationId} = ${registrations.id} AND ${supportingDocuments.typeCode} = ${type.code}) THEN 1 ELSE 0 END)`
	);
	return sql`(${sql.join(terms, sql` + `)})`;
}

const countFilesSql = (state: 'deposited' | 'refused') =>
	sql<number>`(SELECT count(*) FROM ${supportingDocuments} WHERE ${supportingDocuments.registrationId} = ${registrations.id} AND ${supportingDocuments.state} = ${state})`;

const filesIn = (state: 'deposited' | 'refused') =>
	exists(
		sql`(SELECT 1 FROM ${supportingDocuments} WHERE ${supportingDocuments.registrationId} = ${registrations.id} AND ${supportingDocuments.state} = ${state})`
	);

/** Candidates matching a condition, read once (not once per registration): the list then keeps its index order. */
const candidateIn = (condition: SQL) =>
	sql`${registrations.candidateId} IN (SELECT ${candidates.id} FROM ${candidates} WHERE ${condition})`;

const otherWords = alias(candidateNameWords, 'other_words');
/** Enough words read to tell a rare start of a name from a common one, and no more. */
const WORDS_COUNTED = 1_000;

/** How many names start with `token`, up to WORDS_COUNTED. */
function wordsStartingWith(db: Db, token: string): number {
	const text = `SELECT count(*) FROM (SELECT 1 FROM candidate_name_words WHERE word >= ? AND word < ? LIMIT ${WORDS_COUNTED})`;
	return statementOf(db, text)
		.pluck()
		.get(token, token + '\u{10FFFF}') as number;
}

/**
 * Candidates with a name starting with each word typed (migrations 0011–0012): the candidates of
 * the rarest word, a range of the words' primary key, then each other word among those
 * candidates' own words. The words are folded already, so a BINARY range serves: no LIKE, no COLLATE.
 */
function nameCondition(db: Db, tokens: string[]): SQL {
	const range = (word: Column, token: string) => sql`${word} >= ${token} AND ${word} < ${token + '\u{10FFFF}'}`;
	let ordered = tokens;
	if (tokens.length > 1) {
		const counts = new Map(tokens.map((token) => [token, wordsStartingWith(db, token)]));
		ordered = [...tokens].sort((a, b) => counts.get(a)! - counts.get(b)!);
	}
	const [rarest, ...others] = ordered;
	const checks = others.map(
		(token) =>
			sql` AND EXISTS (SELECT 1 FROM ${candidateNameWords} AS ${otherWords} WHERE ${otherWords.candidateId} = ${candidateNameWords.candidateId} AND ${range(otherWords.word, token)})`
	);
	return sql`${registrations.candidateId} IN (SELECT ${candidateNameWords.candidateId} FROM ${candidateNameWords} WHERE ${range(candidateNameWords.word, rarest)}${sql.join(checks)})`;
}

function searchCondition(db: Db, text: string): SQL | undefined {
	const search = classifySearch(text);
	if (!search) return undefined;
	switch (search.kind) {
		case 'registration-number':
			return eq(registrations.registrationNumber, search.value);
		case 'candidate-number':
			return candidateIn(eq(candidates.candidateNumber, search.value));
		case 'email':
			// A prefix, on the unique index of the normalized address.
			return candidateIn(
				sql`${candidates.emailNormalized} >= ${search.value} AND ${candidates.emailNormalized} < ${search.value + '\u{10FFFF}'}`
			);
		case 'name':
			return nameCondition(db, search.tokens);
	}
}

function filterConditions(db: Db, manager: ManagerUser, query: CandidaturesQuery): SQL[] {
	const conditions: SQL[] = [academyScope(manager, registrations.academyCode)];
	const add = (condition: SQL | undefined) => {
		if (condition) conditions.push(condition);
	};
	add(searchCondition(db, query.q));
	if (query.examen) add(eq(registrations.examDomainCode, query.examen));
	if (query.specialite) add(sql`${specialtyCodeSql} = ${query.specialite}`);
	if (query.session) add(eq(registrations.sessionYear, query.session));
	// Another académie than the manager's own gives nothing, as the scope above already says.
	if (query.academie) add(eq(registrations.academyCode, query.academie));
	if (query.etat === 'active') add(and(isActiveRegistration(), isNull(registrations.setAsideAt)));
	// Written into the SQL as isActiveRegistration() is, so that the statement is not compiled twice.
	if (query.etat === 'withdrawn') add(sql`${registrations.status} = 'withdrawn'`);
	if (query.etat === 'set-aside') add(and(isActiveRegistration(), isNotNull(registrations.setAsideAt)));
	if (query.pieces === 'missing') add(sql`${missingCountSql(db)} > 0`);
	if (query.pieces === 'to-review') add(filesIn('deposited'));
	if (query.pieces === 'refused') add(filesIn('refused'));
	if (query.pieces === 'locked') add(isNotNull(registrations.supportingDocumentsLockedAt));
	if (query.avalider === 'oui') add(eq(registrations.pendingValidation, true));
	if (query.avalider === 'non') add(eq(registrations.pendingValidation, false));
	if (query.confirmation === 'recue') add(isNotNull(registrations.signedConfirmationReceivedOn));
	if (query.confirmation === 'non-recue') add(isNull(registrations.signedConfirmationReceivedOn));
	return conditions;
}

/** The columns of each sort, the row id last: equal names or dates still have one order. */
function sortColumns(sort: CandidatureSort): SQL[] {
	if (sort === 'nom') return [sql`${candidates.birthName}`, sql`${candidates.firstNames}`, sql`${registrations.id}`];
	if (sort === 'modification') return [sql`${registrations.updatedAt}`, sql`${registrations.id}`];
	return [sql`${registrations.registrationNumber}`, sql`${registrations.id}`];
}

function sortKeyOf(sort: CandidatureSort, row: CandidatureRow): SortKey {
	if (sort === 'nom') return [row.birthName, row.firstNames, row.id];
	if (sort === 'modification') return [row.updatedAt.getTime(), row.id];
	return [row.registrationNumber, row.id];
}

/**
 * Rows strictly after (or before) a key in the sort's order. The row-value comparison says it; the
 * bound on the first column alone lets SQLite start the index walk there instead of at the top.
 */
function keysetCondition(columns: SQL[], key: SortKey, forward: boolean): SQL {
	const values = key.map((value) => sql`${value}`);
	return sql`${columns[0]} ${sql.raw(forward ? '>=' : '<=')} ${values[0]} AND (${sql.join(columns, sql`, `)}) ${sql.raw(forward ? '>' : '<')} (${sql.join(values, sql`, `)})`;
}

// ─── Statements kept per connection ───

/**
 * The list's queries take a few dozen shapes (filters × sort × plan): each SQL text is prepared
 * once per connection and kept (bounded). Counts are kept per query until the database changes
 * (`PRAGMA data_version` moves on another connection's commit, `total_changes()` on this one's).
 */
interface ListCache {
	statements: Map<string, Database.Statement>;
	version: Database.Statement;
	size: Database.Statement;
	counts: Map<string, { version: string; total: number }>;
	rowsById: { signature: string; query: ReturnType<typeof prepareRowsById> } | null;
}

const STATEMENTS_KEPT = 200;
const COUNTS_KEPT = 500;
const caches = new WeakMap<object, ListCache>();

function listCache(db: Db): ListCache {
	let cache = caches.get(db.$client);
	if (!cache) {
		cache = {
			statements: new Map(),
			version: db.$client.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()").pluck(),
			// Registrations are never deleted: the largest rowid is their number, read from the end of the table.
			size: db.$client.prepare('SELECT coalesce(max(rowid), 0) FROM registrations').pluck(),
			counts: new Map(),
			rowsById: null
		};
		caches.set(db.$client, cache);
	}
	return cache;
}

function keep<V>(map: Map<string, V>, key: string, value: V, limit: number): V {
	if (map.size >= limit) map.delete(map.keys().next().value!);
	map.set(key, value);
	return value;
}

function statementOf(db: Db, text: string): Database.Statement {
	const { statements } = listCache(db);
	return statements.get(text) ?? keep(statements, text, db.$client.prepare(text), STATEMENTS_KEPT);
}

// ─── Two steps: the page's ids, then its rows ───

/** Whether the filters read the current version's content (and the candidate, for « pièces manquantes »). */
const readsContent = (query: CandidaturesQuery) => !!query.specialite || query.pieces === 'missing';

const joinCandidates = sql`${candidates.id} = ${registrations.candidateId}`;
const joinVersions = sql`${registrationVersions.registrationId} = ${registrations.id} AND ${registrationVersions.version} = ${registrations.version}`;

/**
 * How the page's ids are found:
 * - `walk`: along an index in the sort's order, checking the filters, until the page is full. Cheap
 *   when many rows match (about 50 × all rows / matching rows are read), whatever the page.
 * - `narrow`: the matching rows through the filters' index, then sorted. Cheap when few match.
 * Each is forced (INDEXED BY, CROSS JOIN, a unary `+` that no index can order): SQLite has no
 * statistics to choose between them, and a wrong choice costs a scan of the whole table per page.
 */
export type ListPlan = 'walk' | 'narrow';

function choosePlan(db: Db, matching: number): ListPlan {
	const all = listCache(db).size.get() as number;
	return matching * 50 >= all ? 'walk' : 'narrow';
}

function fromClause(query: CandidaturesQuery, plan: ListPlan, singleAcademy: boolean): { from: SQL; joins: SQL[] } {
	const content = readsContent(query);
	const withCandidates = content || query.tri === 'nom';
	const joins = [...(withCandidates ? [joinCandidates] : []), ...(content ? [joinVersions] : [])];
	let from: SQL;
	if (plan === 'walk' && query.tri === 'nom') {
		// Candidates in name order; each one's registrations from the index that also holds the usual filters.
		from = sql`${candidates} INDEXED BY candidates_name_idx CROSS JOIN ${registrations} INDEXED BY registrations_candidate_list_idx`;
	} else if (plan === 'walk') {
		const index =
			query.tri === 'modification'
				? singleAcademy
					? 'registrations_academy_updated_idx'
					: 'registrations_updated_idx'
				: singleAcademy
					? 'registrations_academy_number_idx'
					: 'registrations_registration_number_unique';
		from = sql`${registrations} INDEXED BY ${sql.raw(index)}`;
		if (withCandidates) from = sql`${from} CROSS JOIN ${candidates}`;
	} else {
		from = withCandidates ? sql`${registrations} CROSS JOIN ${candidates}` : sql`${registrations}`;
	}
	if (content) from = sql`${from} CROSS JOIN ${registrationVersions}`;
	return { from, joins };
}

interface IdsRequest {
	query: CandidaturesQuery;
	conditions: SQL[];
	plan: ListPlan;
	singleAcademy: boolean;
	key: SortKey | null;
	/** In the list's order, or the other way (to walk back from a cursor). */
	forward: boolean;
	limit: number;
	/** The rows the filters keep, when known: none, nothing to look for. */
	total?: number;
}

/** The ids of up to `limit` rows after `key` (or from the top), in the requested direction. */
function pageIds(db: Db, request: IdsRequest): string[] {
	const { query, plan, key, forward } = request;
	if (request.total === 0) return [];
	const { from, joins } = fromClause(query, plan, request.singleAcademy);
	const ascending = (query.ordre === 'asc') === forward;
	// Narrow: no index may serve the order (`+column`), so SQLite picks the filters' index.
	const columns = sortColumns(query.tri).map((column) => (plan === 'narrow' ? sql`+${column}` : column));
	const where = [...joins, ...request.conditions];
	if (key) where.push(keysetCondition(columns, key, ascending));
	const { sql: text, params } = db
		// The FROM is raw SQL: drizzle would refuse the column, or name it without its table.
		.select({ id: sql<string>`${registrations}.${sql.identifier(registrations.id.name)}` })
		.from(from)
		.where(and(...where))
		.orderBy(...columns.map((column) => (ascending ? asc(column) : desc(column))))
		.limit(request.limit)
		.toSQL();
	return statementOf(db, text)
		.pluck()
		.all(...params) as string[];
}

/** How many rows the filters keep: read again only when the database has changed since. */
function countRows(db: Db, conditions: SQL[], query: CandidaturesQuery): number {
	const cache = listCache(db);
	const { from, joins } = fromClause({ ...query, tri: 'numero' }, 'narrow', false);
	const { sql: text, params } = db
		.select({ count: sql<number>`count(*)` })
		.from(from)
		.where(and(...joins, ...conditions))
		.toSQL();
	const version = db.$client.inTransaction ? null : (cache.version.get() as string);
	const cacheKey = `${text}\u0000${JSON.stringify(params)}`;
	const kept = cache.counts.get(cacheKey);
	if (version !== null && kept?.version === version) return kept.total;
	const total = statementOf(db, text)
		.pluck()
		.get(...params) as number;
	if (version !== null) keep(cache.counts, cacheKey, { version, total }, COUNTS_KEPT);
	return total;
}

function prepareRowsById(db: Db) {
	return db
		.select({
			id: registrations.id,
			registrationNumber: registrations.registrationNumber,
			candidateNumber: candidates.candidateNumber,
			birthName: candidates.birthName,
			usageName: candidates.usageName,
			firstNames: candidates.firstNames,
			birthDate: candidates.birthDate,
			email: candidates.email,
			examDomainCode: registrations.examDomainCode,
			examName: examDomains.shortName,
			specialtyCode: sql<string>`coalesce(${specialtyCodeSql}, '')`,
			specialtyName: specialties.name,
			sessionYear: registrations.sessionYear,
			academyCode: registrations.academyCode,
			academyName: academies.name,
			status: registrations.status,
			setAsideAt: registrations.setAsideAt,
			version: registrations.version,
			missing: sql<number>`${missingCountSql(db)}`,
			toReview: countFilesSql('deposited'),
			refused: countFilesSql('refused'),
			lockedAt: registrations.supportingDocumentsLockedAt,
			pendingValidation: registrations.pendingValidation,
			signedConfirmationReceivedOn: registrations.signedConfirmationReceivedOn,
			updatedAt: registrations.updatedAt
		})
		.from(registrations)
		.innerJoin(candidates, eq(candidates.id, registrations.candidateId))
		.innerJoin(
			registrationVersions,
			and(eq(registrationVersions.registrationId, registrations.id), eq(registrationVersions.version, registrations.version))
		)
		.innerJoin(academies, eq(academies.code, registrations.academyCode))
		.innerJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.leftJoin(specialties, eq(specialties.code, specialtyCodeSql))
		.where(sql`${registrations.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
		.prepare();
}

/**
 * The rows of these ids, in their order. One statement per connection, prepared again only when the
 * types of supporting documents (which « pièces manquantes » reads) have changed.
 */
function rowsById(db: Db, ids: string[]): CandidatureRow[] {
	if (ids.length === 0) return [];
	const cache = listCache(db);
	const signature = JSON.stringify(listSupportingDocumentTypes(db));
	if (cache.rowsById?.signature !== signature) cache.rowsById = { signature, query: prepareRowsById(db) };
	const byId = new Map(
		cache.rowsById.query.all({ ids: JSON.stringify(ids) }).map(({ status, setAsideAt, missing, toReview, refused, lockedAt, ...row }) => [
			row.id,
			{
				...row,
				state: (status === 'withdrawn' ? 'withdrawn' : setAsideAt ? 'set-aside' : 'active') as CandidatureState,
				documents: { missing, toReview, refused, locked: lockedAt !== null }
			}
		])
	);
	// Two statements, two snapshots: a row another connection changed in between is still there
	// (registrations are never deleted), but skip rather than fail if it were not.
	return ids.flatMap((id) => byId.get(id) ?? []);
}

// ─── The list ───

/** Whether every row of the list is in one académie (its own index then serves the sort). */
function isSingleAcademy(manager: ManagerUser, query: CandidaturesQuery): boolean {
	return !!query.academie || (manager.role !== 'administrator' && manager.academyCodes.length === 1);
}

/**
 * One page of 50 in the query's sort, after `apres` or before `avant` (keyset: no OFFSET, so page
 * 1,000 costs what page 1 does, and no row is skipped or shown twice when values are equal).
 * `options.plan` forces a plan (tests compare both); by default it follows the count.
 */
export function listCandidatures(
	db: Db,
	manager: ManagerUser,
	query: CandidaturesQuery,
	options: { plan?: ListPlan } = {}
): CandidaturesPage {
	const conditions = filterConditions(db, manager, query);
	const after = query.apres ? decodeCursor(query.apres, query.tri) : null;
	const before = !after && query.avant ? decodeCursor(query.avant, query.tri) : null;
	const total = countRows(db, conditions, query);
	const size = CANDIDATURES_PAGE_SIZE;
	const request = {
		query,
		conditions,
		plan: options.plan ?? choosePlan(db, total),
		singleAcademy: isSingleAcademy(manager, query),
		limit: size + 1,
		total
	};

	if (before) {
		// Walk backwards from the cursor, then show the rows in the list's order.
		const ids = pageIds(db, { ...request, key: before, forward: false });
		const page = rowsById(db, ids.slice(0, size).reverse());
		return {
			rows: page,
			previous: ids.length > size ? encodeCursor(sortKeyOf(query.tri, page[0])) : null,
			next: page.length > 0 ? encodeCursor(sortKeyOf(query.tri, page.at(-1)!)) : null,
			total
		};
	}
	const ids = pageIds(db, { ...request, key: after, forward: true });
	const page = rowsById(db, ids.slice(0, size));
	return {
		rows: page,
		previous: after && page.length > 0 ? encodeCursor(sortKeyOf(query.tri, page[0])) : null,
		next: ids.length > size ? encodeCursor(sortKeyOf(query.tri, page.at(-1)!)) : null,
		total
	};
}

/** Every row of the filtered list, in its order, read by batches (the export of a whole académie). */
export function* allCandidatures(
	db: Db,
	manager: ManagerUser,
	query: CandidaturesQuery,
	batchSize = 500,
	options: { plan?: ListPlan } = {}
): Generator<CandidatureRow[]> {
	const conditions = filterConditions(db, manager, query);
	const plan = options.plan ?? choosePlan(db, countRows(db, conditions, query));
	const singleAcademy = isSingleAcademy(manager, query);
	let key: SortKey | null = null;
	for (;;) {
		const ids = pageIds(db, { query, conditions, plan, singleAcademy, key, forward: true, limit: batchSize });
		if (ids.length === 0) return;
		const rows = rowsById(db, ids);
		yield rows;
		if (rows.length < batchSize) return;
		key = sortKeyOf(query.tri, rows.at(-1)!);
	}
}

// ─── CSV (a spreadsheet opens it: UTF-8 with BOM, « ; », CRLF) ───

export const CSV_HEADER = [
	'N° inscription',
	'N° candidat',
	'Nom de naissance',
	'Nom d’usage',
	'Prénoms',
	'Date de naissance',
	'Email',
	'Examen',
	'Spécialité',
	'Session',
	'Académie',
	'État',
	'Version',
	'Pièces justificatives',
	'Modifications à valider',
	'Confirmation signée reçue le'
];

/** A cell a spreadsheet would run as a formula is kept as text (OWASP « CSV injection »). */
export function neutralizeFormula(cell: string): string {
	return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** « 2005-03-14 » → « 14/03/2005 », as the spreadsheets of a French office read dates. */
function frenchDate(iso: string | null): string {
	if (!iso) return '';
	const [year, month, day] = iso.split('-');
	return `${day}/${month}/${year}`;
}

export function csvRecord(row: CandidatureRow): string[] {
	return [
		row.registrationNumber,
		row.candidateNumber ?? '',
		row.birthName,
		row.usageName,
		row.firstNames,
		frenchDate(row.birthDate),
		row.email ?? '',
		row.examName,
		row.specialtyName ?? row.specialtyCode,
		String(row.sessionYear),
		row.academyName,
		CANDIDATURE_STATES[row.state],
		versionLabel(row.version),
		documentsSummary(row.documents),
		row.pendingValidation ? 'Oui' : 'Non',
		frenchDate(row.signedConfirmationReceivedOn)
	].map(neutralizeFormula);
}

export const CSV_BOM = '\uFEFF';

export function csvLines(records: string[][]): string {
	// csv-stringify quotes a lone LF or CR only when asked: a line break inside a cell stays in it.
	return stringify(records, { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** The export as a stream: the header, then the rows batch by batch (never the whole list in memory). */
export function candidaturesCsvStream(db: Db, manager: ManagerUser, query: CandidaturesQuery): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const batches = allCandidatures(db, manager, query);
	let headerSent = false;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			if (!headerSent) {
				headerSent = true;
				controller.enqueue(encoder.encode(CSV_BOM + csvLines([CSV_HEADER])));
				return;
			}
			const batch = batches.next();
			if (batch.done) controller.close();
			else controller.enqueue(encoder.encode(csvLines(batch.value.map(csvRecord))));
		},
		cancel() {
			batches.return(undefined);
		}
	});
}

/** Options of the filter form: only the manager's académies (an administrator's: all). */
export function listFilterOptions(db: Db, manager: ManagerUser) {
	// Exams and académies from the catalogue kept in memory (../catalogue/cache.ts); specialties are few.
	const catalogue = catalogueSnapshot(db);
	return {
		examDomains: catalogue
			? catalogue.examDomains.map(({ code, shortName }) => ({ code, name: shortName }))
			: db.select({ code: examDomains.code, name: examDomains.shortName }).from(examDomains).orderBy(asc(examDomains.sortOrder)).all(),
		specialties: db
			.select({ code: specialties.code, name: specialties.name, examDomainCode: specialties.examDomainCode })
			.from(specialties)
			.orderBy(asc(specialties.examDomainCode), asc(specialties.sortOrder))
			.all(),
		sessionYears: listSessionYears(db).reverse(),
		academies: catalogue
			? catalogue.academies.filter((academy) => canAccessAcademy(manager, academy.code)).map(({ code, name }) => ({ code, name }))
			: db
					.select({ code: academies.code, name: academies.name })
					.from(academies)
					.where(academyScope(manager, academies.code))
					.orderBy(asc(academies.sortOrder))
					.all()
	};
}
