// Registrations (SPEC R1–R7, R14): « Enregistrer » as one transaction that is safe to replay.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Executor } from '../db';
import { academies, auditEvents, candidates, examDomains, examOffices, idempotencyKeys, registrations, registrationVersions, registrationWindows, specialties } from '../db/schema';
import { generateId } from '../auth/tokens';
import { lockPersonalData } from '../accounts';
import { allocateCandidateNumber, allocateRegistrationNumber } from '../numbers';
import { timeZonePlace } from '../catalogue';
import { getExamCatalogue } from './catalogue';
import { enqueueConfirmation } from '../documents';
import { deleteDraftOf } from './drafts';
import { PERSONAL_DATA_FIELDS } from '../../domain/account';
import { formatInstant } from '../../domain/registration-window';
import { computeExemptions, pruneStaleEntries, registrationContentSchema, unitsToSit } from '../../domain/registration';
import { registrationSubmissionSchema, type FieldProblem, type SubmissionAnswer, type WizardTab } from '../../domain/registration-api';
import type { ExamCatalogue, RegistrationContent } from '../../domain/registration-content';
import { modificationNeedsValidation } from '../../domain/supporting-documents';

export interface Ctx {
	now: Date;
	config: Config;
}

export interface Answer {
	status: number;
	body: SubmissionAnswer;
}

const TABS: WizardTab[] = ['choice', 'situation', 'priorResults', 'accommodations'];

/** Canonical JSON (sorted keys), so that the same request always hashes the same. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function hashRequest(body: unknown): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical(body))));
}

/** The public window of this exam, session and académie that is open at `now`, if any. */
export function findOpenWindow(db: Executor, examDomainCode: string, sessionYear: number, academyCode: string, now: Date) {
	return db
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, examDomainCode),
				eq(registrationWindows.sessionYear, sessionYear),
				eq(registrationWindows.academyCode, academyCode),
				lte(registrationWindows.opensAt, now),
				gt(registrationWindows.closesAt, now)
			)
		)
		.orderBy(desc(registrationWindows.closesAt))
		.get();
}

export function findActiveRegistration(db: Executor, candidateId: string, examDomainCode: string, sessionYear: number) {
	return db
		.select()
		.from(registrations)
		.where(
			and(
				eq(registrations.candidateId, candidateId),
				eq(registrations.examDomainCode, examDomainCode),
				eq(registrations.sessionYear, sessionYear),
				eq(registrations.status, 'active')
			)
		)
		.get();
}

function answer(status: number, body: SubmissionAnswer): Answer {
	return { status, body };
}

/**
 * Stores a content version whole. Identity is copied from the account at this save, never from a
 * draft (SPEC R10); the exemptions and units are computed once, as they were when saved.
 */
function writeVersion(
	tx: Executor,
	registration: { id: string; candidateId: string; examDomainCode: string; sessionYear: number; academyCode: string },
	version: number,
	content: RegistrationContent,
	catalogue: ExamCatalogue,
	createdBy: 'candidate' | 'manager',
	now: Date
): void {
	const candidate = tx.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
	const specialty = catalogue.specialties.find((entry) => entry.code === content.choice.specialtyCode)!;
	const identity = Object.fromEntries([...PERSONAL_DATA_FIELDS, 'email', 'candidateNumber'].map((field) => [field, candidate[field as keyof typeof candidate]]));
	const record: StoredVersion = {
		identity,
		examDomainCode: registration.examDomainCode,
		sessionYear: registration.sessionYear,
		academyCode: registration.academyCode,
		content,
		exemptions: computeExemptions(specialty, content.choice.optionCode, content.priorResults, registration.sessionYear),
		unitsToSit: unitsToSit(specialty, content, registration.sessionYear)
	};
	tx.insert(registrationVersions).values({ registrationId: registration.id, version, createdAt: now, createdBy, content: record }).run();
}

