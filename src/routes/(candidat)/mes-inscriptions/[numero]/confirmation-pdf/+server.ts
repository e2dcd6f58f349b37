import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { currentConfirmationPdf } from '$lib/server/documents/confirmation-access';
import { answerPrivateFile } from '$lib/server/http/private-file';
import type { RequestHandler } from './$types';

/** « Visualiser/Imprimer » (SPEC R7): the confirmation of the current version, inline. */
export const GET: RequestHandler = async (event) => {
	const { user } = requireCandidate(event);
	const found = await currentConfirmationPdf(user.candidateId, event.params.numero, new Date());
	if (!found) error(404, 'Inscription introuvable');
	return answerPrivateFile(found.bytes, { mediaType: 'application/pdf', fileName: found.document.fileName });
};
