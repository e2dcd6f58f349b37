// Registration windows in the admin view (SPEC M2, P1, R15): managers for their académies,
// administrators for all. The opening and closing are entered on the académie's own clock and
// stored as instants; « Ouverture des services », the wizard and « Enregistrer » read the same
// rows (catalogue/index.ts) against the server's clock, so a change shows at once.
import { and, asc, eq, ne, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { academies, examDomains, examSessions, registrationWindows } from '../db/schema';
import { randomString } from '../auth/tokens';
import { findAcademy, timeZonePlace } from '../catalogue';
import { academyScope, canAccessAcademy } from '../managers/scope';
import { recordAudit } from '../managers/audit';
import type { ManagerUser } from '../managers/sessions';
import { instantOf, windowState, WINDOW_STATE_LABELS, type WindowState } from '../../domain/registration-window';
import {
	formatLocalInstant,
	localInputsOf,
	timeZoneLabel,
	WINDOW_AUDIENCES,
	WINDOW_MESSAGES,
	type WindowAudienceCode,
	type WindowForm
} from '../../domain/admin-windows';

type Window = typeof registrationWindows.$inferSelect;

export interface WindowFilters {
	academyCode?: string;
	examDomainCode?: string;
	sessionYear?: number;
}

/** The windows the manager may see, filtered, for the dense table of « Fenêtres d’inscription ». */
export function listManagedWindows(db: Db, manager: ManagerUser, filters: WindowFilters, now: Date) {
	const conditions: (SQL | undefined)[] = [
		academyScope(manager, registrationWindows.academyCode),
		filters.academyCode ? eq(registrationWindows.academyCode, filters.academyCode) : undefined,
		filters.examDomainCode ? eq(registrationWindows.examDomainCode, filters.examDomainCode) : undefined,
		filters.sessionYear ? eq(registrationWindows.sessionYear, filters.sessionYear) : undefined
	];
	return db
		.select({
			window: registrationWindows,
			academyName: academies.name,
			academyKind: academies.kind,
			timeZone: academies.timeZone,
			domainName: examDomains.shortName
		})
		.from(registrationWindows)
		.innerJoin(academies, eq(academies.code, registrationWindows.academyCode))
		.innerJoin(examDomains, eq(examDomains.code, registrationWindows.examDomainCode))
		.where(and(...conditions))
		.orderBy(
			asc(academies.sortOrder),
			asc(examDomains.sortOrder),
			asc(registrationWindows.sessionYear),
			asc(registrationWindows.audience),
			asc(registrationWindows.opensAt)
		)
		.all()
		.map((row) =>
			describeWindow(row.window, { name: row.academyName, kind: row.academyKind, timeZone: row.timeZone }, row.domainName, now)
		);
}

function describeWindow(window: Window, academy: { name: string; kind: string; timeZone: string }, domainName: string, now: Date) {
	const state: WindowState = windowState(window, now);
	return {
		id: window.id,
		code: window.code,
		academyCode: window.academyCode,
		academyName: academy.name,
		examDomainCode: window.examDomainCode,
		domainName,
		sessionYear: window.sessionYear,
		audience: window.audience,
		audienceLabel: WINDOW_AUDIENCES[window.audience],
		opensAt: formatLocalInstant(window.opensAt, academy.timeZone),
		closesAt: formatLocalInstant(window.closesAt, academy.timeZone),
		opensAtIso: window.opensAt.toISOString(),
		closesAtIso: window.closesAt.toISOString(),
		timeZoneLabel: timeZoneLabel(academy.timeZone, timeZonePlace(academy), window.opensAt),
		state,
		stateLabel: WINDOW_STATE_LABELS[state],
		changedInApp: window.changedInAppAt !== null
	};
}

/** A window of one of the manager's académies, or nothing: another académie's id is unknown (404). */
export function findManagedWindow(db: Executor, manager: ManagerUser, id: number): Window | undefined {
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	return db
		.select()
		.from(registrationWindows)
		.where(and(eq(registrationWindows.id, id), academyScope(manager, registrationWindows.academyCode)))
		.get();
}

/** The form's values for an existing window, on its académie's clock. */
export function windowFormValues(db: Executor, window: Window): WindowForm {
	const academy = findAcademy(db, window.academyCode)!;
	const opens = localInputsOf(window.opensAt, academy.timeZone);
	const closes = localInputsOf(window.closesAt, academy.timeZone);
	return {
		academyCode: window.academyCode,
		examDomainCode: window.examDomainCode,
		sessionYear: String(window.sessionYear),
		audience: window.audience,
		opensDate: opens.date,
		opensTime: opens.time,
		closesDate: closes.date,
		closesTime: closes.time
	};
}

function hasSession(tx: Executor, examDomainCode: string, year: number): boolean {
	return !!tx
		.select({ year: examSessions.year })
		.from(examSessions)
		.where(and(eq(examSessions.examDomainCode, examDomainCode), eq(examSessions.year, year)))
		.get();
}

export type WindowFieldErrors = Partial<Record<keyof WindowForm, string>>;

export type WindowChangeResult =
	{ status: 'saved'; id: number; code: string } | { status: 'invalid'; errors: WindowFieldErrors } | { status: 'not-found' };

interface CheckedWindow {
	academyCode: string;
	examDomainCode: string;
	sessionYear: number;
	audience: WindowAudienceCode;
	opensAt: Date;
	closesAt: Date;
}

/**
 * Checks a form against the database: the académie is the manager's, the session exists, the
 * closing follows the opening, and no other window of the same académie, exam, session and
 * audience overlaps it (SPEC M2).
 */
function checkWindow(tx: Executor, manager: ManagerUser, input: WindowForm, exceptId: number | null) {
	const errors: WindowFieldErrors = {};
	const academy = canAccessAcademy(manager, input.academyCode) ? findAcademy(tx, input.academyCode) : undefined;
	if (!academy) errors.academyCode = WINDOW_MESSAGES.unknownAcademy;
	const domain = tx.select({ code: examDomains.code }).from(examDomains).where(eq(examDomains.code, input.examDomainCode)).get();
	if (!domain) errors.examDomainCode = WINDOW_MESSAGES.unknownDomain;
	const sessionYear = Number(input.sessionYear);
	if (domain && !hasSession(tx, domain.code, sessionYear)) errors.sessionYear = WINDOW_MESSAGES.unknownSession;
	if (!academy || Object.keys(errors).length > 0) return { errors } as const;

	const local = (date: string, time: string) => {
		const [year, month, day] = date.split('-').map(Number);
		const [hour, minute] = time.split(':').map(Number);
		return instantOf({ year, month, day, hour, minute }, academy.timeZone);
	};
	const window: CheckedWindow = {
		academyCode: academy.code,
		examDomainCode: input.examDomainCode,
		sessionYear,
		audience: input.audience as WindowAudienceCode,
		opensAt: local(input.opensDate, input.opensTime),
		closesAt: local(input.closesDate, input.closesTime)
	};
	if (window.closesAt.getTime() <= window.opensAt.getTime()) return { errors: { closesDate: WINDOW_MESSAGES.closesBeforeOpens } } as const;

	const others = tx
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.academyCode, window.academyCode),
				eq(registrationWindows.examDomainCode, window.examDomainCode),
				eq(registrationWindows.sessionYear, window.sessionYear),
				eq(registrationWindows.audience, window.audience),
				exceptId === null ? undefined : ne(registrationWindows.id, exceptId)
			)
		)
		.all();
	// Half-open periods [opens, closes): one may open at the very instant another closes.
	const overlapping = others.find(
		(other) => other.opensAt.getTime() < window.closesAt.getTime() && window.opensAt.getTime() < other.closesAt.getTime()
	);
	if (overlapping) {
		const text = `du ${formatLocalInstant(overlapping.opensAt, academy.timeZone)} au ${formatLocalInstant(overlapping.closesAt, academy.timeZone)}`;
		return { errors: { opensDate: WINDOW_MESSAGES.overlap(text) } } as const;
	}
	return { window } as const;
}

