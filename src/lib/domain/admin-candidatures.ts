// The candidatures list of the admin view (SPEC M3): its whole state lives in the URL (a filtered
// list is a link a colleague can open; Back restores it), read here once for the page, the CSV
// export and the server query. Framework-free: zod and the number helpers only.
import { z } from 'zod';
import { normalizeNumber } from './numbers';

export const CANDIDATURES_PAGE_SIZE = 50;
/** A search longer than this is no name, number or address anyone types. */
export const SEARCH_MAX_LENGTH = 120;

export const CANDIDATURE_STATES = { active: 'Active', withdrawn: 'Désinscrite', 'set-aside': 'Écartée' } as const;
export type CandidatureState = keyof typeof CANDIDATURE_STATES;

export const DOCUMENT_FILTERS = {
	missing: 'Manquantes',
	'to-review': 'À examiner',
	refused: 'Refusées',
	locked: 'Verrouillées'
} as const;
export type DocumentFilter = keyof typeof DOCUMENT_FILTERS;

export const PENDING_FILTERS = { oui: 'Oui', non: 'Non' } as const;
export const CONFIRMATION_FILTERS = { recue: 'Reçue', 'non-recue': 'Non reçue' } as const;

export const CANDIDATURE_SORTS = { numero: 'N° inscription', nom: 'Nom', modification: 'Dernière modification' } as const;
export type CandidatureSort = keyof typeof CANDIDATURE_SORTS;
export const SORT_ORDERS = { asc: 'Croissant', desc: 'Décroissant' } as const;
export type SortOrder = keyof typeof SORT_ORDERS;

/** A value outside its list reads as « not set »: a hand-edited URL still opens a list. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const oneOf = <T extends Record<string, string>>(labels: T) =>
	optional(z.enum(Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]]));
const code = optional(z.string().regex(/^[A-Za-z0-9-]{1,24}$/));

export const candidaturesQuerySchema = z.object({
	q: z
		.string()
		.trim()
		.transform((text) => text.slice(0, SEARCH_MAX_LENGTH))
		.catch(''),
	examen: code,
	specialite: code,
	session: optional(z.coerce.number().int().min(2000).max(2100)),
	academie: code,
	etat: oneOf(CANDIDATURE_STATES),
	pieces: oneOf(DOCUMENT_FILTERS),
	avalider: oneOf(PENDING_FILTERS),
	confirmation: oneOf(CONFIRMATION_FILTERS),
	tri: oneOf(CANDIDATURE_SORTS),
	ordre: oneOf(SORT_ORDERS),
	apres: optional(z.string().max(800)),
	avant: optional(z.string().max(800))
});

export type CandidaturesQuery = Omit<z.infer<typeof candidaturesQuerySchema>, 'tri' | 'ordre'> & {
	tri: CandidatureSort;
	ordre: SortOrder;
};

const FILTER_KEYS = ['examen', 'specialite', 'session', 'academie', 'etat', 'pieces', 'avalider', 'confirmation'] as const;

export function parseCandidaturesQuery(params: URLSearchParams): CandidaturesQuery {
	const raw: Record<string, string> = {};
	for (const key of Object.keys(candidaturesQuerySchema.shape)) {
		// An empty select (« Tous ») sends `examen=`: the same as no filter.
		const value = params.get(key);
		if (value !== null && value !== '') raw[key] = value;
	}
	const parsed = candidaturesQuerySchema.parse({ q: '', ...raw });
	return { ...parsed, tri: parsed.tri ?? 'numero', ordre: parsed.ordre ?? 'asc' };
}

/** Whether anything narrows the list (the search or a filter). */
export function isFiltered(query: CandidaturesQuery): boolean {
	return query.q !== '' || FILTER_KEYS.some((key) => query[key] !== undefined);
}

/**
 * The query as URL parameters, without the defaults, so that links stay short and equal lists have
 * equal URLs. `page` replaces the cursor (pagination links); without it, the list starts at the top.
 */
export function candidaturesSearchParams(query: CandidaturesQuery, page: { apres?: string; avant?: string } = {}): URLSearchParams {
	const params = new URLSearchParams();
	if (query.q) params.set('q', query.q);
	for (const key of FILTER_KEYS) if (query[key] !== undefined) params.set(key, String(query[key]));
	if (query.tri !== 'numero') params.set('tri', query.tri);
	if (query.ordre !== 'asc') params.set('ordre', query.ordre);
	if (page.apres) params.set('apres', page.apres);
	else if (page.avant) params.set('avant', page.avant);
	return params;
}

// ─── Keyset cursor: the sort values and the id of a row, opaque in the URL ───

/** The sort key of a row: `[registrationNumber, id]`, `[birthName, firstNames, id]` or `[updatedAtMs, id]`. */
export type SortKey = Array<string | number>;

const KEY_SHAPES: Record<CandidatureSort, z.ZodType<SortKey>> = {
	numero: z.tuple([z.string().max(40), z.string().max(64)]),
	nom: z.tuple([z.string().max(200), z.string().max(200), z.string().max(64)]),
	modification: z.tuple([z.number().int().nonnegative(), z.string().max(64)])
};

function toBase64Url(text: string): string {
	let binary = '';
	for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

export function encodeCursor(key: SortKey): string {
	return toBase64Url(JSON.stringify(key));
}

/** The key of a cursor made for this sort, or null (tampered, or made for another sort): the list starts at the top. */
export function decodeCursor(cursor: string, sort: CandidatureSort): SortKey | null {
	try {
		const parsed = KEY_SHAPES[sort].safeParse(JSON.parse(fromBase64Url(cursor)));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

// ─── Search: one box for numbers, names and addresses ───

export type CandidatureSearch =
	| { kind: 'registration-number'; value: string }
	| { kind: 'candidate-number'; value: string }
	| { kind: 'email'; value: string }
	| { kind: 'name'; tokens: string[] };

/** Lower case, accents and punctuation gone: « Lefèvre-D’Arc » → « lefevre d arc ». */
export function foldText(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * What a search means: an N° inscription (10 characters and a check character) or an N° candidat
 * (9 and one), typed with spaces or in lower case; an email address (it has an @, a prefix is
 * enough); otherwise words, each the start of a name (birth, usage or first names).
 */
export function classifySearch(text: string): CandidatureSearch | null {
	const trimmed = text.trim();
	if (trimmed === '') return null;
	const number = normalizeNumber(trimmed);
	if (/^\d{10}[0-9A-Z]$/.test(number)) return { kind: 'registration-number', value: number };
	if (/^\d{9}[0-9A-Z]$/.test(number)) return { kind: 'candidate-number', value: number };
	if (trimmed.includes('@')) return { kind: 'email', value: trimmed.normalize('NFC').toLowerCase() };
	const tokens = foldText(trimmed).split(' ').filter(Boolean).slice(0, 6);
	return tokens.length > 0 ? { kind: 'name', tokens } : null;
}

// ─── How a row reads (the table and the CSV say the same) ───

export interface DocumentsSituation {
	missing: number;
	toReview: number;
	refused: number;
	locked: boolean;
}

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

export function documentsSummary(documents: DocumentsSituation): string {
	const parts: string[] = [];
	if (documents.missing) parts.push(plural(documents.missing, 'manquante', 'manquantes'));
	if (documents.refused) parts.push(plural(documents.refused, 'refusée', 'refusées'));
	if (documents.toReview) parts.push(`${documents.toReview} à examiner`);
	if (documents.locked) parts.push('verrouillées');
	return parts.length > 0 ? parts.join(', ') : 'complètes';
}
