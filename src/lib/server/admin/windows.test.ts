import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { auditEvents, registrationWindows } from '../db/schema';
import { seedCatalogue, seedDemoWindows } from '../catalogue/seed';
import { readServicesChoice } from '../catalogue/choice';
import { findOpenWindow, listWindows } from '../catalogue';
import type { ManagerUser } from '../managers/sessions';
import type { WindowForm } from '../../domain/admin-windows';
import { createWindow, deleteWindow, findManagedWindow, listManagedWindows, updateWindow, windowFormValues } from './windows';

const NOW = new Date('2026-11-29T10:00:00Z');
const ADMIN: ManagerUser = { id: 'admin-1', email: 'admin@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };
const GRENOBLE_MANAGER: ManagerUser = {
	id: 'grenoble-1',
	email: 'g@example.org',
	role: 'manager',
	academyCodes: ['08'],
	totpEnabled: false
};
const LYON = { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '10' };

/** Lyon, Bac pro 2027, public, from 1 December 2026 09:00 to 15 January 2027 17:00, Paris time. */
const LYON_FORM: WindowForm = {
	academyCode: '10',
	examDomainCode: 'BCP',
	sessionYear: '2027',
	audience: 'public',
	opensDate: '2026-12-01',
	opensTime: '09:00',
	closesDate: '2027-01-15',
	closesTime: '17:00'
};

let db: Db;
beforeEach(() => {
	// The catalogue without the demonstration windows: in production nothing is open until a manager says so.
	db = createTestDb();
	seedCatalogue(db, undefined, NOW);
});

function audits() {
	return db.select().from(auditEvents).all();
}

describe('M2: creating a registration window', () => {
	it('stores the académie’s wall-clock times as instants, with a unique code, marked as changed in the application, audited', () => {
		const result = createWindow(db, ADMIN, LYON_FORM, NOW);
		expect(result.status).toBe('saved');
		if (result.status !== 'saved') return;
		const row = db.select().from(registrationWindows).where(eq(registrationWindows.id, result.id)).get()!;
		// Paris is UTC+1 in winter.
		expect(row.opensAt.toISOString()).toBe('2026-12-01T08:00:00.000Z');
		expect(row.closesAt.toISOString()).toBe('2027-01-15T16:00:00.000Z');
		expect(row.code).toMatch(/^BCP-2027-10-GP-[A-Z0-9]{6}$/);
		expect(row.changedInAppAt).toEqual(NOW);

		const second = createWindow(db, ADMIN, { ...LYON_FORM, opensDate: '2027-02-01', closesDate: '2027-02-10' }, NOW);
		expect(second.status === 'saved' && second.code).not.toBe(row.code);

		const [event] = audits();
		expect(event).toMatchObject({
			actorType: 'administrator',
			actorId: 'admin-1',
			action: 'registration-window.created',
			subjectType: 'registration-window',
			subjectId: row.code
		});
		expect(event.details).toMatchObject({ after: { academyCode: '10', opensAt: '2026-12-01T08:00:00.000Z', audience: 'public' } });
	});

	it('uses the académie’s own time zone: 09:00 in La Réunion is 05:00 UTC (R15)', () => {
		const result = createWindow(db, ADMIN, { ...LYON_FORM, academyCode: '28' }, NOW);
		expect(result.status).toBe('saved');
		const row = db.select().from(registrationWindows).where(eq(registrationWindows.academyCode, '28')).get()!;
		expect(row.opensAt.toISOString()).toBe('2026-12-01T05:00:00.000Z');
		const [listed] = listManagedWindows(db, ADMIN, { academyCode: '28' }, NOW);
		expect(listed).toMatchObject({ opensAt: '01/12/2026 à 09:00', closesAt: '15/01/2027 à 17:00', audienceLabel: 'Grand public' });
		expect(listed.timeZoneLabel).toBe('heure de La Réunion (UTC+4)');
		expect(listManagedWindows(db, ADMIN, { academyCode: '10' }, NOW)).toEqual([]);
	});

	it('shows at once on « Ouverture des services » and opens « Enregistrer » on the server’s clock (P1, R15)', () => {
		const url = new URL('http://localhost/ouverture-des-services?domaine=BCP&session=2027&academie=10');
		expect(readServicesChoice(db, url, NOW).result?.windows).toEqual([]);
		expect(findOpenWindow(db, LYON, 'public', new Date('2026-12-01T08:00:00Z'))).toBeUndefined();

		createWindow(db, ADMIN, LYON_FORM, NOW);
		const windows = readServicesChoice(db, url, NOW).result!.windows;
		expect(windows).toHaveLength(1);
		expect(windows[0]).toMatchObject({ state: 'upcoming', opensAt: 'mardi 1 décembre 2026 à 09:00' });
		expect(findOpenWindow(db, LYON, 'public', new Date('2026-12-01T07:59:59Z'))).toBeUndefined();
		expect(findOpenWindow(db, LYON, 'public', new Date('2026-12-01T08:00:00Z'))).toBeDefined();
	});

	it('a school window never counts for the public: not on « Ouverture des services », not for « Enregistrer »', () => {
		createWindow(db, ADMIN, { ...LYON_FORM, audience: 'school' }, NOW);
		expect(listWindows(db, LYON, 'public')).toEqual([]);
		expect(findOpenWindow(db, LYON, 'public', new Date('2026-12-15T10:00:00Z'))).toBeUndefined();
		expect(findOpenWindow(db, LYON, 'school', new Date('2026-12-15T10:00:00Z'))).toBeDefined();
		const url = new URL('http://localhost/ouverture-des-services?domaine=BCP&session=2027&academie=10');
		expect(readServicesChoice(db, url, NOW).result!.windows).toEqual([]);
	});
});

describe('M2: what a window may not be', () => {
	it('closing at or before its opening is refused, next to the closing date', () => {
		const same = createWindow(db, ADMIN, { ...LYON_FORM, closesDate: '2026-12-01', closesTime: '09:00' }, NOW);
		expect(same).toEqual({ status: 'invalid', errors: { closesDate: 'La fermeture doit être après l’ouverture.' } });
		expect(db.select().from(registrationWindows).all()).toEqual([]);
		expect(audits()).toEqual([]);
	});

	it('overlapping another window of the same académie, exam, session and audience is refused; touching or another audience is not', () => {
		createWindow(db, ADMIN, LYON_FORM, NOW);
		const overlap = createWindow(db, ADMIN, { ...LYON_FORM, opensDate: '2027-01-10', closesDate: '2027-02-10' }, NOW);
		expect(overlap.status).toBe('invalid');
		expect(overlap.status === 'invalid' && overlap.errors.opensDate).toContain('chevauche une autre fenêtre');
		expect(overlap.status === 'invalid' && overlap.errors.opensDate).toContain('du 01/12/2026 à 09:00 au 15/01/2027 à 17:00');

		// Open at the very minute the other closes: [opens, closes) periods do not overlap.
		expect(
			createWindow(db, ADMIN, { ...LYON_FORM, opensDate: '2027-01-15', opensTime: '17:00', closesDate: '2027-01-20' }, NOW).status
		).toBe('saved');
		expect(createWindow(db, ADMIN, { ...LYON_FORM, audience: 'school' }, NOW).status).toBe('saved');
		expect(createWindow(db, ADMIN, { ...LYON_FORM, academyCode: '08' }, NOW).status).toBe('saved');
		expect(createWindow(db, ADMIN, { ...LYON_FORM, examDomainCode: 'CAP' }, NOW).status).toBe('saved');
	});

	it('a session that does not exist is refused next to the session', () => {
		const result = createWindow(db, ADMIN, { ...LYON_FORM, sessionYear: '2031' }, NOW);
		expect(result).toEqual({ status: 'invalid', errors: { sessionYear: expect.stringContaining('Cette session n’existe pas') } });
	});

	it('changing a window into an overlap is refused, itself excluded from the check', () => {
		const first = createWindow(db, ADMIN, LYON_FORM, NOW);
		const second = createWindow(db, ADMIN, { ...LYON_FORM, opensDate: '2027-02-01', closesDate: '2027-02-10' }, NOW);
		if (first.status !== 'saved' || second.status !== 'saved') throw new Error('not saved');
		expect(updateWindow(db, ADMIN, first.id, { ...LYON_FORM, closesDate: '2027-01-20' }, NOW).status).toBe('saved');
		const moved = updateWindow(db, ADMIN, first.id, { ...LYON_FORM, closesDate: '2027-02-05' }, NOW);
		expect(moved.status).toBe('invalid');
	});
});

describe('M1, M2: a manager works only on the windows of their académies', () => {
	it('a Grenoble manager neither lists, opens, changes nor deletes a Lyon window, and cannot create one', () => {
		const lyon = createWindow(db, ADMIN, LYON_FORM, NOW);
		if (lyon.status !== 'saved') throw new Error('not saved');
		createWindow(db, GRENOBLE_MANAGER, { ...LYON_FORM, academyCode: '08' }, NOW);

		expect(listManagedWindows(db, GRENOBLE_MANAGER, {}, NOW).map((window) => window.academyCode)).toEqual(['08']);
		expect(listManagedWindows(db, GRENOBLE_MANAGER, { academyCode: '10' }, NOW)).toEqual([]);
		expect(findManagedWindow(db, GRENOBLE_MANAGER, lyon.id)).toBeUndefined();
		expect(updateWindow(db, GRENOBLE_MANAGER, lyon.id, { ...LYON_FORM, academyCode: '08' }, NOW)).toEqual({ status: 'not-found' });
		expect(deleteWindow(db, GRENOBLE_MANAGER, lyon.id, NOW)).toEqual({ status: 'not-found' });
		expect(createWindow(db, GRENOBLE_MANAGER, { ...LYON_FORM, opensDate: '2027-03-01', closesDate: '2027-03-10' }, NOW)).toEqual({
			status: 'invalid',
			errors: { academyCode: 'Choisissez une académie dans la liste.' }
		});
		// Moving its own window to Lyon is refused too.
		const own = listManagedWindows(db, GRENOBLE_MANAGER, {}, NOW)[0];
		expect(
			updateWindow(db, GRENOBLE_MANAGER, own.id, { ...LYON_FORM, opensDate: '2027-03-01', closesDate: '2027-03-10' }, NOW).status
		).toBe('invalid');
		expect(findManagedWindow(db, ADMIN, lyon.id)).toMatchObject({ academyCode: '10' });
	});
});

describe('M2, M8: changing and deleting a window', () => {
	it('a change keeps the code, shows on the form in local time, and is audited with before and after', () => {
		const created = createWindow(db, GRENOBLE_MANAGER, { ...LYON_FORM, academyCode: '08' }, NOW);
		if (created.status !== 'saved') throw new Error('not saved');
		const later = new Date(NOW.getTime() + 60_000);
		const changed = updateWindow(db, GRENOBLE_MANAGER, created.id, { ...LYON_FORM, academyCode: '08', closesTime: '18:30' }, later);
		expect(changed).toEqual({ status: 'saved', id: created.id, code: created.code });
		const row = findManagedWindow(db, GRENOBLE_MANAGER, created.id)!;
		expect(windowFormValues(db, row)).toEqual({ ...LYON_FORM, academyCode: '08', closesTime: '18:30' });
		expect(row.changedInAppAt).toEqual(later);
		const event = audits().find((entry) => entry.action === 'registration-window.changed')!;
		expect(event).toMatchObject({ actorType: 'manager', actorId: 'grenoble-1', subjectId: created.code });
		expect(event.details).toMatchObject({
			before: { closesAt: '2027-01-15T16:00:00.000Z' },
			after: { closesAt: '2027-01-15T17:30:00.000Z' }
		});
	});

	it('a deleted window is gone at once for « Enregistrer », and the deletion is audited', () => {
		const created = createWindow(db, ADMIN, LYON_FORM, NOW);
		if (created.status !== 'saved') throw new Error('not saved');
		const inside = new Date('2026-12-15T10:00:00Z');
		expect(findOpenWindow(db, LYON, 'public', inside)).toBeDefined();
		expect(deleteWindow(db, ADMIN, created.id, NOW)).toEqual({ status: 'deleted' });
		expect(findOpenWindow(db, LYON, 'public', inside)).toBeUndefined();
		expect(audits().find((entry) => entry.action === 'registration-window.deleted')).toMatchObject({
			subjectId: created.code,
			details: { before: { academyCode: '10' } }
		});
	});

	it('a window changed in the application is left alone by the demonstration seed', () => {
		seedDemoWindows(db, NOW);
		const demo = db.select().from(registrationWindows).where(eq(registrationWindows.code, 'BCP-2027-10-GP')).get()!;
		const result = updateWindow(db, ADMIN, demo.id, { ...LYON_FORM, closesDate: '2027-03-01' }, NOW);
		expect(result.status).toBe('saved');
		seedDemoWindows(db, new Date(NOW.getTime() + 86_400_000));
		const after = db.select().from(registrationWindows).where(eq(registrationWindows.id, demo.id)).get()!;
		expect(after.opensAt.toISOString()).toBe('2026-12-01T08:00:00.000Z');
	});
});
