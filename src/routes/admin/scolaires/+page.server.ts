import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listSchoolCandidates, listSchools, SLIP_STATE_LABELS } from '$lib/server/admin/login-slips';
import { listImports } from '$lib/server/admin/school-import';
import { requireManager } from '$lib/server/managers/scope';
import { parseSchoolListQuery } from '$lib/domain/school-import';
import type { PageServerLoad } from './$types';

/** SPEC M7: « Candidats scolaires » of the manager's académies, filtered in the URL, with their slips. */
export const load: PageServerLoad = (event) => {
	const { manager } = requireManager(event);
	const db = getDb();
	const query = parseSchoolListQuery(event.url.searchParams);
	const list = listSchoolCandidates(db, manager, query);
	// An import of another académie answers like one that does not exist.
	if (!list) error(404, 'Importation introuvable');
	const imports = listImports(db, manager);
	const chosenImport = query.import ? (imports.find((entry) => entry.id === query.import) ?? null) : null;
	return {
		query,
		filtered: !!(query.import || query.etablissement || query.q),
		imported: event.url.searchParams.has('importe') ? chosenImport : null,
		nothingPrinted: event.url.searchParams.has('rien'),
		noSelection: event.url.searchParams.has('selection'),
		imports: imports.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })),
		chosenImport: chosenImport ? { ...chosenImport, createdAt: chosenImport.createdAt.toISOString() } : null,
		schools: listSchools(db, manager),
		truncated: list.truncated,
		rows: list.rows.map((row) => ({
			...row,
			stateLabel: SLIP_STATE_LABELS[row.state],
			loginSlipIssuedAt: row.loginSlipIssuedAt?.toISOString() ?? null
		}))
	};
};
