// The audit log (SPEC M8): every manager or administrator change is recorded in the transaction
// of the change itself, so one never lands without the other. The table is append-only: triggers
// in the migration make the database refuse UPDATE and DELETE.
import { and, desc, eq, gte, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { auditEvents, type AuditDetails } from '../db/schema';
import type { ManagerUser } from './sessions';

type Json = AuditDetails[string];

export interface AuditEntry {
	action: string;
	subjectType: string;
	subjectId: string;
	/** Why: required by the actions that ask for a reason (corrections, « Écarter »). */
	reason?: string | null;
	before?: Json;
	after?: Json;
	/** Anything else worth finding later: the registration number, the académie… */
	details?: AuditDetails;
}

/** Who made a change: a signed-in manager or administrator, or 'system' for the operator's CLI (scripts/manager.ts). */
export type AuditActor = Pick<ManagerUser, 'id' | 'role'> | 'system';

export function recordAudit(tx: Executor, actor: Pick<ManagerUser, 'id' | 'role'>, entry: AuditEntry, now: Date): void;
export function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry, now: Date): void;
export function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry, now: Date): void {
	const details: AuditDetails = { ...entry.details };
	if (entry.before !== undefined) details.before = entry.before;
	if (entry.after !== undefined) details.after = entry.after;
	tx.insert(auditEvents)
		.values({
			occurredAt: now,
			actorType: actor === 'system' ? 'system' : actor.role === 'administrator' ? 'administrator' : 'manager',
			actorId: actor === 'system' ? null : actor.id,
			action: entry.action,
			subjectType: entry.subjectType,
			subjectId: entry.subjectId,
			reason: entry.reason ?? null,
			details
		})
		.run();
}

/** The fields that changed, each as before → after: what an audit entry keeps of a change. */
export function changedFields<T extends Record<string, unknown>>(
	before: T,
	after: Partial<T>
): { before: AuditDetails; after: AuditDetails } {
	const changed = { before: {} as AuditDetails, after: {} as AuditDetails };
	for (const key of Object.keys(after)) {
		if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
		changed.before[key] = (before[key] ?? null) as Json;
		changed.after[key] = (after[key] ?? null) as Json;
	}
	return changed;
}

export interface AuditFilters {
	actorId?: string;
	/** Who in kind: 'system', 'candidate', 'manager', 'administrator' (M8: the log's « who » filter). */
	actorType?: (typeof auditEvents.$inferSelect)['actorType'];
	/** Any of these subjects (a registration and its candidate, found from a number). */
	subjectIds?: string[];
	action?: string;
	subjectId?: string;
	from?: Date;
	to?: Date;
	/** Keyset: entries older than this id. */
	before?: number;
}

/** The audit log for administrators, newest first, one page at a time (keyset on the id). */
export function listAuditEvents(db: Executor, filters: AuditFilters, limit = 100) {
	const conditions: (SQL | undefined)[] = [
		filters.actorId ? eq(auditEvents.actorId, filters.actorId) : undefined,
		filters.actorType ? eq(auditEvents.actorType, filters.actorType) : undefined,
		filters.subjectIds ? inArray(auditEvents.subjectId, filters.subjectIds) : undefined,
		filters.action
			? or(
					eq(auditEvents.action, filters.action),
					and(gte(auditEvents.action, `${filters.action}.`), lt(auditEvents.action, `${filters.action}/`))
				)
			: undefined,
		filters.subjectId ? eq(auditEvents.subjectId, filters.subjectId) : undefined,
		filters.from ? gte(auditEvents.occurredAt, filters.from) : undefined,
		filters.to ? lte(auditEvents.occurredAt, filters.to) : undefined,
		filters.before ? lt(auditEvents.id, filters.before) : undefined
	];
	return db
		.select()
		.from(auditEvents)
		.where(and(...conditions))
		.orderBy(desc(auditEvents.id))
		.limit(limit)
		.all();
}
