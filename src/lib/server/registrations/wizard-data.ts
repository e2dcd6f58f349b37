// What the wizard needs, for a new registration and for « Modifier »: the exam, the window, the
// exam's catalogue, the account's identity (read-only) and the académie's accommodation circular.
import type { Db } from '../db';
import { candidateById } from '../accounts';
import * as catalogue from '../catalogue';
import { getExamCatalogue } from './catalogue';
import { CIVILITIES, NATIONALITIES, PERSONAL_DATA_FIELDS } from '../../domain/account';
import { formatInstant, windowState } from '../../domain/registration-window';
import { confirmedOffice } from '../../domain/admin-windows';

type Office = ReturnType<typeof catalogue.findExamOffice>;

/** The académie's accommodation circular (R13), offered only once confirmed: never an example address as the académie's. */
function accommodationOf(office: Office) {
	const confirmed = confirmedOffice(office);
	if (!confirmed.accommodationCircular) return null;
	return { ...confirmed.accommodationCircular, serviceName: confirmed.serviceName ?? 'Service des examens' };
}

export function loadWizardData(
	db: Db,
	candidateId: string,
	exam: { domainCode: string; sessionYear: number; academyCode: string },
	now: Date
) {
	const domain = catalogue.findExamDomain(db, exam.domainCode);
	const academy = catalogue.findAcademy(db, exam.academyCode);
	if (!domain || !academy || !catalogue.sessionExists(db, domain.code, exam.sessionYear)) return null;
	const place = catalogue.timeZonePlace(academy);
	const examPlace = { examDomainCode: domain.code, sessionYear: exam.sessionYear, academyCode: academy.code };
	// The window the server checks « Enregistrer » against, so the close shown is the one enforced.
	const current = catalogue.findOpenWindow(db, examPlace, 'public', now);
	const upcoming = catalogue.listWindows(db, examPlace, 'public').find((window) => windowState(window, now) === 'upcoming') ?? null;
	const candidate = candidateById(db).get({ id: candidateId })!;
	const office = catalogue.findExamOffice(db, examPlace);
	return {
		candidateId,
		exam: {
			domainCode: domain.code,
			domainName: domain.name,
			sessionYear: exam.sessionYear,
			academyCode: academy.code,
			academyName: academy.fullName
		},
		window: current
			? { closesAt: current.closesAt.toISOString(), closesAtText: formatInstant(current.closesAt, academy.timeZone, place) }
			: null,
		upcomingOpensAt: upcoming ? formatInstant(upcoming.opensAt, academy.timeZone, place) : null,
		catalogue: getExamCatalogue(db, domain.code, exam.sessionYear),
		// Identity is shown read-only (SPEC R3); the server copies it from the account when it saves.
		identity: {
			...Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, candidate[field]])),
			civilityLabel: CIVILITIES[candidate.civility],
			nationalityLabel: NATIONALITIES[candidate.nationality],
			email: candidate.email ?? '',
			locked: candidate.personalDataLockedAt !== null
		} as unknown as Record<string, string> & { locked: boolean },
		// The circular's link only once confirmed (SPEC M2): a placeholder address is never offered as the académie's.
		accommodation: accommodationOf(office)
	};
}
