// Registrations (SPEC R1–R7, R14): « Enregistrer » as one transaction that is safe to replay.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Executor } from '../db';
import { academies, auditEvents, candidates, examOffices, idempotencyKeys, registrations, registrationVersions, registrationWindows } from '../db/schema';
import { generateId } from '../auth/tokens';
import { lockPersonalData } from '../accounts';
import { allocateCandidateNumber, allocateRegistrationNumber } from '../numbers';
import { timeZonePlace } from '../catalogue';
import { getExamCatalogue } from './catalogue';
import { PERSONAL_DATA_FIELDS } from '../../domain/account';
import { formatInstant } from '../../domain/registration-window';
import { computeExemptions, registrationContentSchema, unitsToSit } from '../../domain/registration';
import { registrationSubmissionSchema, type FieldProblem, type SubmissionAnswer, type WizardTab } from '../../domain/registration-api';
import type { RegistrationContent } from '../../domain/registration-content';

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

/** The académie whose sequence numbers a place: a foreign centre uses its parent's. */
function numberingAcademy(db: Executor, academyCode: string): string {
	const academy = db.select({ code: academies.code, parentCode: academies.parentCode }).from(academies).where(eq(academies.code, academyCode)).get()!;
	return academy.parentCode ?? academy.code;
}

function closingText(db: Executor, academyCode: string, closesAt: Date): string {
	const academy = db.select().from(academies).where(eq(academies.code, academyCode)).get()!;
	return formatInstant(closesAt, academy.timeZone, timeZonePlace(academy));
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
			const replay = tx
				.select()
				.from(idempotencyKeys)
				.where(and(eq(idempotencyKeys.candidateId, candidateId), eq(idempotencyKeys.key, key)))
				.get();
			if (replay) {
				if (replay.requestHash !== requestHash) {
					return answer(422, { ok: false, code: 'key-reused', message: 'Cette demande a déjà été envoyée avec un autre contenu.' });
				}
				return answer(replay.status, replay.response as SubmissionAnswer);
			}

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
			if (!parsed.success) {
				const problems: FieldProblem[] = parsed.error.issues.map((issue) => ({
					tab: TABS.includes(issue.path[0] as WizardTab) ? (issue.path[0] as WizardTab) : 'summary',
					path: issue.path as Array<string | number>,
					message: issue.message
				}));
				return answer(422, { ok: false, code: 'invalid', message: 'Certaines informations sont à corriger.', problems });
			}
			const content = parsed.data as RegistrationContent;
			const existing = findActiveRegistration(tx, candidateId, examDomainCode, sessionYear);
			if (existing) {
				return answer(409, {
					ok: false,
					code: 'already-registered',
					message: 'Vous avez déjà une inscription active à cet examen pour cette session.',
					registrationNumber: existing.registrationNumber
				});
			}

			// Identity comes from the account, never from the draft (SPEC R10).
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
			const specialty = catalogue.specialties.find((entry) => entry.code === content.choice.specialtyCode)!;
			const identity = Object.fromEntries([...PERSONAL_DATA_FIELDS, 'email'].map((field) => [field, candidate[field as keyof typeof candidate]]));
			tx.insert(registrationVersions)
				.values({
					registrationId: id,
					version: 1,
					createdAt: now,
					createdBy: 'candidate',
					content: {
						identity: { ...identity, candidateNumber },
						examDomainCode,
						sessionYear,
						academyCode,
						content,
						exemptions: computeExemptions(specialty, content.choice.optionCode, content.priorResults, sessionYear),
						unitsToSit: unitsToSit(specialty, content, sessionYear)
					}
				})
				.run();
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
			tx.insert(idempotencyKeys).values({ candidateId, key, requestHash, status: result.status, response: result.body, createdAt: now }).run();
			return result;
		},
		{ behavior: 'immediate' }
	);
}

/** What « N°Inscription » shows for a saved registration. */
export function getRegistrationSummary(db: Db, candidateId: string, registrationNumber: string, now: Date) {
	const registration = db
		.select()
		.from(registrations)
		.where(and(eq(registrations.registrationNumber, registrationNumber), eq(registrations.candidateId, candidateId)))
		.get();
	if (!registration) return null;
	const version = db
		.select()
		.from(registrationVersions)
		.where(and(eq(registrationVersions.registrationId, registration.id), eq(registrationVersions.version, registration.version)))
		.get()!;
	const window = db
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.examDomainCode, registration.examDomainCode),
				eq(registrationWindows.sessionYear, registration.sessionYear),
				eq(registrationWindows.academyCode, registration.academyCode),
				lte(registrationWindows.opensAt, registration.createdAt)
			)
		)
		.orderBy(desc(registrationWindows.closesAt))
		.get();
	const candidate = db.select({ candidateNumber: candidates.candidateNumber }).from(candidates).where(eq(candidates.id, candidateId)).get()!;
	return {
		registration,
		candidateNumber: candidate.candidateNumber!,
		content: version.content as { content: RegistrationContent; exemptions: unknown; unitsToSit: unknown },
		closesAt: window?.closesAt ?? null,
		closesAtText: window ? closingText(db, registration.academyCode, window.closesAt) : null,
		open: window ? window.closesAt > now : false
	};
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

export function listActiveRegistrations(db: Db, candidateId: string) {
	return db.select().from(registrations).where(and(eq(registrations.candidateId, candidateId), eq(registrations.status, 'active'))).orderBy(asc(registrations.createdAt)).all();
}
