// « Mes inscriptions » (SPEC R7, R9, R10): a candidate's own registrations, each with its current
// version, its window and its history. Another candidate's number finds nothing. The queries are
// prepared once per connection (the wizard page reads the summary on every visit).
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { preparedQuery, type Db, type Executor } from '../db';
import { academies, auditEvents, candidates, examDomains, isActiveRegistration, registrations, specialties } from '../db/schema';
import * as catalogue from '../catalogue';
import { currentVersion, listVersions } from './versions';
import { confirmedOffice } from '../../domain/admin-windows';

const ownRegistrationQuery = preparedQuery((db) =>
	db
		.select()
		.from(registrations)
		.where(
			and(
				eq(registrations.registrationNumber, sql.placeholder('registrationNumber')),
				eq(registrations.candidateId, sql.placeholder('candidateId'))
			)
		)
);

export function ownRegistration(db: Executor, candidateId: string, registrationNumber: string) {
	return ownRegistrationQuery(db).get({ registrationNumber, candidateId });
}

const activeRegistrationRows = preparedQuery((db) =>
	db
		.select({
			registration: registrations,
			domainName: examDomains.name,
			academyName: academies.fullName
		})
		.from(registrations)
		.innerJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.innerJoin(academies, eq(academies.code, registrations.academyCode))
		.where(and(eq(registrations.candidateId, sql.placeholder('candidateId')), isActiveRegistration()))
		.orderBy(asc(registrations.createdAt))
);

const specialtyName = preparedQuery((db) =>
	db
		.select({ name: specialties.name })
		.from(specialties)
		.where(eq(specialties.code, sql.placeholder('code')))
);

const candidateNumberOf = preparedQuery((db) =>
	db
		.select({ candidateNumber: candidates.candidateNumber })
		.from(candidates)
		.where(eq(candidates.id, sql.placeholder('candidateId')))
);

const registrationEvents = preparedQuery((db) =>
	db
		.select({
			occurredAt: auditEvents.occurredAt,
			action: auditEvents.action,
			actorType: auditEvents.actorType,
			reason: auditEvents.reason
		})
		.from(auditEvents)
		.where(and(eq(auditEvents.subjectType, 'registration'), eq(auditEvents.subjectId, sql.placeholder('registrationId'))))
		.orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))
);

const latestRegistration = preparedQuery((db) =>
	db
		.select()
		.from(registrations)
		.where(eq(registrations.candidateId, sql.placeholder('candidateId')))
		.orderBy(desc(registrations.createdAt))
);

export { SCHOOL_MADE_NOTICE } from '../../domain/school-import';

/**
 * Whether a registration can still be changed (SPEC R9, R11): active, with its public window open by
 * the check the server applies. The close shown is that window's, else that of the last window.
 * A registration made by a school (M7) is never changed by the pupil: it is never open, and the
 * close shown is that of the schools' window when the académie has one.
 */
function windowStatusOf(db: Executor, registration: typeof registrations.$inferSelect, now: Date) {
	const schoolMade = registration.origin === 'school';
	const open = schoolMade ? undefined : catalogue.findOpenWindow(db, registration, 'public', now);
	const window =
		open ?? (schoolMade ? catalogue.findLastWindow(db, registration, 'school') : catalogue.findLastWindow(db, registration, 'public'));
	return {
		open: registration.status === 'active' && !!open,
		schoolMade,
		closesAt: window?.closesAt ?? null,
		closesAtText: window ? catalogue.closingText(db, registration.academyCode, window.closesAt) : null
	};
}

/** A candidate's registrations as « Mes inscriptions » and the home page list them. */
export function listRegistrations(db: Db, candidateId: string, now: Date) {
	const rows = activeRegistrationRows(db).all({ candidateId });
	return rows.map(({ registration, domainName, academyName }) => {
		const window = windowStatusOf(db, registration, now);
		const stored = currentVersion(db, registration);
		const specialty = specialtyName(db).get({ code: stored.content.choice.specialtyCode });
		return {
			registrationNumber: registration.registrationNumber,
			examDomainCode: registration.examDomainCode,
			domainName,
			specialtyName: specialty?.name ?? stored.content.choice.specialtyCode,
			sessionYear: registration.sessionYear,
			academyName,
			version: registration.version,
			// SPEC M4: set aside by the exam office (null when not), with the reason the candidate sees.
			setAsideReason: registration.setAsideAt ? (registration.setAsideReason ?? '') : null,
			open: window.open,
			schoolMade: window.schoolMade,
			closesAtText: window.closesAtText
		};
	});
}

/** One registration with its current content, for consultation and « Modifier ». */
export function getRegistration(db: Db, candidateId: string, registrationNumber: string, now: Date) {
	const registration = ownRegistration(db, candidateId, registrationNumber);
	if (!registration) return null;
	const stored = currentVersion(db, registration);
	return { registration, stored, ...windowStatusOf(db, registration, now) };
}

/** What « N°Inscription » shows for a saved registration. */
export function getRegistrationSummary(db: Db, candidateId: string, registrationNumber: string, now: Date) {
	const found = getRegistration(db, candidateId, registrationNumber, now);
	if (!found) return null;
	const candidate = candidateNumberOf(db).get({ candidateId })!;
	return { ...found, candidateNumber: candidate.candidateNumber! };
}

/** Every version (SPEC R10) and every other event of a registration, oldest first. */
export function getRegistrationHistory(db: Db, candidateId: string, registrationNumber: string) {
	const registration = ownRegistration(db, candidateId, registrationNumber);
	if (!registration) return null;
	const versions = listVersions(db, registration.id);
	const events = registrationEvents(db).all({ registrationId: registration.id });
	return { registration, versions, events };
}

/**
 * The exam office of the candidate's latest registration (shown on « Modifier mon compte »): only
 * its confirmed values, null where the catalogue still holds a placeholder (SPEC M2).
 */
export function latestExamOffice(db: Db, candidateId: string) {
	const latest = latestRegistration(db).get({ candidateId });
	if (!latest) return null;
	const office = catalogue.findExamOffice(db, latest);
	const { serviceName, email, phone } = confirmedOffice(office);
	return { serviceName, email, phone };
}
