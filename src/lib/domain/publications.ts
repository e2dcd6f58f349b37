// Publishing documents to candidates (SPEC M6, D1, D2): the kinds a manager may publish, the form
// to one registration, and how a file of a batch names its registration (R14: the N° inscription in
// its name, check character verified, never guessed). Shared by the server and the pages.
import { z } from 'zod';
import { hasValidCheckCharacter } from './numbers';

/** What a manager publishes (the confirmation and the reminder are generated, never uploaded). */
export const PUBLISHABLE_KINDS = ['summons', 'transcript', 'accommodation-notice', 'certificate', 'other'] as const;
export type PublishableKind = (typeof PUBLISHABLE_KINDS)[number];

/** The choice as the form shows it. */
export const PUBLISHABLE_KIND_LABELS: Record<PublishableKind, string> = {
	summons: 'Convocation',
	transcript: 'Relevé de notes',
	'accommodation-notice': 'Avis d’aménagement d’épreuves',
	certificate: 'Attestation',
	other: 'Autre document'
};

export const MAX_TITLE_LENGTH = 120;

/** « Publier un document » (M6): the kind, and a title for « Autre document ». The file is checked apart. */
export const publishSchema = z
	.object({
		kind: z.enum(PUBLISHABLE_KINDS, { error: 'Choisissez le type de document.' }),
		title: z
			.string()
			.trim()
			.max(MAX_TITLE_LENGTH, { error: `Le titre ne dépasse pas ${MAX_TITLE_LENGTH} caractères.` })
			.default('')
	})
	.superRefine((value, ctx) => {
		if (value.kind === 'other' && value.title.length === 0) {
			ctx.addIssue({
				code: 'custom',
				path: ['title'],
				message: 'Indiquez le titre du document : le candidat le lit dans « Mes documents ».'
			});
		}
	});
export type PublishInput = z.infer<typeof publishSchema>;

/** The file field's refusals. */
export const FILE_MISSING = 'Choisissez le fichier PDF à publier.';
export const PDF_ONLY =
	'Seul un fichier PDF peut être publié : ce fichier est une image. Enregistrez-le en PDF puis déposez-le de nouveau.';
export const FILE_TOO_LARGE = 'Le fichier dépasse 5 Mo : réduisez-le puis déposez-le de nouveau.';
export const ALREADY_PUBLISHED = 'Déjà publié : ce fichier est déjà la dernière version de ce document pour cette inscription.';
export const WITHDRAWN_REFUSAL = 'Cette inscription est désinscrite : aucun document ne peut plus lui être publié.';

/** A batch's file, as the preview sees it. */
export type MatchOutcome =
	'match' | 'no-number' | 'wrong-check' | 'unknown-number' | 'other-academy' | 'withdrawn' | 'duplicate' | 'not-pdf-name';

export const MATCH_OUTCOME_LABELS: Record<MatchOutcome, string> = {
	match: 'Correspond',
	'no-number': 'Aucun N° inscription dans le nom du fichier',
	'wrong-check': 'Caractère de contrôle erroné : le numéro n’est pas valide',
	'unknown-number': 'N° inscription inconnu',
	'other-academy': 'Inscription d’une autre académie',
	withdrawn: 'Inscription désinscrite',
	duplicate: 'Plusieurs fichiers pour la même inscription dans ce lot',
	'not-pdf-name': 'Le nom ne se termine pas par .pdf'
};

export interface PreviewRow {
	fileName: string;
	outcome: MatchOutcome;
	registrationNumber: string | null;
	/** Only for a match (M1: nothing about another académie's candidate). */
	candidateName: string | null;
}

/**
 * The N° inscription a file name names (R14: 11 characters, the first ten digits), read as an
 * 11-character token of letters and digits standing alone (case-insensitive). `wrong-check`: such a
 * token exists but none has a valid check character; it is never corrected to a near number.
 */
export function numberInFileName(
	fileName: string
): { status: 'found'; number: string } | { status: 'wrong-check'; number: string } | { status: 'none' } {
	const base = fileName.replace(/\.[a-z0-9]{1,5}$/i, '');
	const tokens = base.toUpperCase().match(/(?<![0-9A-Z])\d{10}[0-9A-Z](?![0-9A-Z])/g) ?? [];
	const valid = tokens.find((token) => hasValidCheckCharacter(token));
	if (valid) return { status: 'found', number: valid };
	if (tokens[0]) return { status: 'wrong-check', number: tokens[0] };
	return { status: 'none' };
}

/** The preview's request: the batch's file names (the files themselves go up later, one per request). */
export const MAX_BATCH_FILES = 1000;
export const previewRequestSchema = z.object({
	kind: z.enum(PUBLISHABLE_KINDS),
	title: z.string().trim().max(MAX_TITLE_LENGTH).default(''),
	fileNames: z.array(z.string().min(1).max(255)).min(1).max(MAX_BATCH_FILES)
});

/** A batch's id, made by the page: it ties the audit entries of one batch together. */
export const BATCH_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

/** What the upload of one file of a batch answers. */
export type BatchFileAnswer =
	| { ok: true; status: 'published'; registrationNumber: string; version: number }
	| { ok: true; status: 'already-published'; registrationNumber: string; version: number }
	| { ok: false; status: 'refused'; message: string };
