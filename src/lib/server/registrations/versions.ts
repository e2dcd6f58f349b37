// The versions of a registration (SPEC R10): each content version is stored whole, and each one
// gets its confirmation (SPEC R8), made by a queued job after the transaction.
import { and, asc, eq, sql } from 'drizzle-orm';
import { placeholders, preparedQuery, type Executor } from '../db';
import { registrationVersions } from '../db/schema';
import { candidateById } from '../accounts';
import { enqueueJob } from '../jobs/queue';
import { PERSONAL_DATA_FIELDS, type PersonalData } from '../../domain/account';
import { computeExemptions, unitsToSit } from '../../domain/exemptions';
import type { ExamCatalogue, RegistrationContent } from '../../domain/registration-content';
import type { VersionSnapshot } from '../../domain/registration-version';

const insertVersion = preparedQuery((db) =>
	db.insert(registrationVersions).values(placeholders('registrationId', 'version', 'createdAt', 'createdBy', 'content'))
);

/**
 * Stores a content version whole. Identity is copied from the account at this save, never from a
 * draft (SPEC R10); the exemptions and units are computed once, as they were when saved.
 */
export function writeVersion(
	tx: Executor,
	registration: { id: string; candidateId: string; examDomainCode: string; sessionYear: number; academyCode: string },
	version: number,
	content: RegistrationContent,
	catalogue: ExamCatalogue,
	createdBy: 'candidate' | 'manager',
	now: Date
): void {
	const candidate = candidateById(tx).get({ id: registration.candidateId })!;
	const specialty = catalogue.specialties.find((entry) => entry.code === content.choice.specialtyCode)!;
	const personalData = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, candidate[field]])) as PersonalData;
	const snapshot: VersionSnapshot = {
		// A candidate is numbered before the first version of any registration is written (SPEC R14).
		identity: { ...personalData, email: candidate.email, candidateNumber: candidate.candidateNumber! },
		examDomainCode: registration.examDomainCode,
		sessionYear: registration.sessionYear,
		academyCode: registration.academyCode,
		content,
		exemptions: computeExemptions(specialty, content.choice.optionCode, content.priorResults, registration.sessionYear),
		unitsToSit: unitsToSit(specialty, content, registration.sessionYear)
	};
	insertVersion(tx).run({ registrationId: registration.id, version, createdAt: now, createdBy, content: snapshot });
	enqueueJob(tx, 'confirmation', { registrationId: registration.id, version }, now);
}

const versionContent = preparedQuery((db) =>
	db
		.select({ content: registrationVersions.content })
		.from(registrationVersions)
		.where(
			and(
				eq(registrationVersions.registrationId, sql.placeholder('registrationId')),
				eq(registrationVersions.version, sql.placeholder('version'))
			)
		)
);

export function readVersion(db: Executor, registrationId: string, version: number): VersionSnapshot {
	return versionContent(db).get({ registrationId, version })!.content;
}

export function currentVersion(db: Executor, registration: { id: string; version: number }): VersionSnapshot {
	return readVersion(db, registration.id, registration.version);
}

/** Every version of a registration, oldest first. */
export function listVersions(db: Executor, registrationId: string) {
	return db
		.select()
		.from(registrationVersions)
		.where(eq(registrationVersions.registrationId, registrationId))
		.orderBy(asc(registrationVersions.version))
		.all()
		.map((row) => ({ version: row.version, createdAt: row.createdAt, createdBy: row.createdBy, stored: row.content }));
}
