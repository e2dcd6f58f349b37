import * as catalogue from '$lib/server/catalogue';
import { getDb } from '$lib/server/db';
import { servicesQuerySchema, type ServicesQuery } from '$lib/domain/catalogue';
import { formatInstant, windowState } from '$lib/domain/registration-window';
import type { PageServerLoad } from './$types';

type FieldErrors = Partial<Record<keyof ServicesQuery, string>>;

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const choices = {
		domains: catalogue.listExamDomains(db),
		sessions: catalogue.listSessionYears(db),
		academies: catalogue.listAcademies(db)
	};
	const values = {
		domaine: url.searchParams.get('domaine') ?? '',
		session: url.searchParams.get('session') ?? '',
		academie: url.searchParams.get('academie') ?? ''
	};
	const submitted = ['domaine', 'session', 'academie'].some((name) => url.searchParams.has(name));
	if (!submitted) return { choices, values, errors: {} as FieldErrors, result: null };

	const parsed = servicesQuerySchema.safeParse(values);
	const errors: FieldErrors = {};
	if (!parsed.success) {
		for (const issue of parsed.error.issues) errors[issue.path[0] as keyof ServicesQuery] ??= issue.message;
		return { choices, values, errors, result: null };
	}
	const query = parsed.data;
	const domain = catalogue.findExamDomain(db, query.domaine);
	const academy = catalogue.findAcademy(db, query.academie);
	if (!domain) errors.domaine = 'Choisissez un examen dans la liste.';
	if (!academy) errors.academie = 'Choisissez une académie ou un centre dans la liste.';
	if (domain && !catalogue.sessionExists(db, domain.code, query.session)) {
		errors.session = 'Aucune session de cet examen n’est organisée cette année-là.';
	}
	if (!domain || !academy || errors.session) return { choices, values, errors, result: null };

	const now = new Date();
	const place = catalogue.timeZonePlace(academy);
	const windows = catalogue
		.findPublicWindows(db, { examDomainCode: domain.code, sessionYear: query.session, academyCode: academy.code })
		.map((window) => ({
			code: window.code,
			state: windowState(window, now),
			opensAt: formatInstant(window.opensAt, academy.timeZone, place),
			closesAt: formatInstant(window.closesAt, academy.timeZone, place)
		}));
	return {
		choices,
		values,
		errors,
		result: { domainName: domain.name, sessionYear: query.session, academyName: academy.fullName, windows }
	};
};
