import { error } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { readPieceFile } from '$lib/server/admin/supporting-review';
import { answerPrivateFile } from '$lib/server/http/private-file';
import { requireManager } from '$lib/server/managers/scope';
import type { RequestHandler } from './$types';

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * SPEC M5: a deposited piece's bytes, for a manager of the registration's académie (another's:
 * 404). Typed as stored (checked by content at the deposit), never sniffed, kept by no cache, and
 * sandboxed: opened on its own, it runs nothing. The viewer page reads it with fetch or <img>.
 */
export const GET: RequestHandler = (event) => {
	const { manager } = requireManager(event);
	const found = /^[a-z0-9]{24}$/.test(event.params.id)
		? readPieceFile(getDb(), getConfig().dataDir, manager, event.params.numero, event.params.id)
		: null;
	if (!found) error(404, 'Pièce introuvable');
	const extension = EXTENSIONS[found.file.mediaType] ?? 'bin';
	return answerPrivateFile(found.bytes, {
		mediaType: found.file.mediaType,
		fileName: `piece-${event.params.numero}-${found.file.typeCode}.${extension}`
	});
};
