// The exam / session / académie choice read from a GET query, for « Ouverture des services » (P1)
// and « M’inscrire » (R1), with its French errors and the windows of the choice.
import type { Db } from '../db';
import { servicesQuerySchema, type ServicesQuery } from '../../domain/services-query';
import {
	ACADEMY_KIND_LABELS,
	academyLabel,
	type AcademyKind,
	type ChoiceGroup,
	type ChoiceOption,
	type Choices
} from '../../domain/catalogue';
import { formatInstant, windowState } from '../../domain/registration-window';
import { WINDOW_STATE_LABELS } from '../../domain/window-states';
import * as catalogue from './index';

export type ChoiceErrors = Partial<Record<keyof ServicesQuery, string>>;

export function readServicesChoice(db: Db, url: URL, now: Date, allowedDomains?: string[]) {
	const values = {
		domaine: url.searchParams.get('domaine') ?? '',
		session: url.searchParams.get('session') ?? '',
		academie: url.searchParams.get('academie') ?? ''
	};
	const submitted = ['domaine', 'session', 'academie'].some((name) => url.searchParams.has(name));
	const errors: ChoiceErrors = {};
	if (!submitted) return { values, errors, result: null };

	const parsed = servicesQuerySchema.safeParse(values);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) errors[issue.path[0] as keyof ServicesQuery] ??= issue.message;
		return { values, errors, result: null };
	}
	const query = parsed.data;
	const domain = catalogue.findExamDomain(db, query.domaine);
	const academy = catalogue.findAcademy(db, query.academie);
	if (!domain || (allowedDomains && !allowedDomains.includes(domain.code))) errors.domaine = 'Choisissez un examen dans la liste.';
	if (!academy) errors.academie = 'Choisissez une académie ou un centre dans la liste.';
	if (domain && !catalogue.sessionExists(db, domain.code, query.session)) {
		errors.session = 'Aucune session de cet examen n’est organisée cette année-là.';
	}
	if (!domain || !academy || Object.keys(errors).length > 0) return { values, errors, result: null };

	const place = catalogue.timeZonePlace(academy);
	const windows = catalogue
		.listWindows(db, { examDomainCode: domain.code, sessionYear: query.session, academyCode: academy.code }, 'public')
		.map((window) => {
			const state = windowState(window, now);
			return {
				code: window.code,
				state,
				stateLabel: `Service ${WINDOW_STATE_LABELS[state]}`,
				opensAt: formatInstant(window.opensAt, academy.timeZone, place),
				closesAt: formatInstant(window.closesAt, academy.timeZone, place)
			};
		});
	return {
		values,
		errors,
		result: {
			domainCode: domain.code,
			domainName: domain.name,
			sessionYear: query.session,
			academyCode: academy.code,
			academyName: academy.fullName,
			windows
		}
	};
}

/**
 * The three lists of the choice, labelled here so that the page's script only prints them (issue
 * #17's weight budgets): the académies grouped by kind (académies, vice-rectorats, centres abroad),
 * a centre abroad followed by its country. `allowedDomains` keeps only the exams offered there.
 */
export function listChoices(db: Db, allowedDomains?: string[]): Choices {
	const ungrouped = (options: ChoiceOption[]): ChoiceGroup[] => [{ label: null, options }];
	const academies = catalogue.listAcademies(db);
	return {
		domaine: ungrouped(
			catalogue
				.listExamDomains(db)
				.filter((domain) => !allowedDomains || allowedDomains.includes(domain.code))
				.map((domain) => ({ value: domain.code, label: domain.name }))
		),
		session: ungrouped(catalogue.listSessionYears(db).map((year) => ({ value: String(year), label: `Session ${year}` }))),
		academie: (Object.keys(ACADEMY_KIND_LABELS) as AcademyKind[]).map((kind) => ({
			label: ACADEMY_KIND_LABELS[kind],
			options: academies
				.filter((academy) => academy.kind === kind)
				.map((academy) => ({ value: academy.code, label: academyLabel(academy) }))
		}))
	};
}
