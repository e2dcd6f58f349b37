// Sessions the Lucia guide's way: a random token in the cookie, its SHA-256 as the session id,
// an idle expiry pushed forward while used, and an absolute limit.
import type { Cookies } from '@sveltejs/kit';
import { eq, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { preparedQuery, type Db } from '../db';
import { accounts, candidates, sessions } from '../db/schema';
import { generateToken, hashToken } from './tokens';

export type Audience = 'candidate' | 'manager';

export interface SessionUser {
	candidateId: string;
	firstNames: string;
	birthName: string;
	usageName: string;
	/** A school candidate who logged in with the slip's secret and has not chosen a password yet. */
	mustSetPassword: boolean;
}

export interface Session {
	id: string;
	audience: Audience;
	expiresAt: Date;
	absoluteExpiresAt: Date;
}

function lifetimes(config: Config, audience: Audience) {
	return audience === 'candidate'
		? { idle: config.sessions.candidateIdleMs, max: config.sessions.candidateMaxMs }
		: { idle: config.sessions.managerIdleMs, max: config.sessions.managerMaxMs };
}

export function createSession(
	db: Db,
	candidateId: string,
	audience: Audience,
	now: Date,
	config: Config
): { token: string; session: Session } {
	const token = generateToken();
	const { idle, max } = lifetimes(config, audience);
	const absoluteExpiresAt = new Date(now.getTime() + max);
	const session: Session = {
		id: hashToken(token),
		audience,
		expiresAt: new Date(Math.min(now.getTime() + idle, absoluteExpiresAt.getTime())),
		absoluteExpiresAt
	};
	db.insert(sessions)
		.values({ ...session, candidateId, createdAt: now })
		.run();
	return { token, session };
}

// Read on every request that carries a session cookie: prepared once per database connection.
const sessionLookup = preparedQuery((db) =>
	db
		.select({
			id: sessions.id,
			audience: sessions.audience,
			expiresAt: sessions.expiresAt,
			absoluteExpiresAt: sessions.absoluteExpiresAt,
			candidateId: candidates.id,
			firstNames: candidates.firstNames,
			birthName: candidates.birthName,
			usageName: candidates.usageName,
			passwordHash: accounts.passwordHash
		})
		.from(sessions)
		.innerJoin(candidates, eq(sessions.candidateId, candidates.id))
		.innerJoin(accounts, eq(accounts.candidateId, candidates.id))
		.where(eq(sessions.id, sql.placeholder('id')))
);

/**
 * The session and its candidate, or null; extends the idle expiry once half of it is used, unless
 * `extend` is false (the page asking when its session ends is not the candidate being active).
 * `extended` says whether it did: the cookie, which carries the expiry, changes only then.
 */
export function validateSessionToken(
	db: Db,
	token: string,
	now: Date,
	config: Config,
	{ extend = true }: { extend?: boolean } = {}
): { session: Session; user: SessionUser; extended: boolean } | null {
	const id = hashToken(token);
	const row = sessionLookup(db).get({ id });
	if (!row) return null;
	if (now >= row.expiresAt || now >= row.absoluteExpiresAt) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return null;
	}
	const { idle } = lifetimes(config, row.audience);
	let expiresAt = row.expiresAt;
	const extended = extend && expiresAt.getTime() - now.getTime() < idle / 2;
	if (extended) {
		expiresAt = new Date(Math.min(now.getTime() + idle, row.absoluteExpiresAt.getTime()));
		db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id)).run();
	}
	return {
		extended,
		session: { id: row.id, audience: row.audience, expiresAt, absoluteExpiresAt: row.absoluteExpiresAt },
		user: {
			candidateId: row.candidateId,
			firstNames: row.firstNames,
			birthName: row.birthName,
			usageName: row.usageName,
			mustSetPassword: row.passwordHash === null
		}
	};
}

/** « Rester connecté » (SPEC N4): the idle expiry starts again now, never past the absolute limit. */
export function extendSession(db: Pick<Db, 'update'>, session: Session, now: Date, config: Config): Session {
	const { idle } = lifetimes(config, session.audience);
	const expiresAt = new Date(Math.min(now.getTime() + idle, session.absoluteExpiresAt.getTime()));
	db.update(sessions).set({ expiresAt }).where(eq(sessions.id, session.id)).run();
	return { ...session, expiresAt };
}

export function invalidateSession(db: Pick<Db, 'delete'>, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export function invalidateAllSessions(db: Pick<Db, 'delete'>, candidateId: string): void {
	db.delete(sessions).where(eq(sessions.candidateId, candidateId)).run();
}

export function deleteExpiredSessions(db: Db, now: Date): number {
	return db
		.delete(sessions)
		.where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)))
		.run().changes;
}

/**
 * `__Host-session` over HTTPS: the browser keeps it only if Secure, with Path=/ and no Domain, so
 * no other host (a sibling subdomain) can set or shadow it. Plain `session` over HTTP (local runs).
 */
export function sessionCookieName(origin: string): string {
	return origin.startsWith('https:') ? '__Host-session' : 'session';
}

/** httpOnly, SameSite=Lax, Path=/, no Domain; Secure whenever the site is served over HTTPS. */
export function sessionCookieOptions(origin: string, expiresAt?: Date) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: origin.startsWith('https:'),
		...(expiresAt ? { expires: expiresAt } : {})
	};
}

export function setSessionCookie(cookies: Pick<Cookies, 'set'>, origin: string, token: string, expiresAt: Date): void {
	cookies.set(sessionCookieName(origin), token, sessionCookieOptions(origin, expiresAt));
}

export function deleteSessionCookie(cookies: Pick<Cookies, 'delete'>, origin: string): void {
	cookies.delete(sessionCookieName(origin), sessionCookieOptions(origin));
}
