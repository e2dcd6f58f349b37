// SPEC M7, A7: the rules of a school's CSV file of candidates, framework-free so that the import's
// service, its page and its tests share them. The database checks (catalogue, INE and email already
// known) live in src/lib/server/admin/school-import.ts.
import { z } from 'zod';

/** The header row, in this order and named so (issue #15). */
export const SCHOOL_CSV_COLUMNS = [
	'INE',
	'Civilité',
	'Nom de naissance',
	'Nom d’usage',
	'Prénoms',
	'Date de naissance',
	'Commune de naissance',
	'Pays de naissance',
	'Nationalité',
	'Email',
	'Établissement',
	'Spécialité',
	'Session'
] as const;

export type SchoolCsvColumn = (typeof SCHOOL_CSV_COLUMNS)[number];

export { SCHOOL_MADE_NOTICE } from './notices';

/** The exam a school import registers for: the Bac pro (the only exam whose catalogue lists units). */
export const SCHOOL_IMPORT_EXAM = 'BCP';

/** Larger than any real class list; the upload is refused above it (SPEC S3). */
export const SCHOOL_CSV_MAX_BYTES = 2 * 1024 * 1024;
export const SCHOOL_CSV_MAX_ROWS = 5000;

// ─── INE: the national student identifier, in its published forms ───

const INE_FORMS = [
	// 9 digits and 2 letters (INE-RNIE, the school pupils' form).
	/^\d{9}[A-Z]{2}$/,
	// 10 digits and 1 letter (INE-BEA and INE-SIFA).
	/^\d{10}[A-Z]$/,
	// The apprentices': 4 digits, A, 5 digits and 1 letter.
	/^\d{4}A\d{5}[A-Z]$/
];

/** The INE as stored and compared: upper case, without spaces. */
export function normalizeIne(ine: string): string {
	return ine.replace(/\s/g, '').toUpperCase();
}

export function isValidIne(ine: string): boolean {
	const normalized = normalizeIne(ine);
	return INE_FORMS.some((form) => form.test(normalized));
}

/** A school's UAI code (« Unité administrative immatriculée »): 7 digits and a letter. */
export function isValidUai(uai: string): boolean {
	return /^\d{7}[A-Z]$/.test(uai.trim().toUpperCase());
}

// ─── Decoding: what a spreadsheet saves ───

export type CsvEncoding = 'utf-8' | 'windows-1252';

// Windows-1252 differs from Latin-1 in 0x80–0x9F only (’ « € œ …); undefined bytes keep their code
// point. Written out because Node's TextDecoder, built without full ICU, decodes it as Latin-1.
const CP1252_HIGH =
	'\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
	'\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
	return text;
}

/** UTF-8 with or without BOM, else Windows-1252 (a byte sequence that is not UTF-8 is not UTF-8). */
export function decodeSchoolCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
	try {
		// TextDecoder drops the BOM by default.
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
	}
}

// ─── The header row ───

