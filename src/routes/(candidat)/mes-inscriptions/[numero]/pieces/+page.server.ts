import { error, fail, redirect } from '@sveltejs/kit';
import { PIECE_STATE_LABELS, pieceOpenToDeposit } from '$lib/domain/supporting-review';
import { requireCandidate } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { depositSupportingDocument, listSupportingDocuments } from '$lib/server/documents/supporting';
import { MAX_UPLOAD_BYTES } from '$lib/server/documents/upload-check';
import type { Actions, PageServerLoad } from './$types';

/** SPEC R12, M5: the required pieces, their state and the office's reason for a refused one. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const listed = listSupportingDocuments(getDb(), user.candidateId, event.params.numero);
	if (!listed) error(404, 'Inscription introuvable');
	const active = listed.registration.status === 'active';
	const locked = listed.registration.supportingDocumentsLockedAt !== null;
	return {
		registrationNumber: listed.registration.registrationNumber,
		active,
		locked,
		deposited: event.url.searchParams.get('depose'),
		items: listed.items.map(({ type, file }) => ({
			code: type.code,
			label: type.label,
			description: type.description,
			// After locking, only a refused piece or one never deposited can still be sent (M5).
			canDeposit: active && pieceOpenToDeposit(locked, file?.state ?? null),
			file: file
				? {
						id: file.id,
						state: file.state,
						stateLabel: PIECE_STATE_LABELS[file.state],
						refusalReason: file.state === 'refused' ? file.reviewReason : null,
						uploadedAt: file.uploadedAt.toISOString(),
						mediaType: file.mediaType
					}
				: null
		}))
	};
};

export const actions: Actions = {
	/** One file per required piece, replaceable until the set is locked (SPEC R12), and after it when refused (M5). */
	deposer: async (event) => {
		const { user } = requireCandidate(event);
		// A little room for the multipart envelope around a 5 MB file.
		if (Number(event.request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
			return fail(413, { typeCode: null, message: 'Le fichier dépasse 5 Mo : réduisez-le puis déposez-le de nouveau.' });
		}
		const form = await event.request.formData();
		const typeCode = String(form.get('typeCode') ?? '');
		const file = form.get('fichier');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { typeCode, message: 'Choisissez un fichier (PDF, photo JPEG ou image PNG).' });
		const result = await depositSupportingDocument(
			getDb(),
			getConfig().dataDir,
			user.candidateId,
			event.params.numero,
			typeCode,
			new Uint8Array(await file.arrayBuffer()),
			new Date()
		);
		if (!result.ok) return fail(result.status, { typeCode, message: result.reason });
		redirect(303, `/mes-inscriptions/${event.params.numero}/pieces?depose=${encodeURIComponent(typeCode)}`);
	}
};
