import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { PERSONAL_DATA_FIELDS, CIVILITIES, NATIONALITIES } from '$lib/domain/account';
import { formatInstant, windowState } from '$lib/domain/registration-window';
import { requireCandidate } from '$lib/server/auth/guard';
import * as catalogue from '$lib/server/catalogue';
import { getDb } from '$lib/server/db';
import { candidates, examOffices } from '$lib/server/db/schema';
import * as registrations from '$lib/server/registrations';
import { examDomainsWithUnits, getExamCatalogue } from '$lib/server/registrations/catalogue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const now = new Date();
	const { domaine, academie } = event.params;
	const sessionYear = Number(event.params.session);
	const domain = catalogue.findExamDomain(db, domaine);
	const academy = catalogue.findAcademy(db, academie);
	if (!domain || !academy || !examDomainsWithUnits(db).includes(domain.code) || !catalogue.sessionExists(db, domain.code, sessionYear)) {
		error(404, 'Cet examen n’est pas proposé à l’inscription.');
	}
	const place = catalogue.timeZonePlace(academy);
	const windows = catalogue.findPublicWindows(db, { examDomainCode: domain.code, sessionYear, academyCode: academy.code });
	const current = windows.find((window) => windowState(window, now) === 'open') ?? null;
	const upcoming = windows.find((window) => windowState(window, now) === 'upcoming') ?? null;

	const existing = registrations.findActiveRegistration(db, user.candidateId, domain.code, sessionYear);
	const summary = existing ? registrations.getRegistrationSummary(db, user.candidateId, existing.registrationNumber, now) : null;

	const candidate = db.select().from(candidates).where(eq(candidates.id, user.candidateId)).get()!;
	const office = db
		.select()
		.from(examOffices)
		.where(and(eq(examOffices.academyCode, academy.code), eq(examOffices.examDomainCode, domain.code), eq(examOffices.sessionYear, sessionYear)))
		.get();

	return {
		candidateId: user.candidateId,
		exam: { domainCode: domain.code, domainName: domain.name, sessionYear, academyCode: academy.code, academyName: academy.fullName },
		window: current ? { closesAt: current.closesAt.toISOString(), closesAtText: formatInstant(current.closesAt, academy.timeZone, place) } : null,
		upcomingOpensAt: upcoming ? formatInstant(upcoming.opensAt, academy.timeZone, place) : null,
		existing: summary
			? {
					registrationNumber: summary.registration.registrationNumber,
					candidateNumber: summary.candidateNumber,
					version: summary.registration.version,
					closesAtText: summary.closesAtText
				}
			: null,
		catalogue: current && !existing ? getExamCatalogue(db, domain.code, sessionYear) : null,
		// Identity is shown read-only (SPEC R3); the server copies it from the account when it saves.
		identity: {
			...Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, candidate[field]])),
			civilityLabel: CIVILITIES[candidate.civility],
			nationalityLabel: NATIONALITIES[candidate.nationality],
			email: candidate.email ?? '',
			locked: candidate.personalDataLockedAt !== null
		} as unknown as Record<string, string> & { locked: boolean },
		accommodation: office ? { url: office.accommodationCircularUrl, path: office.accommodationCircularPath, serviceName: office.serviceName } : null
	};
};