export interface StoredVersion {
	identity: Record<string, unknown>;
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
	content: RegistrationContent;
	exemptions: ReturnType<typeof computeExemptions>;
	unitsToSit: ReturnType<typeof unitsToSit>;
}

/** The académie whose sequence numbers a place: a foreign centre uses its parent's. */
function numberingAcademy(db: Executor, academyCode: string): string {
	const academy = db.select({ code: academies.code, parentCode: academies.parentCode }).from(academies).where(eq(academies.code, academyCode)).get()!;
	return academy.parentCode ?? academy.code;
}

function closingText(db: Executor, academyCode: string, closesAt: Date): string {
	const academy = db.select().from(academies).where(eq(academies.code, academyCode)).get()!;
	return formatInstant(closesAt, academy.timeZone, timeZonePlace(academy));
}

/** The recorded answer of a key already used, or 422 when it came with another body. */
function replayed(tx: Executor, candidateId: string, key: string, requestHash: string): Answer | null {
	const replay = tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.candidateId, candidateId), eq(idempotencyKeys.key, key))).get();
	if (!replay) return null;
	if (replay.requestHash !== requestHash) {
		return answer(422, { ok: false, code: 'key-reused', message: 'Cette demande a déjà été envoyée avec un autre contenu.' });
	}
	return answer(replay.status, replay.response as SubmissionAnswer);
}

/** Only successes are recorded: after a refusal the corrected request may reuse its key. */
function remember(tx: Executor, candidateId: string, key: string, requestHash: string, result: Answer, now: Date): void {
	tx.insert(idempotencyKeys).values({ candidateId, key, requestHash, status: result.status, response: result.body, createdAt: now }).run();
}

/**
 * « Enregistrer » (DESIGN "Offline drafts and sync" §3). Everything between the replay check and
 * the stored answer runs in one synchronous BEGIN IMMEDIATE transaction: concurrent replays of
 * one key are serialised and all get the first answer.
 */
export function submitRegistration(db: Db, candidateId: string, key: string, body: unknown, { now }: Ctx): Answer {
	const requestHash = hashRequest(body);
	const envelope = registrationSubmissionSchema.safeParse(body);
	if (!envelope.success) return answer(400, { ok: false, code: 'bad-request', message: 'La demande est incomplète : rechargez la page et réessayez.' });
	const { examDomainCode, sessionYear, academyCode } = envelope.data;

	return db.transaction(
		(tx) => {
			const replay = replayed(tx, candidateId, key, requestHash);
			if (replay) return replay;

			const catalogue = getExamCatalogue(tx, examDomainCode, sessionYear);
			if (catalogue.specialties.length === 0) {
				return answer(404, { ok: false, code: 'unknown-exam', message: 'Cet examen n’est pas proposé à l’inscription.' });
			}
			// The server's clock at receipt decides (SPEC R15).
			const window = findOpenWindow(tx, examDomainCode, sessionYear, academyCode, now);
			if (!window) {
				return answer(409, { ok: false, code: 'window-closed', message: 'Le service d’inscription de cette académie est fermé : l’inscription n’a pas été enregistrée.' });
			}
			const parsed = registrationContentSchema(catalogue, sessionYear).safeParse(envelope.data.content);
			if (!parsed.success) return answer(422, invalidAnswer(parsed.error.issues));
			// A draft keeps the languages of units left behind; the schema ignores them, the version must not hold them.
			const content = pruneStaleEntries(parsed.data as RegistrationContent, catalogue, sessionYear);
			const existing = findActiveRegistration(tx, candidateId, examDomainCode, sessionYear);
			if (existing) {
				return answer(409, {
					ok: false,
					code: 'already-registered',
					message: 'Vous avez déjà une inscription active à cet examen pour cette session.',
					registrationNumber: existing.registrationNumber
				});
			}

			const candidate = tx.select().from(candidates).where(eq(candidates.id, candidateId)).get()!;
			const numbering = numberingAcademy(tx, academyCode);
			let candidateNumber = candidate.candidateNumber;
			if (!candidateNumber) {
				candidateNumber = allocateCandidateNumber(tx, numbering);
				tx.update(candidates).set({ candidateNumber }).where(eq(candidates.id, candidateId)).run();
			}
			const registrationNumber = allocateRegistrationNumber(tx, sessionYear, numbering);
			const id = generateId();
			tx.insert(registrations)
				.values({ id, candidateId, examDomainCode, sessionYear, academyCode, registrationNumber, status: 'active', version: 1, createdAt: now, updatedAt: now })
				.run();
			writeVersion(tx, { id, candidateId, examDomainCode, sessionYear, academyCode }, 1, content, catalogue, 'candidate', now);
			enqueueConfirmation(tx, id, 1, now);
			deleteDraftOf(tx, candidateId, examDomainCode, sessionYear);
			lockPersonalData(tx, candidateId, now);
			tx.insert(auditEvents)
				.values({ occurredAt: now, actorType: 'candidate', actorId: candidateId, action: 'registration.created', subjectType: 'registration', subjectId: id, details: { registrationNumber, version: 1 } })
				.run();

			const result = answer(201, {
				ok: true,
				registrationNumber,
				candidateNumber,
				version: 1,
				closesAt: window.closesAt.toISOString(),
				closesAtText: closingText(tx, academyCode, window.closesAt)
			});
			remember(tx, candidateId, key, requestHash, result, now);
			return result;
		},
		{ behavior: 'immediate' }
	);
}

