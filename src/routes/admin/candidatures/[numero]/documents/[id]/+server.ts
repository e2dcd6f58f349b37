import { error } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { scopedDocument } from '$lib/server/admin/publications';
import { readStoredFile } from '$lib/server/documents/storage';
import { answerPrivateFile } from '$lib/server/http/private-file';
import { requireManager } from '$lib/server/managers/scope';
import type { RequestHandler } from './$types';

/**
 * SPEC M6, M1, D3: any document of a registration of the manager's académies (the confirmation's
 * versions and what was published), typed by the server, no-store, named after its file. Another
 * académie's, or a document of another registration: 404.
 */
export const GET: RequestHandler = (event) => {
	const { manager } = requireManager(event);
	const document = /^[a-z0-9]{24}$/.test(event.params.id) ? scopedDocument(getDb(), manager, event.params.numero, event.params.id) : null;
	if (!document) error(404, 'Document introuvable');
	const bytes = readStoredFile(getConfig().dataDir, document.storageName);
	return answerPrivateFile(bytes, { mediaType: document.mediaType, fileName: document.fileName });
};
