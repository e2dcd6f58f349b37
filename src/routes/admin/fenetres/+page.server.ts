import { getDb } from '$lib/server/db';
import { listExamDomains, listSessionYears } from '$lib/server/catalogue';
import { listManagedWindows, managedAcademies } from '$lib/server/admin/windows';
import { requireManager } from '$lib/server/managers/scope';
import type { PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
	creee: 'La fenêtre d’inscription est créée.',
	modifiee: 'La fenêtre d’inscription est modifiée.',
	supprimee: 'La fenêtre d’inscription est supprimée.'
};

/** SPEC M2: the registration windows of the manager's académies (all for an administrator), filtered by the URL. */
export const load: PageServerLoad = ({ locals, url }) => {
	const { manager } = requireManager({ locals, url });
	const db = getDb();
	const academies = managedAcademies(db, manager);
	const domains = listExamDomains(db);
	const sessions = listSessionYears(db);
	const param = (name: string) => url.searchParams.get(name)?.trim() ?? '';
	// Unknown values are ignored rather than refused: a filter is a convenience, the scope is in the query.
	const filters = {
		academie: academies.some((academy) => academy.code === param('academie')) ? param('academie') : '',
		domaine: domains.some((domain) => domain.code === param('domaine')) ? param('domaine') : '',
		session: sessions.includes(Number(param('session'))) ? param('session') : ''
	};
	const windows = listManagedWindows(
		db,
		manager,
		{
			academyCode: filters.academie || undefined,
			examDomainCode: filters.domaine || undefined,
			sessionYear: filters.session ? Number(filters.session) : undefined
		},
		new Date()
	);
	return { filters, academies, domains, sessions, windows, notice: NOTICES[param('statut')] ?? null };
};
