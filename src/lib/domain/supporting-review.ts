// The exam office's review of supporting documents (SPEC M5, R12): the decisions' forms, the short
// list of refusal reasons, the words a candidate reads, and the filters of « Pièces à examiner »
// (kept in the URL). Framework-free: zod only, shared by the admin pages and the server.
import { z } from 'zod';

/** A piece is feminine in French: « déposée », « acceptée », « refusée ». */
export const PIECE_STATE_LABELS = {
	deposited: 'déposée',
	accepted: 'acceptée',
	refused: 'refusée'
} as const;
export type PieceState = keyof typeof PIECE_STATE_LABELS;

/** M5: the short list of reasons; « Autre motif » needs the free text. */
export const REFUSAL_REASONS = {
	illegible: 'Document illisible',
	incomplete: 'Document incomplet',
	expired: 'Document expiré',
	'wrong-document': 'Ce n’est pas le document demandé',
	other: 'Autre motif'
} as const;
export type RefusalReason = keyof typeof REFUSAL_REASONS;

export const REFUSAL_DETAILS_MAX = 300;

const pieceId = z.string().regex(/^[a-z0-9]{24}$/, 'Pièce introuvable.');

export const acceptPieceSchema = z.object({ pieceId });

export const refusePieceSchema = z
	.object({
		pieceId,
		reason: z.enum(Object.keys(REFUSAL_REASONS) as [RefusalReason, ...RefusalReason[]], 'Choisissez le motif du refus.'),
		details: z.string().trim().max(REFUSAL_DETAILS_MAX, `La précision ne peut pas dépasser ${REFUSAL_DETAILS_MAX} caractères.`).default('')
	})
	.superRefine((value, context) => {
		if (value.reason === 'other' && !value.details) {
			context.addIssue({ code: 'custom', path: ['details'], message: 'Précisez le motif : le candidat le lira.' });
		}
	});
export type RefusePieceInput = z.infer<typeof refusePieceSchema>;

/** « Déverrouiller » and « Relance de pièces justificatives »: one button each. */
export const unlockSchema = z.object({});
export const reminderSchema = z.object({});

/** The reason as the candidate reads it: the chosen label, then the precision if any. */
export function refusalText(reason: RefusalReason, details: string): string {
	const precision = details.trim();
	if (reason === 'other') return precision;
	return precision ? `${REFUSAL_REASONS[reason]} : ${precision}` : REFUSAL_REASONS[reason];
}

// ─── « Pièces à examiner » ───

export const REVIEW_PAGE_SIZE = 200;

/** Age filters, in days since the deposit. */
export const REVIEW_AGES = { '2': 'Plus de 2 jours', '7': 'Plus de 7 jours', '14': 'Plus de 14 jours', '30': 'Plus de 30 jours' } as const;
export type ReviewAge = keyof typeof REVIEW_AGES;

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** A hand-edited URL still opens a queue: a value outside its list reads as « not set ». */
export const reviewQueueSchema = z.object({
	academie: optional(z.string().regex(/^[A-Za-z0-9]{1,4}$/)),
	examen: optional(z.string().regex(/^[A-Za-z0-9-]{1,24}$/)),
	age: optional(z.enum(Object.keys(REVIEW_AGES) as [ReviewAge, ...ReviewAge[]])),
	/** Keyset cursor: the last row's deposit instant (ms) and id. */
	apres: optional(z.string().regex(/^\d{1,15}_[a-z0-9]{24}$/))
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueSchema>;

export function parseReviewQueueQuery(params: URLSearchParams): ReviewQueueQuery {
	return reviewQueueSchema.parse(Object.fromEntries(params));
}

/** The query as URL parameters, empty ones left out: equal queues are equal links. */
export function reviewQueueSearchParams(query: ReviewQueueQuery, apres?: string | null): URLSearchParams {
	const params = new URLSearchParams();
	if (query.academie) params.set('academie', query.academie);
	if (query.examen) params.set('examen', query.examen);
	if (query.age) params.set('age', query.age);
	if (apres) params.set('apres', apres);
	return params;
}

export function encodeQueueCursor(uploadedAt: Date, id: string): string {
	return `${uploadedAt.getTime()}_${id}`;
}

export function decodeQueueCursor(cursor: string): { uploadedAt: Date; id: string } {
	const [ms, id] = cursor.split('_');
	return { uploadedAt: new Date(Number(ms)), id };
}

/**
 * R12 as the office reopens it (M5): before locking every piece can be replaced; after, only a
 * refused piece, or one required but never deposited (newly required after a modification).
 */
export function pieceOpenToDeposit(locked: boolean, state: PieceState | null): boolean {
	return !locked || state === null || state === 'refused';
}