/** What « N°Inscription » shows for a saved registration. */
export function getRegistrationSummary(db: Db, candidateId: string, registrationNumber: string, now: Date) {
	const found = getRegistration(db, candidateId, registrationNumber, now);
	if (!found) return null;
	const candidate = db.select({ candidateNumber: candidates.candidateNumber }).from(candidates).where(eq(candidates.id, candidateId)).get()!;
	return { ...found, candidateNumber: candidate.candidateNumber! };
}

/** The exam office of the candidate's latest registration (shown on « Modifier mon compte »). */
export function latestExamOffice(db: Db, candidateId: string) {
	const latest = db.select().from(registrations).where(eq(registrations.candidateId, candidateId)).orderBy(desc(registrations.createdAt)).get();
	if (!latest) return null;
	return (
		db
			.select({ serviceName: examOffices.serviceName, email: examOffices.email, phone: examOffices.phone })
			.from(examOffices)
			.where(and(eq(examOffices.academyCode, latest.academyCode), eq(examOffices.examDomainCode, latest.examDomainCode), eq(examOffices.sessionYear, latest.sessionYear)))
			.get() ?? null
	);
}

// ─── « Mes inscriptions »: consult, « Modifier », « Se désinscrire » (SPEC R9–R11) ───

function ownRegistration(db: Executor, candidateId: string, registrationNumber: string) {
	return db
		.select()
		.from(registrations)
		.where(and(eq(registrations.registrationNumber, registrationNumber), eq(registrations.candidateId, candidateId)))
		.get();
}

