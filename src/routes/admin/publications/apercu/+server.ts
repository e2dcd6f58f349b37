import { json } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { previewBatch } from '$lib/server/admin/publications';
import { readJsonBody } from '$lib/server/http/json-api';
import { requireManager } from '$lib/server/managers/scope';
import { previewRequestSchema } from '$lib/domain/publications';
import type { RequestHandler } from './$types';

/** A thousand names of 255 characters, in JSON. */
const MAX_PREVIEW_BYTES = 512 * 1024;

const refuse = (status: number, message: string) => json({ ok: false, message }, { status, headers: { 'Cache-Control': 'no-store' } });

/**
 * SPEC M6: the preview of a batch, from its file names only (nothing is uploaded nor written): each
 * name's registration among the manager's académies (M1), or why it has none.
 */
export const POST: RequestHandler = async (event) => {
	const { manager } = requireManager(event);
	const origin = event.request.headers.get('Origin');
	if (origin !== null && origin !== getConfig().origin)
		return refuse(403, 'Cette demande ne vient pas du Portail candidat : elle est refusée.');
	const read = await readJsonBody(event.request, MAX_PREVIEW_BYTES);
	if (read instanceof Response) return read;
	const parsed = previewRequestSchema.safeParse(read.body);
	if (!parsed.success) return refuse(400, 'La liste des fichiers est illisible : rechargez la page et choisissez de nouveau les fichiers.');
	return json({ ok: true, rows: previewBatch(getDb(), manager, parsed.data.fileNames) }, { headers: { 'Cache-Control': 'no-store' } });
};
