// « Enregistrer » (SPEC R1, R7, R10, R14, O4): a new registration or a modification, each as one
// transaction that is safe to replay.
import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { placeholders, placeholderValue, preparedQuery, type Db, type Executor } from '../db';
import { auditEvents, candidates, isActiveRegistration, registrations } from '../db/schema';
import { generateId } from '../auth/tokens';
import { candidateById, lockPersonalData } from '../accounts';
import { closingText, findOpenWindow } from '../catalogue';
import { allocateCandidateNumber, allocateRegistrationNumber, numberingAcademy } from '../numbers';
import { getExamCatalogue } from './catalogue';
import { ownRegistration, SCHOOL_MADE_NOTICE } from './consultation';
import { deleteDraftOf } from './drafts';
import { noticeRegistrationEvent } from '../mail/registration-notices';
import { answer, canonical, hashRequest, remember, replayed, type Answer } from './idempotency';
import { currentVersion, writeVersion } from './versions';
import type { FieldProblem, SubmissionAnswer } from '../../domain/registration-api';
import { registrationSubmissionSchema } from '../../domain/registration-api-schemas';
import type { ExamCatalogue, RegistrationContent } from '../../domain/registration-content';
import { tabOfPath } from '../../domain/registration-tabs';
import { pruneStaleEntries } from '../../domain/stale-entries';
import { modificationNeedsValidation } from '../../domain/supporting-documents';
import { registrationContentSchema } from '../../domain/tab-schemas';

export interface Ctx {
	now: Date;
	config: Config;
}

const INCOMPLETE: SubmissionAnswer = {
	ok: false,
	code: 'bad-request',
	message: 'La demande est incomplète : rechargez la page et réessayez.'
};

const activeRegistration = preparedQuery((db) =>
	db
		.select()
		.from(registrations)
		.where(
			and(
				eq(registrations.candidateId, sql.placeholder('candidateId')),
				eq(registrations.examDomainCode, sql.placeholder('examDomainCode')),
				eq(registrations.sessionYear, sql.placeholder('sessionYear')),
				isActiveRegistration()
			)
		)
);

const setCandidateNumber = preparedQuery((db) =>
	db
		.update(candidates)
		.set({ candidateNumber: placeholderValue<string>('candidateNumber') })
		.where(eq(candidates.id, sql.placeholder('id')))
);

const insertRegistration = preparedQuery((db) =>
	db.insert(registrations).values({
		...placeholders('id', 'candidateId', 'examDomainCode', 'sessionYear', 'academyCode', 'registrationNumber'),
		status: 'active',
		version: 1,
		createdAt: sql.placeholder('now'),
		updatedAt: sql.placeholder('now')
	})
);

const insertAuditEvent = preparedQuery((db) =>
	db.insert(auditEvents).values(placeholders('occurredAt', 'actorType', 'actorId', 'action', 'subjectType', 'subjectId', 'details'))
);

export function findActiveRegistration(db: Executor, candidateId: string, examDomainCode: string, sessionYear: number) {
	return activeRegistration(db).get({ candidateId, examDomainCode, sessionYear });
}

/** Each problem on the tab that holds its field (SPEC O4). */
function invalidAnswer(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): SubmissionAnswer {
	const problems: FieldProblem[] = issues.map((issue) => ({
		tab: tabOfPath(issue.path),
		path: issue.path as Array<string | number>,
		message: issue.message
	}));
	return { ok: false, code: 'invalid', message: 'Certaines informations sont à corriger.', problems };
}

/** The content as a version may hold it, or the answer that lists its problems. */
function checkContent(body: unknown, catalogue: ExamCatalogue, sessionYear: number): { content: RegistrationContent } | Answer {
	const parsed = registrationContentSchema(catalogue, sessionYear).safeParse(body);
	if (!parsed.success) return answer(422, invalidAnswer(parsed.error.issues));
	// A draft keeps the languages of units left behind; the schema ignores them, the version must not hold them.
	return { content: pruneStaleEntries(parsed.data, catalogue, sessionYear) };
}

