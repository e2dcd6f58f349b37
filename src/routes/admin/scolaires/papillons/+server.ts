import { error, redirect } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { answerPrivateFile } from '$lib/server/http/private-file';
import { printLoginSlips } from '$lib/server/admin/login-slips';
import { requireManager } from '$lib/server/managers/scope';
import { loginSlipPrintSchema } from '$lib/domain/school-import';
import type { RequestHandler } from './$types';

/**
 * SPEC M7: « Imprimer les papillons » of a selection or of a whole import, as one PDF made for this
 * answer only (the codes it holds are stored nowhere): never cached, never written to disk.
 */
export const POST: RequestHandler = async (event) => {
	const { manager } = requireManager(event);
	const data = await event.request.formData();
	const parsed = loginSlipPrintSchema.safeParse({
		candidats: data.getAll('candidats').map(String),
		import: data.get('import') ? String(data.get('import')) : undefined
	});
	if (!parsed.success) redirect(303, '/admin/scolaires?selection');
	const now = new Date();
	const result = await printLoginSlips(
		getDb(),
		manager,
		{ candidateNumbers: parsed.data.candidats, importId: parsed.data.import },
		{ now, config: getConfig() }
	);
	// A number or an import of another académie: as if it did not exist (SPEC M1).
	if (result.status === 'not-found') error(404, 'Candidat introuvable');
	if (result.status === 'nothing') {
		const back = new URLSearchParams(parsed.data.import ? { import: parsed.data.import } : {});
		back.set('rien', '');
		redirect(303, `/admin/scolaires?${back}`);
	}
	const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
	return answerPrivateFile(result.pdf, { mediaType: 'application/pdf', fileName: `papillons-${stamp}.pdf`, disposition: 'attachment' });
};