function contentsEqual(a: unknown, b: unknown): boolean {
	return canonical(a) === canonical(b);
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
	{ now }: Ctx
): Answer {
	const requestHash = hashRequest({ registrationNumber, ifMatch: request.ifMatch, body: request.body });
	return db.transaction(
		(tx) => {
			const replay = replayed(tx, candidateId, request.key, requestHash);
			if (replay) return replay;
			const registration = ownRegistration(tx, candidateId, registrationNumber);
			if (!registration) return answer(404, { ok: false, code: 'not-found', message: 'Inscription introuvable.' });
			if (registration.status !== 'active') {
				return answer(409, { ok: false, code: 'withdrawn', message: 'Cette inscription a été désinscrite : elle ne peut plus être modifiée. Une nouvelle inscription est nécessaire.' });
			}
			const window = findOpenWindow(tx, registration.examDomainCode, registration.sessionYear, registration.academyCode, now);
			if (!window) {
				return answer(409, { ok: false, code: 'window-closed', message: 'Le service d’inscription est fermé : l’inscription ne peut plus être modifiée.' });
			}
			const stored = currentVersion(tx, registration);
			if (request.ifMatch !== registration.version) {
				return answer(412, {
					ok: false,
					code: 'conflict',
					message: 'Cette inscription a été modifiée depuis un autre appareil pendant votre modification.',
					current: { version: registration.version, content: stored.content }
				});
			}
			const envelope = registrationSubmissionSchema.safeParse(request.body);
			if (!envelope.success) return answer(400, { ok: false, code: 'bad-request', message: 'La demande est incomplète : rechargez la page et réessayez.' });
			const catalogue = getExamCatalogue(tx, registration.examDomainCode, registration.sessionYear);
			const parsed = registrationContentSchema(catalogue, registration.sessionYear).safeParse(envelope.data.content);
			if (!parsed.success) return answer(422, invalidAnswer(parsed.error.issues));
			const content = pruneStaleEntries(parsed.data as RegistrationContent, catalogue, registration.sessionYear);

			// Only a change of content raises the version (SPEC R10); leftovers in a version stored
			// before they were pruned are not a change.
			let version = registration.version;
			if (!contentsEqual(content, pruneStaleEntries(stored.content, catalogue, registration.sessionYear))) {
				version += 1;
				writeVersion(tx, registration, version, content, catalogue, 'candidate', now);
				enqueueConfirmation(tx, registration.id, version, now);
				// After the supporting documents are locked, the exam office validates the change (SPEC R12).
				const pendingValidation = modificationNeedsValidation(registration) || registration.pendingValidation;
				tx.update(registrations).set({ version, updatedAt: now, pendingValidation }).where(eq(registrations.id, registration.id)).run();
				tx.insert(auditEvents)
					.values({ occurredAt: now, actorType: 'candidate', actorId: candidateId, action: 'registration.modified', subjectType: 'registration', subjectId: registration.id, details: { registrationNumber, version } })
					.run();
			}
			deleteDraftOf(tx, candidateId, registration.examDomainCode, registration.sessionYear);
			const candidate = tx.select({ candidateNumber: candidates.candidateNumber }).from(candidates).where(eq(candidates.id, candidateId)).get()!;
			const result = answer(200, {
				ok: true,
				registrationNumber,
				candidateNumber: candidate.candidateNumber!,
				version,
				closesAt: window.closesAt.toISOString(),
				closesAtText: closingText(tx, registration.academyCode, window.closesAt)
			});
			remember(tx, candidateId, request.key, requestHash, result, now);
			return result;
		},
		{ behavior: 'immediate' }
	);
}

/** « Se désinscrire » (SPEC R11): until the window closes; never deleted, never reactivated. */
export function withdrawRegistration(db: Db, candidateId: string, registrationNumber: string, now: Date): 'withdrawn' | 'not-found' | 'already-withdrawn' | 'window-closed' {
	return db.transaction(
		(tx) => {
			const registration = ownRegistration(tx, candidateId, registrationNumber);
			if (!registration) return 'not-found';
			if (registration.status !== 'active') return 'already-withdrawn';
			if (!findOpenWindow(tx, registration.examDomainCode, registration.sessionYear, registration.academyCode, now)) return 'window-closed';
			tx.update(registrations).set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now }).where(eq(registrations.id, registration.id)).run();
			// A withdrawal is an event of the history, not a new version (SPEC R10).
			tx.insert(auditEvents)
				.values({ occurredAt: now, actorType: 'candidate', actorId: candidateId, action: 'registration.withdrawn', subjectType: 'registration', subjectId: registration.id, details: { registrationNumber } })
				.run();
			return 'withdrawn' as const;
		},
		{ behavior: 'immediate' }
	);
}

