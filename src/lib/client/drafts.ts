// The wizard's drafts live on the device first (DESIGN "Offline drafts and sync" §1): every change
// is written to IndexedDB in a transaction with strict durability, and only then does the page
// say it is saved. Keyed by candidate, exam and session.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ServerDraft, SubmissionAnswer, WizardTab } from '$lib/domain/registration-api';
import type { RegistrationContent } from '$lib/domain/registration-content';

export interface DeviceDraft {
	key: string;
	candidateId: string;
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
	tab: WizardTab;
	/** How the page names it (« Baccalauréat professionnel, session 2027 »), for the logout warning. */
	label?: string;
	content: RegistrationContent;
	/** Made once per draft and sent with « Enregistrer »: a replay never creates a second registration. */
	idempotencyKey: string;
	updatedAt: number;
	/** The server's last answer to « Enregistrer », kept until the draft is removed. */
	answer?: SubmissionAnswer;
	/** For a modification (« Modifier »): the registration, and the version it started from. */
	registrationNumber?: string;
	baseVersion?: number;
	/** The server's revision this draft is based on (0: never sent). */
	revision?: number;
	/** Changed on the device since the last copy the server acknowledged. */
	dirty?: boolean;
	lastSyncedAt?: number;
	/** The server's copy when another device wrote in between (SPEC O5): the candidate chooses. */
	conflict?: ServerDraft;
	/** « Enregistrer » pressed and not answered yet (SPEC O4): sent again until the server answers. */
	pending?: PendingSubmission;
}

export interface PendingSubmission {
	url: string;
	method: 'POST' | 'PUT';
	idempotencyKey: string;
	ifMatch?: number;
	body: unknown;
	queuedAt: number;
}

interface DraftsSchema extends DBSchema {
	drafts: { key: string; value: DeviceDraft; indexes: { byCandidate: string } };
}

/** Named in drafts-on-device.ts too, which must not import this module (and idb). */
const DATABASE = 'portail-candidat';
let opened: Promise<IDBPDatabase<DraftsSchema>> | undefined;

function database(): Promise<IDBPDatabase<DraftsSchema>> {
	opened ??= openDB<DraftsSchema>(DATABASE, 1, {
		upgrade(db) {
			const store = db.createObjectStore('drafts', { keyPath: 'key' });
			store.createIndex('byCandidate', 'candidateId');
		}
	});
	return opened;
}

/**
 * The database if this device has it: reading creates none (the page of a device without drafts
 * then fetches no drafts' code, drafts-on-device.ts). Opened without a version, a new database
 * asks for an upgrade, which is aborted: the browser then does not keep it.
 */
async function existingDatabase(): Promise<IDBPDatabase<DraftsSchema> | undefined> {
	const present =
		!!opened ||
		(await new Promise<boolean>((resolve) => {
			const request = indexedDB.open(DATABASE);
			request.onupgradeneeded = () => request.transaction?.abort();
			request.onsuccess = () => {
				request.result.close();
				resolve(true);
			};
			request.onerror = () => resolve(false);
		}));
	return present ? database() : undefined;
}

/** One draft per candidate, exam and session, as on the server: a new registration or a modification. */
export function draftKey(candidateId: string, examDomainCode: string, sessionYear: number): string {
	return `${candidateId}:${examDomainCode}:${sessionYear}`;
}

export function newIdempotencyKey(): string {
	const bytes = new Uint8Array(18);
	crypto.getRandomValues(bytes);
	return btoa(String.fromCharCode(...bytes))
		.replace(/\+/g, '-')
		.replace(/\//g, '_');
}

export async function loadDraft(key: string): Promise<DeviceDraft | undefined> {
	return (await database()).get('drafts', key);
}

/** Resolves once the draft is on disk (strict durability): only then may the page say so. A JSON
 * copy, because page state (Svelte proxies) cannot be structured-cloned. */
export async function saveDraft(draft: DeviceDraft): Promise<void> {
	const db = await database();
	const tx = db.transaction('drafts', 'readwrite', { durability: 'strict' });
	await Promise.all([tx.store.put(JSON.parse(JSON.stringify(draft)) as DeviceDraft), tx.done]);
}

/**
 * Reads and writes the draft in one transaction, so that the page and the sync engine, both
 * writing, never put back a copy the other has just replaced.
 */
export async function updateDraft(
	key: string,
	change: (draft: DeviceDraft | undefined) => DeviceDraft | undefined
): Promise<DeviceDraft | undefined> {
	const db = await database();
	const tx = db.transaction('drafts', 'readwrite', { durability: 'strict' });
	const next = change(await tx.store.get(key));
	if (next) await tx.store.put(JSON.parse(JSON.stringify(next)) as DeviceDraft);
	await tx.done;
	return next;
}

export async function deleteDraft(key: string): Promise<void> {
	const db = await database();
	const tx = db.transaction('drafts', 'readwrite', { durability: 'strict' });
	await Promise.all([tx.store.delete(key), tx.done]);
}

export async function listDrafts(candidateId: string): Promise<DeviceDraft[]> {
	return (await existingDatabase())?.getAllFromIndex('drafts', 'byCandidate', candidateId) ?? [];
}

/** Another account logged in on this device: the drafts of the previous one go (SPEC S2). */
export async function deleteDraftsOfOthers(candidateId: string): Promise<number> {
	const db = await existingDatabase();
	if (!db) return 0;
	const others = (await db.getAll('drafts')).filter((draft) => draft.candidateId !== candidateId);
	for (const draft of others) await deleteDraft(draft.key);
	return others.length;
}
