import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { readSupportingDocument } from '$lib/server/documents/supporting';
import { answerPrivateFile } from '$lib/server/http/private-file';
import type { RequestHandler } from './$types';

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** A deposited file, for its owner only; sent with the type found by content, never sniffed. */
export const GET: RequestHandler = (event) => {
	const { user } = requireCandidate(event);
	const found = /^[a-z0-9]{24}$/.test(event.params.id)
		? readSupportingDocument(getDb(), getConfig().dataDir, user.candidateId, event.params.id)
		: null;
	if (!found) error(404, 'Pièce introuvable');
	const extension = EXTENSIONS[found.file.mediaType] ?? 'bin';
	return answerPrivateFile(found.bytes, { mediaType: found.file.mediaType, fileName: `piece-${found.file.typeCode}.${extension}` });
};