function auditView(window: Pick<Window, 'code' | 'academyCode' | 'examDomainCode' | 'sessionYear' | 'audience' | 'opensAt' | 'closesAt'>) {
	return {
		code: window.code,
		academyCode: window.academyCode,
		examDomainCode: window.examDomainCode,
		sessionYear: window.sessionYear,
		audience: window.audience,
		opensAt: window.opensAt.toISOString(),
		closesAt: window.closesAt.toISOString()
	};
}

/** A code no other window has: « BCP-2027-10-GP-K3X9QF ». */
function newWindowCode(tx: Executor, window: CheckedWindow): string {
	for (;;) {
		const code = `${window.examDomainCode}-${window.sessionYear}-${window.academyCode}-${window.audience === 'public' ? 'GP' : 'SCO'}-${randomString('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6)}`;
		if (!tx.select({ id: registrationWindows.id }).from(registrationWindows).where(eq(registrationWindows.code, code)).get()) return code;
	}
}

export function createWindow(db: Db, manager: ManagerUser, input: WindowForm, now: Date): WindowChangeResult {
	return db.transaction(
		(tx) => {
			const checked = checkWindow(tx, manager, input, null);
			if (!checked.window) return { status: 'invalid', errors: checked.errors };
			const code = newWindowCode(tx, checked.window);
			const row = { ...checked.window, code, changedInAppAt: now };
			const { id } = tx.insert(registrationWindows).values(row).returning({ id: registrationWindows.id }).get();
			recordAudit(
				tx,
				manager,
				{
					action: 'registration-window.created',
					subjectType: 'registration-window',
					subjectId: code,
					after: auditView(row),
					details: { academyCode: row.academyCode }
				},
				now
			);
			return { status: 'saved', id, code };
		},
		{ behavior: 'immediate' }
	);
}

