// A registration's page in « Espace gestionnaire » (SPEC M3): the candidate, the current content in
// the recap's layout, the versions with what changed between two (the candidate's history, reused),
// its documents and supporting documents (each piece opens in the viewer of M5), its origin (a
// school's import, M7), and its audit events (M8). Scoped by académie (M1).
import { and, desc, eq, or } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { auditEvents, candidates, documents, managers } from '../db/schema';
import * as catalogue from '../catalogue';
import { listSupportingDocuments } from '../documents/supporting';
import type { ManagerUser } from '../managers/sessions';
import { getExamCatalogue } from '../registrations/catalogue';
import { summaryUnits } from '../../domain/exemptions';
import { listVersions } from '../registrations/versions';
import { diffContents } from '../../domain/registration-diff';
import { auditActionLabel, identityChanges } from '../../domain/admin-decisions';
import { scopedRegistration } from './decisions';

export interface AuditLine {
	id: number;
	occurredAt: string;
	actorType: string;
	actor: string;
	action: string;
	label: string;
	reason: string | null;
	before: unknown;
	after: unknown;
}

/** Who, in words: the manager's email; the candidate; the system. */
export function auditLines(db: Executor, rows: Array<typeof auditEvents.$inferSelect>): AuditLine[] {
	const emails = new Map<string, string>();
	for (const row of rows) {
		if ((row.actorType === 'manager' || row.actorType === 'administrator') && row.actorId && !emails.has(row.actorId)) {
			const found = db.select({ email: managers.email }).from(managers).where(eq(managers.id, row.actorId)).get();
			emails.set(row.actorId, found?.email ?? row.actorId);
		}
	}
	return rows.map((row) => {
		const { before, after } = (row.details ?? {}) as { before?: unknown; after?: unknown };
		return {
			id: row.id,
			occurredAt: row.occurredAt.toISOString(),
			actorType: row.actorType,
			actor:
				row.actorType === 'system'
					? 'Système'
					: row.actorType === 'candidate'
						? 'Le candidat'
						: (emails.get(row.actorId ?? '') ?? row.actorId ?? ''),
			action: row.action,
			label: auditActionLabel(row.action),
			reason: row.reason,
			before: before ?? null,
			after: after ?? null
		};
	});
}

/** Everything the registration's page shows, or null when the manager may not see it (404 alike). */
export function loadRegistrationView(db: Db, manager: ManagerUser, registrationNumber: string) {
	const registration = scopedRegistration(db, manager, registrationNumber);
	if (!registration) return null;
	const candidate = db.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
	const academy = catalogue.findAcademy(db, registration.academyCode)!;
	const domain = catalogue.findExamDomain(db, registration.examDomainCode)!;
	const examCatalogue = getExamCatalogue(db, registration.examDomainCode, registration.sessionYear);
	const versions = listVersions(db, registration.id);
	const current = versions.find((entry) => entry.version === registration.version)!;
	const lastWindow = catalogue.findLastWindow(db, registration, 'public');

	const supporting = listSupportingDocuments(db, registration.candidateId, registration.registrationNumber);
	const documentRows = db
		.select()
		.from(documents)
		.where(eq(documents.registrationId, registration.id))
		.orderBy(desc(documents.createdAt))
		.all();
	const events = db
		.select()
		.from(auditEvents)
		.where(
			or(
				and(eq(auditEvents.subjectType, 'registration'), eq(auditEvents.subjectId, registration.id)),
				and(eq(auditEvents.subjectType, 'candidate'), eq(auditEvents.subjectId, candidate.id))
			)
		)
		.orderBy(desc(auditEvents.id))
		.all();

	return {
		registration: {
			registrationNumber: registration.registrationNumber,
			status: registration.status,
			version: registration.version,
			createdAt: registration.createdAt.toISOString(),
			updatedAt: registration.updatedAt.toISOString(),
			withdrawnAt: registration.withdrawnAt?.toISOString() ?? null,
			setAsideAt: registration.setAsideAt?.toISOString() ?? null,
			setAsideReason: registration.setAsideReason,
			pendingValidation: registration.pendingValidation,
			supportingDocumentsLockedAt: registration.supportingDocumentsLockedAt?.toISOString() ?? null,
			signedConfirmationReceivedOn: registration.signedConfirmationReceivedOn,
			signedConfirmationVersion: registration.signedConfirmationVersion,
			/** SPEC M7: made by a school (imported), with the school's UAI code. */
			origin: registration.origin,
			schoolUai: registration.schoolUai
		},
		candidate: {
			candidateNumber: candidate.candidateNumber,
			civility: candidate.civility,
			birthName: candidate.birthName,
			usageName: candidate.usageName,
			firstNames: candidate.firstNames,
			birthDate: candidate.birthDate,
			birthPlace: candidate.birthPlace,
			birthCountry: candidate.birthCountry,
			nationality: candidate.nationality,
			email: candidate.email,
			phone: candidate.phone,
			address: [candidate.addressLine1, candidate.addressLine2, `${candidate.postalCode} ${candidate.city}`, candidate.country]
				.filter(Boolean)
				.join(', ')
		},
		exam: { domainName: domain.name, sessionYear: registration.sessionYear, academyName: academy.fullName ?? academy.name },
		catalogue: examCatalogue,
		content: current.stored.content,
		units: summaryUnits(examCatalogue, current.stored.content, registration.sessionYear),
		identity: { ...(current.stored.identity as unknown as Record<string, string>) },
		closesAtText: lastWindow ? catalogue.closingText(db, registration.academyCode, lastWindow.closesAt) : null,
		versions: versions.map((entry, index) => {
			const previous = index === 0 ? null : versions[index - 1];
			return {
				version: entry.version,
				createdAt: entry.createdAt.toISOString(),
				createdBy: entry.createdBy,
				changes: previous
					? [
							...identityChanges(
								previous.stored.identity as unknown as Record<string, unknown>,
								entry.stored.identity as unknown as Record<string, unknown>
							),
							...diffContents(previous.stored.content, entry.stored.content, examCatalogue)
						]
					: null
			};
		}),
		documents: documentRows.map((row) => ({
			id: row.id,
			kind: row.kind,
			title: row.title,
			version: row.version,
			fileName: row.fileName,
			createdAt: row.createdAt.toISOString()
		})),
		supportingDocuments: (supporting?.items ?? []).map((item) => ({
			code: item.type.code,
			label: item.type.label,
			id: item.file?.id ?? null,
			state: item.file?.state ?? null,
			uploadedAt: item.file?.uploadedAt.toISOString() ?? null,
			reviewReason: item.file?.reviewReason ?? null
		})),
		audit: auditLines(db, events)
	};
}

export type RegistrationView = NonNullable<ReturnType<typeof loadRegistrationView>>;
