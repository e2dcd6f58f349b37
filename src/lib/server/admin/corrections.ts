// A correction of a candidate's personal data by the exam office (SPEC M4, R10, A8): the candidate can
// no longer change them after a first registration. The correction is of the person: every ACTIVE
// registration of the candidate, whatever its académie, gets a new version (and so a new
// confirmation, made by the queued job), and the candidate is told by mail what changed and why.
import { and, asc, eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db';
import { candidates, isActiveRegistration, registrations } from '../db/schema';
import { withSearchNames } from '../db/search-names';
import { enqueueMail } from '../mail/outbox';
import { personalDataCorrectedMail } from '../mail/templates';
import { changedFields, recordAudit } from '../managers/audit';
import type { ManagerUser } from '../managers/sessions';
import { getExamCatalogue } from '../registrations/catalogue';
import { currentVersion, writeVersion } from '../registrations/versions';
import { PERSONAL_DATA_FIELDS, type PersonalData } from '../../domain/account';
import { PERSONAL_DATA_LABELS, personalValueText, type IdentityChange } from '../../domain/admin-decisions';
import { scopedRegistration } from './decisions';

export type CorrectionResult =
	| { status: 'not-found' }
	| { status: 'unchanged' }
	| { status: 'corrected'; changes: IdentityChange[]; versions: Array<{ registrationNumber: string; version: number }> };

/** The candidate's personal data as the correction form shows them, from the registration a manager opened. */
export function personalDataOf(db: Db, manager: ManagerUser, registrationNumber: string) {
	const registration = scopedRegistration(db, manager, registrationNumber);
	if (!registration) return null;
	const candidate = db.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
	const personal = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, candidate[field]])) as PersonalData;
	return { registration, candidate, personal };
}

/**
 * Corrects the candidate of the registration `registrationNumber` (which must be of the manager's
 * académie), in one transaction: the candidate row, a version per active registration, the audit
 * entries (before, after, reason) and the mail. Nothing changed: nothing written.
 */
export function correctPersonalData(
	db: Db,
	manager: ManagerUser,
	registrationNumber: string,
	input: PersonalData & { reason: string },
	{ now, config }: { now: Date; config: Pick<Config, 'origin' | 'smtpUrl'> }
): CorrectionResult {
	return db.transaction(
		(tx) => {
			const registration = scopedRegistration(tx, manager, registrationNumber);
			if (!registration) return { status: 'not-found' as const };
			const candidate = tx.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
			const corrected = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, input[field]])) as PersonalData;
			const { before, after } = changedFields(candidate as unknown as Record<string, unknown>, corrected);
			const fields = Object.keys(after) as Array<keyof PersonalData>;
			if (fields.length === 0) return { status: 'unchanged' as const };

			tx.update(candidates).set(withSearchNames(corrected)).where(eq(candidates.id, candidate.id)).run();
			recordAudit(
				tx,
				manager,
				{
					action: 'candidate.corrected',
					subjectType: 'candidate',
					subjectId: candidate.id,
					reason: input.reason,
					before,
					after,
					details: { candidateNumber: candidate.candidateNumber, fromRegistration: registration.registrationNumber }
				},
				now
			);

			// R10: each active registration (set aside or not) gets a version whose identity is the corrected one.
			const active = tx
				.select()
				.from(registrations)
				.where(and(eq(registrations.candidateId, candidate.id), isActiveRegistration()))
				.orderBy(asc(registrations.createdAt))
				.all();
			const versions: Array<{ registrationNumber: string; version: number }> = [];
			for (const row of active) {
				const stored = currentVersion(tx, row);
				const catalogue = getExamCatalogue(tx, row.examDomainCode, row.sessionYear);
				const version = row.version + 1;
				writeVersion(tx, row, version, stored.content, catalogue, 'manager', now);
				tx.update(registrations).set({ version, updatedAt: now }).where(eq(registrations.id, row.id)).run();
				recordAudit(
					tx,
					manager,
					{
						action: 'registration.corrected',
						subjectType: 'registration',
						subjectId: row.id,
						reason: input.reason,
						before,
						after,
						details: { registrationNumber: row.registrationNumber, academyCode: row.academyCode, version }
					},
					now
				);
				versions.push({ registrationNumber: row.registrationNumber, version });
			}

			const changes = fields.map((field) => ({
				label: PERSONAL_DATA_LABELS[field],
				before: personalValueText(field, before[field]),
				after: personalValueText(field, after[field])
			}));
			// A candidate known without an address (some school candidates) is told by the confirmation alone.
			if (candidate.email) {
				enqueueMail(
					tx,
					personalDataCorrectedMail(
						candidate.email,
						corrected.firstNames,
						{ changes, reason: input.reason, registrationNumbers: versions.map((entry) => entry.registrationNumber) },
						`${config.origin}/mes-inscriptions`
					),
					now,
					config
				);
			}
			return { status: 'corrected' as const, changes, versions };
		},
		{ behavior: 'immediate' }
	);
}
