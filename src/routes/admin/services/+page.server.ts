import { getDb } from '$lib/server/db';
import { listAcademies, listExamDomains, listSessionYears } from '$lib/server/catalogue';
import { academyLabel } from '$lib/domain/catalogue';
import { listExamOffices } from '$lib/server/admin/exam-offices';
import { requireAdministrator } from '$lib/server/managers/scope';
import type { PageServerLoad } from './$types';

/** SPEC M2: the exam offices of every académie, vice-rectorat and foreign centre (administrators only). */
export const load: PageServerLoad = ({ locals, url }) => {
	requireAdministrator({ locals, url });
	const db = getDb();
	const academies = listAcademies(db);
	const domains = listExamDomains(db);
	const sessions = listSessionYears(db);
	const param = (name: string) => url.searchParams.get(name)?.trim() ?? '';
	const filters = {
		academie: academies.some((academy) => academy.code === param('academie')) ? param('academie') : '',
		domaine: domains.some((domain) => domain.code === param('domaine')) ? param('domaine') : '',
		session: sessions.includes(Number(param('session'))) ? param('session') : ''
	};
	const offices = listExamOffices(db, {
		academyCode: filters.academie || undefined,
		examDomainCode: filters.domaine || undefined,
		sessionYear: filters.session ? Number(filters.session) : undefined
	}).map((office) => ({
		academyCode: office.academyCode,
		academyName: office.academyName,
		examDomainCode: office.examDomainCode,
		domainName: office.domainName,
		sessionYear: office.sessionYear,
		serviceName: office.serviceName,
		email: office.email,
		phone: office.phone,
		confirmationReturnDate: office.confirmationReturnDate,
		toConfirm: office.toConfirm as string[]
	}));
	return {
		filters,
		academies: academies.map((academy) => ({ code: academy.code, name: academyLabel(academy) })),
		domains,
		sessions,
		offices,
		saved: url.searchParams.get('statut') === 'enregistre'
	};
};
