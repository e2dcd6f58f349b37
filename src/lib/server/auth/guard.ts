// The re-check every candidate load and action makes (a hook alone is not a guard).
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Session, SessionUser } from './session';

export function requireCandidate(event: Pick<RequestEvent, 'locals' | 'url'>): { user: SessionUser; session: Session } {
	const { user, session } = event.locals;
	if (!user || !session) redirect(303, `/me-connecter?suite=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	if (session.audience !== 'candidate') error(403, 'Cet espace est réservé aux candidats.');
	return { user, session };
}

const DEFAULT_NEXT = '/espace-candidat';

// Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so `/\t/evil`
// or `/\\evil` become `//evil`, another site (SPEC S1).
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

function decoded(text: string): string | null {
	try {
		return decodeURIComponent(text);
	} catch {
		return null;
	}
}

/** The page to open after a login: a path and query of this site only, else the candidate space (SPEC S1). */
export function safeNext(next: string | null, origin: string, fallback = DEFAULT_NEXT): string {
	if (!next || UNSAFE.test(next)) return fallback;
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return fallback;
	}
	if (url.origin !== new URL(origin).origin) return fallback;
	// Checked on the result, decoded too: `/.//evil` normalizes to `//evil`, and a server that
	// decodes `/%2F%2Fevil` before redirecting (a trailing-slash fix) would send `//evil`.
	const target = url.pathname + url.search;
	const plain = decoded(target);
	if (plain === null || UNSAFE.test(plain) || plain.startsWith('//')) return fallback;
	return target;
}
