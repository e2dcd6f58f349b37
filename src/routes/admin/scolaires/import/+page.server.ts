import { error, fail, redirect } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { listAcademies } from '$lib/server/catalogue';
import {
	applyImport,
	dropStashedImportFile,
	planImport,
	readStashedImportFile,
	stashImportFile,
	type ImportPlan
} from '$lib/server/admin/school-import';
import { canAccessAcademy, requireAcademy, requireManager } from '$lib/server/managers/scope';
import { SCHOOL_CSV_MAX_BYTES, schoolImportConfirmSchema, schoolImportPreviewSchema } from '$lib/domain/school-import';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The académies an import may target: the manager's (all of them for an administrator), never a foreign centre. */
function academiesOf(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { manager } = requireManager(event);
	const academies = listAcademies(getDb())
		.filter((academy) => academy.kind !== 'foreign-centre' && canAccessAcademy(manager, academy.code))
		.map(({ code, name }) => ({ code, name }));
	return { manager, academies };
}

/** What the page shows of a plan: every row, the counts, and what the confirmation sends back. */
function previewOf(plan: ImportPlan, file: { academyCode: string; fileName: string }) {
	return {
		academyCode: file.academyCode,
		fileName: file.fileName,
		fileHash: plan.fileHash,
		encoding: plan.encoding,
		fileProblem: plan.fileProblem,
		counts: plan.counts,
		rows: plan.rows
	};
}

/** SPEC M7: « Importer des candidats scolaires » (CSV), previewed before anything is written. */
export const load: PageServerLoad = (event) => {
	const { academies } = academiesOf(event);
	return { academies };
};

export const actions: Actions = {
	/** Reads and checks the file, keeps it for the confirmation, writes nothing. */
	apercu: async (event) => {
		const { manager, academies } = academiesOf(event);
		if (Number(event.request.headers.get('content-length') ?? 0) > SCHOOL_CSV_MAX_BYTES + 64 * 1024) {
			return fail(413, { fileError: 'Le fichier dépasse 2 Mo : découpez-le.', academyCode: '' });
		}
		const data = await event.request.formData();
		const parsed = schoolImportPreviewSchema.safeParse({ academyCode: data.get('academyCode') ?? '' });
		if (!parsed.success) return fail(400, { academyError: 'Choisissez l’académie.', academyCode: '' });
		const { academyCode } = parsed.data;
		if (!academies.some((academy) => academy.code === academyCode)) error(404, 'Page introuvable');
		const file = data.get('fichier');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { fileError: 'Choisissez un fichier CSV.', academyCode });
		}
		if (file.size > SCHOOL_CSV_MAX_BYTES) return fail(413, { fileError: 'Le fichier dépasse 2 Mo : découpez-le.', academyCode });
		const bytes = new Uint8Array(await file.arrayBuffer());
		const fileName = (file.name || 'import.csv').slice(0, 200);
		const now = new Date();
		const plan = planImport(getDb(), manager, { academyCode, fileName, bytes }, now);
		if (!plan) error(404, 'Page introuvable');
		if (!plan.fileProblem && plan.counts.error === 0) stashImportFile(getConfig().dataDir, manager.id, bytes, now);
		return { academyCode, preview: previewOf(plan, { academyCode, fileName }) };
	},

	/** Plans the kept file again and writes it only if no row is in error (one transaction). */
	confirmer: async (event) => {
		const { manager } = requireManager(event);
		const data = await event.request.formData();
		const parsed = schoolImportConfirmSchema.safeParse(Object.fromEntries(data));
		if (!parsed.success) return fail(400, { fileError: 'Le fichier est introuvable : envoyez-le de nouveau.', academyCode: '' });
		const { academyCode, fileHash, fileName } = parsed.data;
		requireAcademy(manager, academyCode);
		const { dataDir } = getConfig();
		const now = new Date();
		const bytes = readStashedImportFile(dataDir, manager.id, fileHash, now);
		if (!bytes) {
			return fail(410, { fileError: 'L’aperçu a expiré ou a déjà été importé : envoyez le fichier de nouveau.', academyCode });
		}
		const result = applyImport(getDb(), manager, { academyCode, fileName, bytes }, now);
		if (result.status === 'not-found') error(404, 'Page introuvable');
		if (result.status === 'refused') {
			// Something changed since the preview (another import, an address taken): nothing was written.
			return fail(409, {
				academyCode,
				refused: true,
				preview: previewOf(result.plan, { academyCode, fileName })
			});
		}
		dropStashedImportFile(dataDir, manager.id, fileHash);
		redirect(303, `/admin/scolaires?import=${encodeURIComponent(result.importId)}&importe`);
	}
};
