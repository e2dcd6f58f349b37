import { error } from '@sveltejs/kit';
import { requireCandidate } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as documents from '$lib/server/documents';
import { answerPrivateFile } from '$lib/server/http/private-file';
import type { RequestHandler } from './$types';

/** Every download is authorised here: another person's id answers 404, as one that does not exist (SPEC D3). */
export const GET: RequestHandler = (event) => {
	const { user } = requireCandidate(event);
	const found = /^[a-z0-9]{24}$/.test(event.params.id)
		? documents.readCandidateDocument(getDb(), getConfig().dataDir, user.candidateId, event.params.id)
		: null;
	if (!found) error(404, 'Document introuvable');
	const { document, bytes } = found;
	const disposition = event.url.searchParams.has('telecharger') ? 'attachment' : 'inline';
	return answerPrivateFile(bytes, { mediaType: document.mediaType, fileName: document.fileName, disposition });
};