/** A column name as compared: any case, straight or typographic apostrophe, spaces trimmed. */
function comparableName(name: string): string {
	return name
		.replace(/^\uFEFF/, '')
		.normalize('NFC')
		.trim()
		.replace(/\s+/g, ' ')
		.replace(/['‘`´]/g, '’')
		.toLocaleLowerCase('fr');
}

/** null when the header is the expected one, else what is wrong with it, in French. */
export function headerProblem(header: readonly string[]): string | null {
	const expected = SCHOOL_CSV_COLUMNS.map(comparableName);
	const found = header.map(comparableName);
	if (found.length === 1 && expected.length > 1 && /[,\t]/.test(header[0] ?? '')) {
		return 'Les colonnes doivent être séparées par des points-virgules (;).';
	}
	for (let index = 0; index < expected.length; index += 1) {
		if (found[index] !== expected[index]) {
			const position = `La colonne ${index + 1}`;
			return found[index] === undefined
				? `${position} « ${SCHOOL_CSV_COLUMNS[index]} » manque dans la ligne d’en-tête.`
				: `${position} s’appelle « ${header[index].trim()} » au lieu de « ${SCHOOL_CSV_COLUMNS[index]} ».`;
		}
	}
	if (found.length > expected.length) {
		return `La ligne d’en-tête a ${found.length} colonnes au lieu de ${expected.length}.`;
	}
	return null;
}

// ─── Nationality ───

const strip = (text: string) =>
	text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.trim()
		.toLowerCase()
		.replace(/[\s’'-]+/g, ' ');

const FRENCH = ['fr', 'fra', 'france', 'francaise', 'francais'];

/** The other 26 countries of the European Union: ISO code, name and adjectives (feminine, masculine). */
const EUROPEAN_UNION = [
	'de|allemagne|allemande|allemand',
	'at|autriche|autrichienne|autrichien',
	'be|belgique|belge',
	'bg|bulgarie|bulgare',
	'cy|chypre|chypriote',
	'hr|croatie|croate',
	'dk|danemark|danoise|danois',
	'es|espagne|espagnole|espagnol',
	'ee|estonie|estonienne|estonien',
	'fi|finlande|finlandaise|finlandais',
	'gr|el|grece|grecque|grec',
	'hu|hongrie|hongroise|hongrois',
	'ie|irlande|irlandaise|irlandais',
	'it|italie|italienne|italien',
	'lv|lettonie|lettone|letton',
	'lt|lituanie|lituanienne|lituanien',
	'lu|luxembourg|luxembourgeoise|luxembourgeois',
	'mt|malte|maltaise|maltais',
	'nl|pays bas|neerlandaise|neerlandais',
	'pl|pologne|polonaise|polonais',
	'pt|portugal|portugaise|portugais',
	'cz|tchequie|republique tcheque|tcheque',
	'ro|roumanie|roumaine|roumain',
	'sk|slovaquie|slovaque',
	'si|slovenie|slovene',
	'se|suede|suedoise|suedois'
];
const EUROPEAN_NAMES = new Set(EUROPEAN_UNION.flatMap((entry) => entry.split('|')));

/**
 * « Française », « France » or FR → FR; a country of the European Union (its name, its adjective
 * or its ISO code) → EU; any other nationality → OTHER. Empty → null (an error).
 */
export function parseNationality(value: string): 'FR' | 'EU' | 'OTHER' | null {
	const text = strip(value);
	if (!text) return null;
	if (FRENCH.includes(text)) return 'FR';
	if (EUROPEAN_NAMES.has(text)) return 'EU';
	return 'OTHER';
}

// ─── One row ───

const NAME = /^[\p{L}][\p{L}\p{M} '’-]*$/u;

export interface SchoolRow {
	ine: string;
	civility: 'M' | 'MME';
	birthName: string;
	usageName: string;
	firstNames: string;
	/** ISO date. */
	birthDate: string;
	birthPlace: string;
	birthCountry: string;
	nationality: 'FR' | 'EU' | 'OTHER';
	email: string | null;
	schoolUai: string;
	specialtyCode: string;
	sessionYear: number;
}

export interface RowProblem {
	column: SchoolCsvColumn | null;
	message: string;
}

export type RowCheck = { ok: true; row: SchoolRow } | { ok: false; problems: RowProblem[] };

function isoDate(text: string): string | null {
	const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
	if (!match) return null;
	const iso = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
	const date = new Date(`${iso}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

const emailCheck = z.email();

/** Checks one data row (its cells in the header's order) on its own; `now` bounds the birth date. */
export function checkSchoolRow(cells: readonly string[], now: Date): RowCheck {
	if (cells.length !== SCHOOL_CSV_COLUMNS.length) {
		return {
			ok: false,
			problems: [{ column: null, message: `La ligne a ${cells.length} colonnes au lieu de ${SCHOOL_CSV_COLUMNS.length}.` }]
		};
	}
	const cell = Object.fromEntries(SCHOOL_CSV_COLUMNS.map((column, index) => [column, cells[index].normalize('NFC').trim()])) as Record<
		SchoolCsvColumn,
		string
	>;
	const problems: RowProblem[] = [];
	const problem = (column: SchoolCsvColumn, message: string) => problems.push({ column, message });

	const ine = normalizeIne(cell.INE);
	if (!ine) problem('INE', 'L’INE est obligatoire.');
	else if (!isValidIne(ine))
		problem(
			'INE',
			'L’INE n’a pas une forme connue : 9 chiffres et 2 lettres, 10 chiffres et 1 lettre, ou 4 chiffres, A, 5 chiffres et 1 lettre.'
		);

	const civilityText = cell['Civilité'].replace(/\.$/, '').toLowerCase();
	const civility = civilityText === 'm' ? 'M' : civilityText === 'mme' ? 'MME' : null;
	if (!civility) problem('Civilité', 'La civilité doit être « M » ou « Mme ».');

	const name = (column: SchoolCsvColumn, label: string, required: boolean) => {
		const value = cell[column].replace(/\s+/g, ' ');
		if (!value) {
			if (required) problem(column, `${label} est obligatoire.`);
		} else if (value.length > 60) problem(column, `${label} ne peut pas dépasser 60 caractères.`);
		else if (!NAME.test(value)) problem(column, `${label} ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.`);
		return value;
	};
	const birthName = name('Nom de naissance', 'Le nom de naissance', true);
	const usageName = name('Nom d’usage', 'Le nom d’usage', false);
	const firstNames = name('Prénoms', 'Le prénom', true);

	const birthDate = isoDate(cell['Date de naissance']);
	if (!birthDate) problem('Date de naissance', 'La date de naissance doit être une date réelle au format JJ/MM/AAAA.');
	else {
		const year = Number(birthDate.slice(0, 4));
		const thisYear = now.getUTCFullYear();
		if (year < thisYear - 100 || year > thisYear - 13)
			problem('Date de naissance', 'La date de naissance est invraisemblable (moins de 13 ans).');
	}

	const text = (column: SchoolCsvColumn, label: string, max: number) => {
		const value = cell[column].replace(/\s+/g, ' ');
		if (!value) problem(column, `${label} est obligatoire.`);
		else if (value.length > max) problem(column, `${label} ne peut pas dépasser ${max} caractères.`);
		return value;
	};
	const birthPlace = text('Commune de naissance', 'La commune de naissance', 80);
	const birthCountry = text('Pays de naissance', 'Le pays de naissance', 60);

	const nationality = parseNationality(cell['Nationalité']);
	if (!nationality) problem('Nationalité', 'La nationalité est obligatoire.');

	const email = cell.Email || null;
	if (email && (email.length > 254 || !emailCheck.safeParse(email).success)) problem('Email', 'L’adresse mail n’est pas valide.');

	const schoolUai = cell['Établissement'].toUpperCase();
	if (!isValidUai(schoolUai))
		problem('Établissement', 'Le code UAI de l’établissement doit avoir 7 chiffres et une lettre, par exemple 0380089F.');

	const specialtyCode = cell['Spécialité'].toUpperCase();
	if (!specialtyCode) problem('Spécialité', 'Le code de la spécialité est obligatoire.');

	const sessionYear = /^\d{4}$/.test(cell.Session) ? Number(cell.Session) : null;
	if (sessionYear === null) problem('Session', 'La session doit être une année, par exemple 2027.');

	if (problems.length > 0) return { ok: false, problems };
	return {
		ok: true,
		row: {
			ine,
			civility: civility!,
			birthName,
			usageName,
			firstNames,
			birthDate: birthDate!,
			birthPlace,
			birthCountry,
			nationality: nationality!,
			email,
			schoolUai,
			specialtyCode,
			sessionYear: sessionYear!
		}
	};
}

// ─── The forms of the pages ───

const academyCode = z
	.string()
	.trim()
	.regex(/^[0-9A-Z]{2,3}$/, 'Choisissez l’académie.');

/** « Importer »'s second step: the file kept by the server is named by its hash (SPEC M7). */
export const schoolImportConfirmSchema = z.object({
	academyCode,
	fileHash: z.string().regex(/^[0-9a-f]{64}$/, 'Le fichier est introuvable : envoyez-le de nouveau.'),
	fileName: z.string().trim().min(1).max(200)
});

export const schoolImportPreviewSchema = z.object({ academyCode });

const CANDIDATE_NUMBER = /^[0-9A-Z]{10}$/;

/** « Imprimer les papillons »: a selection of N° candidat, or a whole import. */
export const loginSlipPrintSchema = z
	.object({
		candidats: z.array(z.string().trim().toUpperCase().regex(CANDIDATE_NUMBER)).max(SCHOOL_CSV_MAX_ROWS).default([]),
		import: z
			.string()
			.regex(/^[A-Za-z0-9_-]{1,64}$/)
			.optional()
	})
	.refine((print) => print.candidats.length > 0 || print.import, 'Cochez au moins un candidat.');

/** « Réémettre le papillon »: confirmed on purpose, it cancels the pupil's password. */
export const loginSlipReissueSchema = z.object({ confirmation: z.literal('oui', 'Confirmez la réémission.') });

/** The filters of « Candidats scolaires », kept in the URL. */
export interface SchoolListQuery {
	import: string;
	etablissement: string;
	q: string;
}

export function parseSchoolListQuery(params: URLSearchParams): SchoolListQuery {
	const read = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
	return { import: read('import', 64), etablissement: read('etablissement', 8).toUpperCase(), q: read('q', 100) };
}

export function schoolListSearchParams(query: SchoolListQuery): URLSearchParams {
	const params = new URLSearchParams();
	if (query.import) params.set('import', query.import);
	if (query.etablissement) params.set('etablissement', query.etablissement);
	if (query.q) params.set('q', query.q);
	return params;
}

/** What a preview row says will happen (and, once applied, what happened). */
export const ROW_OUTCOME_LABELS = {
	create: 'À créer',
	update: 'À mettre à jour',
	unchanged: 'Inchangé',
	error: 'Erreur'
} as const;
export type RowOutcome = keyof typeof ROW_OUTCOME_LABELS;
