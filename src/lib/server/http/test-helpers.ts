// Route tests call a `+server.ts` handler as SvelteKit would after the hooks: with the request, the
// route's parameters and the locals the session hook sets. Nothing here opens a network port.
import type { RequestEvent } from '@sveltejs/kit';

/** What the session hook sets for a signed-in candidate with a chosen password. */
export function candidateLocals(candidateId: string): App.Locals {
	const expiresAt = new Date(Date.now() + 3600_000);
	return {
		user: { candidateId, firstNames: 'Léa', birthName: 'Martin', usageName: '', mustSetPassword: false },
		session: { id: 'session-de-test', audience: 'candidate', expiresAt, absoluteExpiresAt: expiresAt }
	};
}

/** The answer of `handler`; the event holds only what the JSON endpoints read, and inert stubs. */
export async function callEndpoint<E extends RequestEvent>(
	handler: (event: E) => Response | Promise<Response>,
	request: Request,
	options: { params: E['params']; locals: App.Locals; routeId?: string }
): Promise<Response> {
	const event = {
		request,
		params: options.params,
		locals: options.locals,
		url: new URL(request.url),
		route: { id: options.routeId ?? null },
		getClientAddress: () => '192.0.2.1',
		setHeaders: () => undefined,
		cookies: { get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined, serialize: () => '' },
		isDataRequest: false,
		isSubRequest: false
	};
	return handler(event as unknown as E);
}
