// The sync engine (DESIGN "Offline drafts and sync" §2–3, SPEC O3–O5). The device's draft is the
// truth for the candidate; this module sends it to the server, fetches the server's copy to continue
// on another device, and sends « Enregistrer » until the server answers. Every function reads and
// writes the draft through the store, so a reload in the middle loses nothing.
import type { DraftAnswer, ServerDraft, SubmissionAnswer } from '$lib/domain/registration-api';
import { loadDraft, updateDraft, type DeviceDraft, type PendingSubmission } from './drafts';

export interface DraftStore {
	load(key: string): Promise<DeviceDraft | undefined>;
	/** Read-modify-write in one transaction: the page writes the same draft meanwhile. */
	update(key: string, change: (draft: DeviceDraft | undefined) => DeviceDraft | undefined): Promise<DeviceDraft | undefined>;
}

export interface SyncDeps {
	fetch: (url: string, init: RequestInit) => Promise<Response>;
	store: DraftStore;
	now: () => number;
}

/** The browser's network, the device's IndexedDB and the clock: what the page uses. */
export const deviceSyncDeps: SyncDeps = {
	fetch: (url, init) => fetch(url, init),
	store: { load: loadDraft, update: updateDraft },
	now: () => Date.now()
};

export type PushResult = 'synced' | 'nothing' | 'offline' | 'conflict' | 'gone' | 'unauthenticated';

function draftUrl(draft: Pick<DeviceDraft, 'examDomainCode' | 'sessionYear'>): string {
	return `/api/brouillons/${draft.examDomainCode}/${draft.sessionYear}`;
}

/** A network error, a 5xx or a server that is down while the phone says it is online: try again later. */
async function send(deps: SyncDeps, url: string, init: RequestInit): Promise<Response | null> {
	try {
		const response = await deps.fetch(url, init);
		return response.status >= 500 ? null : response;
	} catch {
		return null;
	}
}

/**
 * One send at a time per draft on this device: the form, the logout dialog and the background
 * sender may all ask at once, in this page or in two tabs, and two sends from the same revision
 * would make the second one look like another device's write (a false conflict). In the page, a
 * queue per draft; across tabs, a Web Lock named after the draft, where the browser has them.
 */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const locks = globalThis.navigator?.locks;
	const locked = locks ? () => locks.request(`portail-draft:${key}`, work) : work;
	const turn = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(locked);
	queues.set(key, turn);
	void turn.finally(() => queues.get(key) === turn && queues.delete(key)).catch(() => undefined);
	return turn;
}

/** Sends the draft when it changed since the server's last copy. */
export function pushDraft(deps: SyncDeps, key: string): Promise<PushResult> {
	return oneAtATime(key, () => pushOnce(deps, key));
}

async function pushOnce(deps: SyncDeps, key: string): Promise<PushResult> {
	const draft = await deps.store.load(key);
	if (!draft || !draft.dirty || draft.conflict || draft.pending) return 'nothing';
	const sentAt = draft.updatedAt;
	const response = await send(deps, draftUrl(draft), {
		method: 'PUT',
		headers: { 'Content-Type': 'application/json', 'If-Match': `"${draft.revision ?? 0}"` },
		body: JSON.stringify({
			academyCode: draft.academyCode,
			registrationNumber: draft.registrationNumber ?? null,
			baseVersion: draft.baseVersion ?? null,
			tab: draft.tab,
			content: draft.content
		})
	});
	if (!response) return 'offline';
	if (response.status === 401) return 'unauthenticated';
	const answer = (await response.json()) as DraftAnswer;
	if (answer.ok) {
		// Still dirty if the page changed the draft while the request was out.
		await deps.store.update(
			key,
			(latest) => latest && { ...latest, revision: answer.revision, dirty: latest.updatedAt !== sentAt, lastSyncedAt: deps.now() }
		);
		return 'synced';
	}
	if (answer.code === 'conflict') {
		await deps.store.update(key, (latest) => latest && { ...latest, conflict: answer.current });
		return 'conflict';
	}
	return answer.code === 'gone' ? 'gone' : 'nothing';
}

/** The server's copy, to continue on this device a draft started on another. */
export async function fetchServerDraft(
	deps: SyncDeps,
	examDomainCode: string,
	sessionYear: number
): Promise<ServerDraft | null | 'offline'> {
	const response = await send(deps, draftUrl({ examDomainCode, sessionYear }), { method: 'GET' });
	if (!response || !response.ok) return 'offline';
	return ((await response.json()) as { draft: ServerDraft | null }).draft;
}

