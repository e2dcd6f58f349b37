import { error, redirect } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { answerPrivateFile } from '$lib/server/http/private-file';
import { reissueLoginSlip, scopedSchoolCandidate } from '$lib/server/admin/login-slips';
import { requireManager } from '$lib/server/managers/scope';
import { loginSlipReissueSchema } from '$lib/domain/school-import';
import type { RequestHandler } from './$types';

/** SPEC M7: « Réémettre le papillon », confirmed: a one-slip PDF made for this answer only. */
export const POST: RequestHandler = async (event) => {
	const { manager } = requireManager(event);
	// Another académie's pupil answers like a number that does not exist (SPEC M1), confirmed or not.
	if (!scopedSchoolCandidate(getDb(), manager, event.params.numero)) error(404, 'Candidat introuvable');
	const data = await event.request.formData();
	const parsed = loginSlipReissueSchema.safeParse({ confirmation: data.get('confirmation') ?? '' });
	if (!parsed.success) redirect(303, `/admin/scolaires/${encodeURIComponent(event.params.numero)}?confirmer`);
	const now = new Date();
	const result = await reissueLoginSlip(getDb(), manager, event.params.numero, { now, config: getConfig() });
	if (result.status === 'not-found') error(404, 'Candidat introuvable');
	return answerPrivateFile(result.pdf, {
		mediaType: 'application/pdf',
		fileName: `papillon-${event.params.numero}.pdf`,
		disposition: 'attachment'
	});
};
