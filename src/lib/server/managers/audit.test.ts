// The audit log (SPEC M8): written in the change's transaction, and the database itself refuses
// to edit or delete an entry.
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { auditEvents } from '../db/schema';
import { changedFields, listAuditEvents, recordAudit } from './audit';

const T0 = new Date('2027-01-10T08:00:00Z');
let db: Db;
beforeEach(() => {
	db = createTestDb();
	recordAudit(
		db,
		{ id: 'admin-1', role: 'administrator' },
		{ action: 'manager.disabled', subjectType: 'manager', subjectId: 'm-1', before: { disabled: false }, after: { disabled: true } },
		T0
	);
});

describe('audit log', () => {
	it('keeps who, when, what and before/after', () => {
		expect(db.select().from(auditEvents).all()).toEqual([
			{
				id: 1,
				occurredAt: T0,
				actorType: 'administrator',
				actorId: 'admin-1',
				action: 'manager.disabled',
				subjectType: 'manager',
				subjectId: 'm-1',
				reason: null,
				details: { before: { disabled: false }, after: { disabled: true } }
			}
		]);
	});

	it('records the operator’s command line as the system, with no actor id', () => {
		recordAudit(db, 'system', { action: 'manager.created', subjectType: 'manager', subjectId: 'm-2' }, T0);
		expect(listAuditEvents(db, { subjectId: 'm-2' })).toMatchObject([{ actorType: 'system', actorId: null }]);
	});

	it('is refused UPDATE and DELETE by the database itself', () => {
		expect(() => db.update(auditEvents).set({ reason: 'effacer' }).where(eq(auditEvents.id, 1)).run()).toThrow();
		expect(() => db.delete(auditEvents).run()).toThrow();
		expect(() => db.run(sql`UPDATE audit_events SET actor_id = 'someone-else'`)).toThrow();
		expect(db.select().from(auditEvents).all()).toHaveLength(1);
		expect(db.select().from(auditEvents).get()?.actorId).toBe('admin-1');
	});

	it('vanishes with the transaction of a change that fails', () => {
		expect(() =>
			db.transaction((tx) => {
				recordAudit(tx, { id: 'admin-1', role: 'administrator' }, { action: 'x', subjectType: 'manager', subjectId: 'm-3' }, T0);
				throw new Error('the change failed');
			})
		).toThrow('the change failed');
		expect(listAuditEvents(db, { subjectId: 'm-3' })).toEqual([]);
	});

	it('keeps only the fields that changed', () => {
		expect(changedFields({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1, 2] })).toEqual({
			before: { b: 'x', c: [1] },
			after: { b: 'y', c: [1, 2] }
		});
	});
});
