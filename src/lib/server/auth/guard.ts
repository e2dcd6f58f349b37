// The re-check every candidate load and action makes (a hook alone is not a guard).
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Session, SessionUser } from './session';

export function requireCandidate(event: Pick<RequestEvent, 'locals' | 'url'>): { user: SessionUser; session: Session } {
	const { user, session } = event.locals;
	if (!user || !session) redirect(303, `/me-connecter?suite=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	if (session.audience !== 'candidate') error(403, 'Cet espace est réservé aux candidats.');
	return { user, session };
}

/** Only local paths may follow a login, never another site. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/espace-candidat';
}
