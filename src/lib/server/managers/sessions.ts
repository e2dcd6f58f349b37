// Manager sessions (SPEC M1): their own table and cookie, 30 min idle and 12 h at most by default
// (SESSION_MANAGER_IDLE, SESSION_MANAGER_MAX). A candidate cookie never opens /admin, and this
// cookie never opens the candidate space.
import type { Cookies } from '@sveltejs/kit';
import { asc, eq, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { preparedQuery, type Db, type Executor } from '../db';
import { academies, managerAcademies, managers, managerSessions } from '../db/schema';
import { sessionCookieOptions } from '../auth/session';
import { generateToken, hashToken } from '../auth/tokens';
import type { ManagerRole } from '../../domain/manager';

export interface ManagerUser {
	id: string;
	email: string;
	role: ManagerRole;
	/** The académies a manager works for; empty for an administrator, who works for all. */
	academyCodes: string[];
	totpEnabled: boolean;
}

export interface ManagerSession {
	id: string;
	/** Password checked, second factor still due: only the code page opens. */
	pendingSecondFactor: boolean;
	expiresAt: Date;
	absoluteExpiresAt: Date;
}

export function createManagerSession(
	db: Executor,
	managerId: string,
	pendingSecondFactor: boolean,
	now: Date,
	config: Config
): { token: string; session: ManagerSession } {
	const token = generateToken();
	const absoluteExpiresAt = new Date(now.getTime() + config.sessions.managerMaxMs);
	const session: ManagerSession = {
		id: hashToken(token),
		pendingSecondFactor,
		expiresAt: new Date(Math.min(now.getTime() + config.sessions.managerIdleMs, absoluteExpiresAt.getTime())),
		absoluteExpiresAt
	};
	db.insert(managerSessions)
		.values({ ...session, managerId, createdAt: now })
		.run();
	return { token, session };
}

// Read on every admin request: prepared once per database connection.
const sessionLookup = preparedQuery((db) =>
	db
		.select({ session: managerSessions, manager: managers })
		.from(managerSessions)
		.innerJoin(managers, eq(managers.id, managerSessions.managerId))
		.where(eq(managerSessions.id, sql.placeholder('id')))
);

/** The académies in the catalogue's order, as `academiesOfManager` (./accounts) reads them. */
const academiesLookup = preparedQuery((db) =>
	db
		.select({ code: managerAcademies.academyCode })
		.from(managerAcademies)
		.innerJoin(academies, eq(academies.code, managerAcademies.academyCode))
		.where(eq(managerAcademies.managerId, sql.placeholder('managerId')))
		.orderBy(asc(academies.sortOrder))
);

/** The session and its manager, or null (expired, unknown, or the account disabled); slides the idle expiry. */
export function validateManagerSessionToken(
	db: Db,
	token: string,
	now: Date,
	config: Config
): { session: ManagerSession; manager: ManagerUser } | null {
	const id = hashToken(token);
	const row = sessionLookup(db).get({ id });
	if (!row) return null;
	if (now >= row.session.expiresAt || now >= row.session.absoluteExpiresAt || row.manager.disabledAt) {
		db.delete(managerSessions).where(eq(managerSessions.id, id)).run();
		return null;
	}
	const idle = config.sessions.managerIdleMs;
	let expiresAt = row.session.expiresAt;
	// Pushed forward on use, at most once a minute: a busy manager does not write on every request.
	if (expiresAt.getTime() - now.getTime() < idle - 60_000) {
		expiresAt = new Date(Math.min(now.getTime() + idle, row.session.absoluteExpiresAt.getTime()));
		db.update(managerSessions).set({ expiresAt }).where(eq(managerSessions.id, id)).run();
	}
	return {
		session: {
			id,
			pendingSecondFactor: row.session.pendingSecondFactor,
			expiresAt,
			absoluteExpiresAt: row.session.absoluteExpiresAt
		},
		manager: {
			id: row.manager.id,
			email: row.manager.email,
			role: row.manager.role,
			academyCodes:
				row.manager.role === 'administrator'
					? []
					: academiesLookup(db)
							.all({ managerId: row.manager.id })
							.map((each) => each.code),
			totpEnabled: row.manager.totpEnabledAt !== null
		}
	};
}

/** After the second factor: a new token (no fixation), the pending one ended. */
export function completeSecondFactor(db: Db, pendingSessionId: string, managerId: string, now: Date, config: Config) {
	return db.transaction((tx) => {
		tx.delete(managerSessions).where(eq(managerSessions.id, pendingSessionId)).run();
		return createManagerSession(tx, managerId, false, now, config);
	});
}

export function invalidateManagerSession(db: Executor, sessionId: string): void {
	db.delete(managerSessions).where(eq(managerSessions.id, sessionId)).run();
}

export function deleteExpiredManagerSessions(db: Executor, now: Date): number {
	return db
		.delete(managerSessions)
		.where(or(lt(managerSessions.expiresAt, now), lt(managerSessions.absoluteExpiresAt, now)))
		.run().changes;
}

/** `__Host-gestionnaire` over HTTPS (Secure, Path=/, no Domain: no sibling host can set it); `gestionnaire` over HTTP. */
export function managerCookieName(origin: string): string {
	return origin.startsWith('https:') ? '__Host-gestionnaire' : 'gestionnaire';
}

export function setManagerCookie(cookies: Pick<Cookies, 'set'>, origin: string, token: string, expiresAt: Date): void {
	cookies.set(managerCookieName(origin), token, sessionCookieOptions(origin, expiresAt));
}

export function deleteManagerCookie(cookies: Pick<Cookies, 'delete'>, origin: string): void {
	cookies.delete(managerCookieName(origin), sessionCookieOptions(origin));
}
