import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { contentDisposition } from '$lib/server/content-disposition';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { readSupportingDocument } from '$lib/server/documents/supporting';
import type { RequestHandler } from './$types';

/** A deposited file, for its owner only; sent with the type found by content, never sniffed. */
export const GET: RequestHandler = (event) => {
	const { user } = requireCandidate(event);
	const found = /^[a-z0-9]{24}$/.test(event.params.id) ? readSupportingDocument(getDb(), getConfig().dataDir, user.candidateId, event.params.id) : null;
	if (!found) error(404, 'Pièce introuvable');
	const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[found.file.mediaType] ?? 'bin';
	return new Response(new Uint8Array(found.bytes), {
		headers: {
			'Content-Type': found.file.mediaType,
			'Content-Disposition': contentDisposition('inline', `piece-${found.file.typeCode}.${extension}`),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
		}
	});
};
