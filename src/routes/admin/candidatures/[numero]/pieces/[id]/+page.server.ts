import { error, type RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { acceptPieceSchema, refusalText, refusePieceSchema } from '$lib/domain/supporting-review';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse } from '$lib/server/forms';
import { acceptPiece, loadPieceView, refusePiece, type ReviewResult } from '$lib/server/admin/supporting-review';
import { requireManager } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Pièce introuvable';

/** SPEC M1, M5: a manager of the registration's académie; another's piece answers like an unknown one. */
function guard(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const { manager } = requireManager(event);
	const view = /^[a-z0-9]{24}$/.test(event.params.id!) ? loadPieceView(getDb(), manager, event.params.numero!, event.params.id!) : null;
	if (!view) error(404, NOT_FOUND);
	return { manager, view };
}

/** SPEC M5: one piece, shown inline, with « Accepter » and « Refuser ». */
export const load: PageServerLoad = async (event) => {
	const { view } = guard(event);
	return {
		...view,
		acceptForm: await superValidate({ pieceId: view.piece.id }, zod4(acceptPieceSchema), { id: 'accepter', errors: false }),
		refuseForm: await superValidate({ pieceId: view.piece.id }, zod4(refusePieceSchema), { id: 'refuser', errors: false })
	};
};

const success = (text: string) => ({ type: 'success' as const, text });
const failure = (text: string) => ({ type: 'error' as const, text });

function answer<T extends { id: string }>(form: T, result: ReviewResult, done: string, unchanged: string) {
	if (result === 'not-found') error(404, NOT_FOUND);
	if (result === 'withdrawn')
		return refuse({ ...form, message: failure('Cette inscription est désinscrite : plus de décision sur ses pièces.') } as never, 409);
	return { form: { ...form, message: success(result === 'unchanged' ? unchanged : done) } };
}

export const actions: Actions = {
	accepter: async (event) => {
		const { manager, view } = guard(event);
		const form = await superValidate(event.request, zod4(acceptPieceSchema), { id: 'accepter' });
		if (!form.valid || form.data.pieceId !== view.piece.id) return refuse(form);
		const result = acceptPiece(getDb(), manager, view.registrationNumber, view.piece.id, new Date());
		return answer(form, result, 'La pièce est acceptée.', 'Cette pièce est déjà acceptée.');
	},
	refuser: async (event) => {
		const { manager, view } = guard(event);
		const form = await superValidate(event.request, zod4(refusePieceSchema), { id: 'refuser' });
		if (!form.valid || form.data.pieceId !== view.piece.id) return refuse(form);
		const reason = refusalText(form.data.reason, form.data.details);
		const result = refusePiece(getDb(), manager, view.registrationNumber, view.piece.id, reason, { now: new Date(), config: getConfig() });
		return answer(
			form,
			result,
			'La pièce est refusée. Le candidat voit le motif à côté de la pièce et peut la remplacer.',
			'Cette pièce est déjà refusée pour ce motif.'
		);
	}
};