/**
 * Brings the device's draft and the server's together at start-up: take the server's when the
 * device has nothing newer; keep both, as a conflict, when each has changes the other lacks.
 */
export async function reconcile(deps: SyncDeps, local: DeviceDraft | undefined, server: ServerDraft): Promise<DeviceDraft | 'adopt'> {
	if (!local) return 'adopt';
	if (server.revision <= (local.revision ?? 0)) return local;
	if (!local.dirty) return 'adopt';
	return (await deps.store.update(local.key, (latest) => latest && { ...latest, conflict: server })) ?? local;
}

/**
 * At start-up and when the network returns: the server's copy, taken when this device has nothing
 * newer (a draft started on the phone continues on the computer), kept aside as a conflict when
 * both changed.
 */
export async function pullDraft(
	deps: SyncDeps,
	owner: Pick<DeviceDraft, 'key' | 'candidateId' | 'examDomainCode' | 'sessionYear'>,
	newIdempotencyKey: () => string
): Promise<DeviceDraft | undefined | 'offline'> {
	const server = await fetchServerDraft(deps, owner.examDomainCode, owner.sessionYear);
	const local = await deps.store.load(owner.key);
	if (server === 'offline') return 'offline';
	if (!server) return local;
	const outcome = await reconcile(deps, local, server);
	if (outcome !== 'adopt') return outcome;
	const adopted: DeviceDraft = {
		...owner,
		idempotencyKey: local?.idempotencyKey ?? newIdempotencyKey(),
		academyCode: server.academyCode,
		registrationNumber: server.registrationNumber ?? undefined,
		baseVersion: server.baseVersion ?? undefined,
		tab: server.tab,
		content: server.content,
		revision: server.revision,
		dirty: false,
		updatedAt: deps.now(),
		lastSyncedAt: deps.now()
	};
	await deps.store.update(owner.key, () => adopted);
	return adopted;
}

/** « Garder ma version »: mine goes on top of the server's revision. */
export async function keepMine(deps: SyncDeps, key: string): Promise<void> {
	await deps.store.update(
		key,
		(draft) => draft?.conflict && { ...draft, revision: draft.conflict.revision, conflict: undefined, dirty: true, updatedAt: deps.now() }
	);
}

/** « Reprendre la version enregistrée »: the server's copy replaces this device's. */
export async function takeTheirs(deps: SyncDeps, key: string): Promise<DeviceDraft | undefined> {
	return deps.store.update(key, (draft) => {
		if (!draft?.conflict) return draft;
		const server = draft.conflict;
		return {
			...draft,
			academyCode: server.academyCode,
			registrationNumber: server.registrationNumber ?? undefined,
			baseVersion: server.baseVersion ?? undefined,
			tab: server.tab,
			content: server.content,
			revision: server.revision,
			dirty: false,
			conflict: undefined,
			updatedAt: deps.now(),
			lastSyncedAt: deps.now()
		};
	});
}

/** « Enregistrer »: the request is kept with the draft before it leaves, with its idempotency key. */
export async function queueSubmission(deps: SyncDeps, key: string, submission: Omit<PendingSubmission, 'queuedAt'>): Promise<void> {
	const queued = await deps.store.update(
		key,
		(draft) => draft && { ...draft, pending: { ...submission, queuedAt: deps.now() }, answer: undefined }
	);
	if (!queued) throw new Error(`no draft ${key}`);
}

/**
 * Sends the queued « Enregistrer »; a replay never creates a second registration (same key). The
 * answer is kept with the draft before anything else happens, so a page closed meanwhile finds it.
 */
export function sendPending(deps: SyncDeps, key: string): Promise<SubmissionAnswer | 'offline' | 'nothing' | 'unauthenticated'> {
	return oneAtATime(key, () => sendOnce(deps, key));
}

async function sendOnce(deps: SyncDeps, key: string): Promise<SubmissionAnswer | 'offline' | 'nothing' | 'unauthenticated'> {
	const draft = await deps.store.load(key);
	if (!draft?.pending) return 'nothing';
	const { pending } = draft;
	const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': pending.idempotencyKey };
	if (pending.ifMatch !== undefined) headers['If-Match'] = `"${pending.ifMatch}"`;
	const response = await send(deps, pending.url, { method: pending.method, headers, body: JSON.stringify(pending.body) });
	if (!response) return 'offline';
	if (response.status === 401) return 'unauthenticated';
	const answer = (await response.json()) as SubmissionAnswer;
	await deps.store.update(key, (latest) => ({ ...(latest ?? draft), pending: undefined, answer }));
	return answer;
}
