// The server's copy of each draft (SPEC O3, O5): written with the revision it was based on, so
// that two devices never silently overwrite each other.
import { and, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { preparedQuery, type Db, type Executor } from '../db';
import { registrationDrafts, registrations } from '../db/schema';
import * as catalogue from '../catalogue';
import type { DraftAnswer, ServerDraft } from '../../domain/registration-api';
import { draftWriteSchema } from '../../domain/registration-api-schemas';

function where(candidateId: string | SQLWrapper, examDomainCode: string | SQLWrapper, sessionYear: number | SQLWrapper) {
	return and(
		eq(registrationDrafts.candidateId, candidateId),
		eq(registrationDrafts.examDomainCode, examDomainCode),
		eq(registrationDrafts.sessionYear, sessionYear)
	);
}

// Read and deleted on every draft write and « Enregistrer »: prepared once.
const placedWhere = () => where(sql.placeholder('candidateId'), sql.placeholder('examDomainCode'), sql.placeholder('sessionYear'));
const draftOf = preparedQuery((db) => db.select().from(registrationDrafts).where(placedWhere()));
const deleteDraft = preparedQuery((db) => db.delete(registrationDrafts).where(placedWhere()));

function toServerDraft(row: typeof registrationDrafts.$inferSelect): ServerDraft {
	return {
		academyCode: row.academyCode,
		registrationNumber: row.registrationNumber,
		baseVersion: row.baseVersion,
		tab: row.tab,
		content: row.content,
		revision: row.revision,
		updatedAt: row.updatedAt.toISOString()
	};
}

export function getDraft(db: Db, candidateId: string, examDomainCode: string, sessionYear: number): ServerDraft | null {
	const row = draftOf(db).get({ candidateId, examDomainCode, sessionYear });
	return row ? toServerDraft(row) : null;
}

/** `basedOn` is the revision the device last had (0 for none); an older one gets 412 and this copy. */
export function writeDraft(
	db: Db,
	candidateId: string,
	examDomainCode: string,
	sessionYear: number,
	request: { basedOn: number; body: unknown },
	now: Date
): { status: number; body: DraftAnswer } {
	const parsed = draftWriteSchema.safeParse(request.body);
	if (!parsed.success) return { status: 400, body: { ok: false, code: 'bad-request', message: 'Brouillon illisible.' } };
	const draft = parsed.data;
	if (
		!catalogue.findExamDomain(db, examDomainCode) ||
		!catalogue.sessionExists(db, examDomainCode, sessionYear) ||
		!catalogue.findAcademy(db, draft.academyCode)
	) {
		return { status: 404, body: { ok: false, code: 'not-found', message: 'Examen introuvable.' } };
	}
	if (draft.registrationNumber) {
		const own = db
			.select({ id: registrations.id })
			.from(registrations)
			.where(
				and(
					eq(registrations.registrationNumber, draft.registrationNumber),
					eq(registrations.candidateId, candidateId),
					eq(registrations.examDomainCode, examDomainCode)
				)
			)
			.get();
		if (!own) return { status: 404, body: { ok: false, code: 'not-found', message: 'Inscription introuvable.' } };
	}
	return db.transaction(
		(tx) => {
			// Prepared on the database: runs inside this transaction (one connection).
			const current = draftOf(db).get({ candidateId, examDomainCode, sessionYear });
			if ((current?.revision ?? 0) !== request.basedOn) {
				if (current) return { status: 412, body: { ok: false as const, code: 'conflict' as const, current: toServerDraft(current) } };
				// The draft is gone: « Enregistrer » succeeded, maybe from another device.
				return {
					status: 410,
					body: { ok: false as const, code: 'gone' as const, message: 'Ce brouillon a déjà été enregistré depuis un autre appareil.' }
				};
			}
			const revision = (current?.revision ?? 0) + 1;
			const values = { ...draft, revision, updatedAt: now };
			if (current)
				tx.update(registrationDrafts)
					.set(values)
					.where(where(candidateId, examDomainCode, sessionYear))
					.run();
			else
				tx.insert(registrationDrafts)
					.values({ candidateId, examDomainCode, sessionYear, ...values })
					.run();
			return { status: 200, body: { ok: true as const, revision, updatedAt: now.toISOString() } };
		},
		{ behavior: 'immediate' }
	);
}

/** Once « Enregistrer » has succeeded, the draft has served: removed in the same transaction. */
export function deleteDraftOf(tx: Executor, candidateId: string, examDomainCode: string, sessionYear: number): void {
	deleteDraft(tx).run({ candidateId, examDomainCode, sessionYear });
}
