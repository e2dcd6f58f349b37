import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { contentDisposition } from '$lib/server/content-disposition';
import { currentConfirmationPdf } from '$lib/server/documents/confirmation-access';
import type { RequestHandler } from './$types';

/** « Visualiser/Imprimer » (SPEC R7): the confirmation of the current version, inline. */
export const GET: RequestHandler = async (event) => {
	const { user } = requireCandidate(event);
	const found = await currentConfirmationPdf(user.candidateId, event.params.numero, new Date());
	if (!found) error(404, 'Inscription introuvable');
	return new Response(new Uint8Array(found.bytes), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': contentDisposition('inline', found.document.fileName),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox"
		}
	});
};