function currentVersion(db: Executor, registration: { id: string; version: number }): StoredVersion {
	const row = db
		.select()
		.from(registrationVersions)
		.where(and(eq(registrationVersions.registrationId, registration.id), eq(registrationVersions.version, registration.version)))
		.get()!;
	return row.content as StoredVersion;
}

function invalidAnswer(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): SubmissionAnswer {
	const problems: FieldProblem[] = issues.map((issue) => ({
		tab: TABS.includes(issue.path[0] as WizardTab) ? (issue.path[0] as WizardTab) : 'summary',
		path: issue.path as Array<string | number>,
		message: issue.message
	}));
	return { ok: false, code: 'invalid', message: 'Certaines informations sont à corriger.', problems };
}

/** The window of a registration: the latest public window of its exam, session and académie. */
function windowOf(db: Executor, registration: { examDomainCode: string; sessionYear: number; academyCode: string }) {
	return db
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, registration.examDomainCode),
				eq(registrationWindows.sessionYear, registration.sessionYear),
				eq(registrationWindows.academyCode, registration.academyCode)
			)
		)
		.orderBy(desc(registrationWindows.closesAt))
		.get();
}

/** A candidate's registrations as « Mes inscriptions » and the home page list them. */
export function listRegistrations(db: Db, candidateId: string, now: Date) {
	const rows = db
		.select({
			registration: registrations,
			domainName: examDomains.name,
			academyName: academies.fullName
		})
		.from(registrations)
		.innerJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.innerJoin(academies, eq(academies.code, registrations.academyCode))
		.where(and(eq(registrations.candidateId, candidateId), eq(registrations.status, 'active')))
		.orderBy(asc(registrations.createdAt))
		.all();
	return rows.map(({ registration, domainName, academyName }) => {
		const window = windowOf(db, registration);
		const stored = currentVersion(db, registration);
		const specialty = db.select({ name: specialties.name }).from(specialties).where(eq(specialties.code, stored.content.choice.specialtyCode)).get();
		return {
			registrationNumber: registration.registrationNumber,
			examDomainCode: registration.examDomainCode,
			domainName,
			specialtyName: specialty?.name ?? stored.content.choice.specialtyCode,
			sessionYear: registration.sessionYear,
			academyName,
			version: registration.version,
			open: window ? window.closesAt > now : false,
			closesAtText: window ? closingText(db, registration.academyCode, window.closesAt) : null
		};
	});
}

/** One registration with its current content, for consultation and « Modifier ». */
export function getRegistration(db: Db, candidateId: string, registrationNumber: string, now: Date) {
	const registration = ownRegistration(db, candidateId, registrationNumber);
	if (!registration) return null;
	const window = windowOf(db, registration);
	const stored = currentVersion(db, registration);
	return {
		registration,
		stored,
		open: registration.status === 'active' && !!window && window.opensAt <= now && window.closesAt > now,
		closesAt: window?.closesAt ?? null,
		closesAtText: window ? closingText(db, registration.academyCode, window.closesAt) : null
	};
}

/** Every version (SPEC R10) and every other event of a registration, oldest first. */
export function getRegistrationHistory(db: Db, candidateId: string, registrationNumber: string) {
	const registration = ownRegistration(db, candidateId, registrationNumber);
	if (!registration) return null;
	const versions = db
		.select()
		.from(registrationVersions)
		.where(eq(registrationVersions.registrationId, registration.id))
		.orderBy(asc(registrationVersions.version))
		.all()
		.map((row) => ({ version: row.version, createdAt: row.createdAt, createdBy: row.createdBy, stored: row.content as StoredVersion }));
	const events = db
		.select({ occurredAt: auditEvents.occurredAt, action: auditEvents.action, actorType: auditEvents.actorType, reason: auditEvents.reason })
		.from(auditEvents)
		.where(and(eq(auditEvents.subjectType, 'registration'), eq(auditEvents.subjectId, registration.id)))
		.orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))
		.all();
	return { registration, versions, events };
}
