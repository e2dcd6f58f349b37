// Who may see and change what in the admin view (SPEC M1). Every load and action calls one of
// these again (a hook alone is not a guard), and every query is scoped with `academyScope`.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ManagerSession, ManagerUser } from './sessions';

/** The signed-in manager (second factor done), or a redirect to the login page. */
export function requireManager(event: Pick<RequestEvent, 'locals' | 'url'>): { manager: ManagerUser; session: ManagerSession } {
	const { manager, managerSession } = event.locals;
	if (!manager || !managerSession || managerSession.pendingSecondFactor) {
		redirect(303, `/admin/connexion?suite=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	return { manager, session: managerSession };
}

/** An administrator; a manager gets 404: the page does not exist for them. */
export function requireAdministrator(event: Pick<RequestEvent, 'locals' | 'url'>): { manager: ManagerUser; session: ManagerSession } {
	const found = requireManager(event);
	if (found.manager.role !== 'administrator') error(404, 'Page introuvable');
	return found;
}

export function isAdministrator(manager: ManagerUser): boolean {
	return manager.role === 'administrator';
}

/** Whether the manager works for this académie (an administrator works for all). */
export function canAccessAcademy(manager: ManagerUser, academyCode: string): boolean {
	return manager.role === 'administrator' || manager.academyCodes.includes(academyCode);
}

/** 404, never 403, for an académie not the manager's: nothing tells that the thing exists. */
export function requireAcademy(manager: ManagerUser, academyCode: string | null | undefined): void {
	if (!academyCode || !canAccessAcademy(manager, academyCode)) error(404, 'Page introuvable');
}

/** The condition every query on académie-scoped rows adds: true for an administrator. */
export function academyScope(manager: ManagerUser, column: SQLiteColumn): SQL {
	if (manager.role === 'administrator') return sql`1 = 1`;
	if (manager.academyCodes.length === 0) return sql`1 = 0`;
	return inArray(column, manager.academyCodes);
}