/** What « N°Inscription » needs (SPEC R7): the numbers, the version and when the window closes. */
function savedAnswer(
	tx: Executor,
	status: number,
	saved: { registrationNumber: string; candidateNumber: string; version: number; academyCode: string },
	window: { closesAt: Date }
): Answer {
	return answer(status, {
		ok: true,
		registrationNumber: saved.registrationNumber,
		candidateNumber: saved.candidateNumber,
		version: saved.version,
		closesAt: window.closesAt.toISOString(),
		closesAtText: closingText(tx, saved.academyCode, window.closesAt)
	});
}

/** « Enregistrer », alone in its transaction. */
export function submitRegistration(db: Db, candidateId: string, key: string, body: unknown, ctx: Ctx): Answer {
	return planSubmission(db, candidateId, key, body, ctx)();
}

/**
 * « Enregistrer » (DESIGN "Offline drafts and sync" §3): the checks that need no lock, done now (the
 * exam's catalogue from memory, the content's check), and the work to run in a transaction, alone
 * (submitRegistration) or grouped with other requests' (the endpoint, db/group-commit.ts).
 * Everything between the replay check and the stored answer is in that transaction: concurrent
 * replays of one key are serialised and all get the first answer; the earlier checks' answers keep
 * their order inside it. The queries inside run on `db`, prepared once: the same connection, so in
 * the transaction.
 */
export function planSubmission(db: Db, candidateId: string, key: string, body: unknown, { now, config }: Ctx): () => Answer {
	const requestHash = hashRequest(body);
	const envelope = registrationSubmissionSchema.safeParse(body);
	if (!envelope.success) {
		const incomplete = answer(400, INCOMPLETE);
		return () => incomplete;
	}
	const { examDomainCode, sessionYear, academyCode } = envelope.data;
	const catalogue = getExamCatalogue(db, examDomainCode, sessionYear);
	const checked = catalogue.specialties.length === 0 ? null : checkContent(envelope.data.content, catalogue, sessionYear);

	return () =>
		db.transaction(
			() => {
				const replay = replayed(db, candidateId, key, requestHash);
				if (replay) return replay;

				if (!checked) {
					return answer(404, { ok: false, code: 'unknown-exam', message: 'Cet examen n’est pas proposé à l’inscription.' });
				}
				// The server's clock at receipt decides (SPEC R15).
				const window = findOpenWindow(db, { examDomainCode, sessionYear, academyCode }, 'public', now);
				if (!window) {
					return answer(409, {
						ok: false,
						code: 'window-closed',
						message: 'Le service d’inscription de cette académie est fermé : l’inscription n’a pas été enregistrée.'
					});
				}
				if (!('content' in checked)) return checked;
				const existing = findActiveRegistration(db, candidateId, examDomainCode, sessionYear);
				if (existing) {
					return answer(409, {
						ok: false,
						code: 'already-registered',
						message: 'Vous avez déjà une inscription active à cet examen pour cette session.',
						registrationNumber: existing.registrationNumber
					});
				}

				const candidate = candidateById(db).get({ id: candidateId })!;
				const numbering = numberingAcademy(db, academyCode);
				let candidateNumber = candidate.candidateNumber;
				if (!candidateNumber) {
					candidateNumber = allocateCandidateNumber(db, numbering);
					setCandidateNumber(db).run({ candidateNumber, id: candidateId });
				}
				const registrationNumber = allocateRegistrationNumber(db, sessionYear, numbering);
				const id = generateId();
				insertRegistration(db).run({ id, candidateId, examDomainCode, sessionYear, academyCode, registrationNumber, now });
				writeVersion(db, { id, candidateId, examDomainCode, sessionYear, academyCode }, 1, checked.content, catalogue, 'candidate', now);
				deleteDraftOf(db, candidateId, examDomainCode, sessionYear);
				lockPersonalData(db, candidateId, now);
				insertAuditEvent(db).run({
					occurredAt: now,
					actorType: 'candidate',
					actorId: candidateId,
					action: 'registration.created',
					subjectType: 'registration',
					subjectId: id,
					details: { registrationNumber, version: 1 }
				});
				noticeRegistrationEvent(db, candidateId, { kind: 'saved', registrationNumber }, now, config);

				const result = savedAnswer(db, 201, { registrationNumber, candidateNumber, version: 1, academyCode }, window);
				remember(db, candidateId, key, requestHash, result, now);
				return result;
			},
			{ behavior: 'immediate' }
		);
}

