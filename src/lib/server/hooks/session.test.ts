// The session cookie over HTTPS (`__Host-session`) and over HTTP (`session`, local runs and tests).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { createSession, deleteSessionCookie, sessionCookieName, setSessionCookie } from '../auth/session';
import { readConfig, type Config } from '../config';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';

let db: Db;
let config: Config;
vi.mock('../db', async (original) => ({ ...(await original<typeof import('../db')>()), getDb: () => db }));
vi.mock('../config', async (original) => ({ ...(await original<typeof import('../config')>()), getConfig: () => config }));
const { session } = await import('./session');

interface Written {
	name: string;
	value?: string;
	options: object;
}

/** A cookie jar holding what the browser sent, recording what the answer sets and deletes. */
function jar(sent: Record<string, string>) {
	const written: Written[] = [];
	return {
		written,
		cookies: {
			get: (name: string) => sent[name],
			set: (name: string, value: string, options: object) => void written.push({ name, value, options }),
			delete: (name: string, options: object) => void written.push({ name, options })
		}
	};
}

async function handle(sent: Record<string, string>) {
	const { cookies, written } = jar(sent);
	const event = { cookies, locals: {} as App.Locals, url: new URL(config.origin), request: new Request(config.origin) };
	await session({ event, resolve: async () => new Response('ok') } as never);
	return { locals: event.locals, written };
}

let token: string;
beforeEach(async () => {
	db = createTestDb();
	config = readConfig({ ORIGIN: 'https://candidat.example.org' });
	const candidateId = await createActivatedCandidate(db, { now: new Date(), config });
	token = createSession(db, candidateId, 'candidate', new Date(), config).token;
});

describe('A5: the session cookie is __Host- prefixed over HTTPS', () => {
	it('is named __Host-session over HTTPS, Secure, Path=/ and without Domain', () => {
		const { cookies, written } = jar({});
		const expiresAt = new Date('2026-12-01T10:00:00Z');
		setSessionCookie(cookies, 'https://candidat.example.org', 'jeton', expiresAt);
		deleteSessionCookie(cookies, 'https://candidat.example.org');
		expect(written).toEqual([
			{ name: '__Host-session', value: 'jeton', options: { path: '/', httpOnly: true, sameSite: 'lax', secure: true, expires: expiresAt } },
			{ name: '__Host-session', options: { path: '/', httpOnly: true, sameSite: 'lax', secure: true } }
		]);
	});

	it('stays `session` over HTTP, where a browser refuses __Host- cookies', () => {
		expect(sessionCookieName('http://localhost:3000')).toBe('session');
		const { cookies, written } = jar({});
		setSessionCookie(cookies, 'http://127.0.0.1:4173', 'jeton', new Date());
		expect(written[0]).toMatchObject({ name: 'session', options: { secure: false, path: '/' } });
	});

	it('the session hook reads __Host-session over HTTPS and ignores a plain `session` cookie', async () => {
		const signedIn = await handle({ '__Host-session': token });
		expect(signedIn.locals.user).not.toBeNull();
		// Fresh: the browser's cookie already carries this expiry.
		expect(signedIn.written).toEqual([]);
		const plain = await handle({ session: token });
		expect(plain.locals.user).toBeNull();
		expect(plain.written).toEqual([]);
	});

	it('over HTTP the hook reads `session`', async () => {
		config = readConfig({ ORIGIN: 'http://localhost:3000' });
		expect((await handle({ session: token })).locals.user).not.toBeNull();
		const ended = await handle({ session: 'inconnu' });
		expect(ended.locals.user).toBeNull();
		expect(ended.written).toEqual([{ name: 'session', options: { path: '/', httpOnly: true, sameSite: 'lax', secure: false } }]);
	});
});

describe('A5: the session cookie is sent again when its expiry moves, not with every answer', () => {
	afterEach(() => vi.useRealTimers());

	it('leaves the cookie alone while the session is fresh, and sends the new expiry once it is extended', async () => {
		expect((await handle({ '__Host-session': token })).written).toEqual([]);
		// Past half of the idle time, the next request extends the session: the cookie follows.
		const later = new Date(Date.now() + config.sessions.candidateIdleMs * 0.6);
		vi.useFakeTimers({ now: later, toFake: ['Date'] });
		const extended = await handle({ '__Host-session': token });
		expect(extended.locals.session!.expiresAt.getTime()).toBe(later.getTime() + config.sessions.candidateIdleMs);
		expect(extended.written).toEqual([
			{
				name: '__Host-session',
				value: token,
				options: { path: '/', httpOnly: true, sameSite: 'lax', secure: true, expires: extended.locals.session!.expiresAt }
			}
		]);
		// Right after, fresh again: nothing sent.
		expect((await handle({ '__Host-session': token })).written).toEqual([]);
	});
});