export function updateWindow(db: Db, manager: ManagerUser, id: number, input: WindowForm, now: Date): WindowChangeResult {
	return db.transaction(
		(tx) => {
			const before = findManagedWindow(tx, manager, id);
			if (!before) return { status: 'not-found' };
			const checked = checkWindow(tx, manager, input, id);
			if (!checked.window) return { status: 'invalid', errors: checked.errors };
			const after = { ...before, ...checked.window, changedInAppAt: now };
			tx.update(registrationWindows)
				.set({ ...checked.window, changedInAppAt: now })
				.where(eq(registrationWindows.id, id))
				.run();
			recordAudit(
				tx,
				manager,
				{
					action: 'registration-window.changed',
					subjectType: 'registration-window',
					subjectId: before.code,
					before: auditView(before),
					after: auditView(after),
					details: { academyCode: after.academyCode }
				},
				now
			);
			return { status: 'saved', id, code: before.code };
		},
		{ behavior: 'immediate' }
	);
}

export function deleteWindow(db: Db, manager: ManagerUser, id: number, now: Date): { status: 'deleted' | 'not-found' } {
	return db.transaction(
		(tx) => {
			const before = findManagedWindow(tx, manager, id);
			if (!before) return { status: 'not-found' as const };
			tx.delete(registrationWindows).where(eq(registrationWindows.id, id)).run();
			recordAudit(
				tx,
				manager,
				{
					action: 'registration-window.deleted',
					subjectType: 'registration-window',
					subjectId: before.code,
					before: auditView(before),
					details: { academyCode: before.academyCode }
				},
				now
			);
			return { status: 'deleted' as const };
		},
		{ behavior: 'immediate' }
	);
}

/** The académies the manager may choose, with their clock named for the form's hint (R15). */
export function managedAcademies(db: Db, manager: ManagerUser) {
	return db
		.select({ code: academies.code, name: academies.name, kind: academies.kind, timeZone: academies.timeZone })
		.from(academies)
		.where(academyScope(manager, academies.code))
		.orderBy(asc(academies.sortOrder))
		.all()
		.map((academy) => ({ code: academy.code, name: academy.name, timeZoneLabel: timeZoneLabel(academy.timeZone, timeZonePlace(academy)) }));
}
