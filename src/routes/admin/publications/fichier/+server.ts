import { json } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { publishBatchFile } from '$lib/server/admin/publications';
import { MAX_UPLOAD_BYTES } from '$lib/server/documents/upload-check';
import { requireManager } from '$lib/server/managers/scope';
import { BATCH_ID_PATTERN, FILE_TOO_LARGE, publishSchema, type BatchFileAnswer } from '$lib/domain/publications';
import type { RequestHandler } from './$types';

const answer = (body: BatchFileAnswer, status = 200) => json(body, { status, headers: { 'Cache-Control': 'no-store' } });
const refuse = (status: number, message: string) => answer({ ok: false, status: 'refused', message }, status);

/**
 * SPEC M6: one file of a confirmed batch per request (a batch of hundreds survives a flaky
 * connection and resumes). The file is matched again here by its name, never by what the page says,
 * checked like any upload, and published with its audit entry and notice; the same file sent again
 * answers « déjà publié ». Kit's origin check covers this multipart post.
 */
export const POST: RequestHandler = async (event) => {
	const { manager } = requireManager(event);
	// The file (5 MB at most) and a little room for the multipart envelope.
	if (Number(event.request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) return refuse(413, FILE_TOO_LARGE);
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return refuse(400, 'La demande est illisible : rechargez la page et réessayez.');
	}
	const batchId = String(form.get('batchId') ?? '');
	const parsed = publishSchema.safeParse({ kind: String(form.get('kind') ?? ''), title: String(form.get('title') ?? '') });
	const file = form.get('file');
	if (!BATCH_ID_PATTERN.test(batchId)) return refuse(400, 'La demande est incomplète : rechargez la page et réessayez.');
	if (!parsed.success) return refuse(400, parsed.error.issues[0].message);
	if (!(file instanceof File) || file.size === 0) return refuse(400, 'Le fichier est vide.');
	if (file.size > MAX_UPLOAD_BYTES) return refuse(413, FILE_TOO_LARGE);
	const result = await publishBatchFile(
		getDb(),
		manager,
		{ ...parsed.data, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), batchId },
		{ now: new Date(), config: getConfig() }
	);
	return answer(result, result.ok ? 200 : 422);
};