/**
 * « Modifier » then « Enregistrer » (SPEC R10): `ifMatch` is the version the modification started
 * from. A stale one gets 412 with what the server holds (SPEC O5); an unchanged content keeps the
 * version; a changed one raises it and is stored whole.
 */
export function modifyRegistration(
	db: Db,
	candidateId: string,
	registrationNumber: string,
	request: { key: string; ifMatch: number; body: unknown },
	{ now, config }: Ctx
): Answer {
	const requestHash = hashRequest({ registrationNumber, ifMatch: request.ifMatch, body: request.body });
	return db.transaction(
		() => {
			const replay = replayed(db, candidateId, request.key, requestHash);
			if (replay) return replay;
			const registration = ownRegistration(db, candidateId, registrationNumber);
			if (!registration) return answer(404, { ok: false, code: 'not-found', message: 'Inscription introuvable.' });
			// SPEC M7, A7: the school made it; the pupil neither changes the exam choice nor anything else.
			if (registration.origin === 'school') {
				return answer(403, { ok: false, code: 'bad-request', message: SCHOOL_MADE_NOTICE });
			}
			if (registration.status !== 'active') {
				return answer(409, {
					ok: false,
					code: 'withdrawn',
					message: 'Cette inscription a été désinscrite : elle ne peut plus être modifiée. Une nouvelle inscription est nécessaire.'
				});
			}
			const window = findOpenWindow(db, registration, 'public', now);
			if (!window) {
				return answer(409, {
					ok: false,
					code: 'window-closed',
					message: 'Le service d’inscription est fermé : l’inscription ne peut plus être modifiée.'
				});
			}
			const stored = currentVersion(db, registration);
			if (request.ifMatch !== registration.version) {
				return answer(412, {
					ok: false,
					code: 'conflict',
					message: 'Cette inscription a été modifiée depuis un autre appareil pendant votre modification.',
					current: { version: registration.version, content: stored.content }
				});
			}
			const envelope = registrationSubmissionSchema.safeParse(request.body);
			if (!envelope.success) return answer(400, INCOMPLETE);
			const catalogue = getExamCatalogue(db, registration.examDomainCode, registration.sessionYear);
			const checked = checkContent(envelope.data.content, catalogue, registration.sessionYear);
			if (!('content' in checked)) return checked;

			// Only a change of content raises the version (SPEC R10); leftovers in a version stored
			// before they were pruned are not a change.
			let version = registration.version;
			if (canonical(checked.content) !== canonical(pruneStaleEntries(stored.content, catalogue, registration.sessionYear))) {
				version += 1;
				writeVersion(db, registration, version, checked.content, catalogue, 'candidate', now);
				// After the supporting documents are locked, the exam office validates the change (SPEC R12).
				const pendingValidation = modificationNeedsValidation(registration) || registration.pendingValidation;
				db.update(registrations).set({ version, updatedAt: now, pendingValidation }).where(eq(registrations.id, registration.id)).run();
				insertAuditEvent(db).run({
					occurredAt: now,
					actorType: 'candidate',
					actorId: candidateId,
					action: 'registration.modified',
					subjectType: 'registration',
					subjectId: registration.id,
					details: { registrationNumber, version }
				});
				noticeRegistrationEvent(db, candidateId, { kind: 'modified', registrationNumber, version }, now, config);
			}
			deleteDraftOf(db, candidateId, registration.examDomainCode, registration.sessionYear);
			const candidate = db
				.select({ candidateNumber: candidates.candidateNumber })
				.from(candidates)
				.where(eq(candidates.id, candidateId))
				.get()!;
			const result = savedAnswer(
				db,
				200,
				{ registrationNumber, candidateNumber: candidate.candidateNumber!, version, academyCode: registration.academyCode },
				window
			);
			remember(db, candidateId, request.key, requestHash, result, now);
			return result;
		},
		{ behavior: 'immediate' }
	);
}
