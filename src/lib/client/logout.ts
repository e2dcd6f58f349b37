// Logging out on a shared device (SPEC O4, S2): what is not yet on the server is named first; once
// everything is synced, this candidate's drafts and cached pages leave the device.
import { deleteDraft, listDrafts, type DeviceDraft } from './drafts';
import { deviceSyncDeps, pushDraft, sendPending } from './sync';

const deps = deviceSyncDeps;

export function isUnsent(draft: DeviceDraft): boolean {
	return !!(draft.dirty || draft.pending || draft.conflict);
}

export async function unsentDrafts(candidateId: string): Promise<DeviceDraft[]> {
	return (await listDrafts(candidateId)).filter(isUnsent);
}

/** « Envoyer puis me déconnecter »: one attempt for each; what still waits is returned. */
export async function sendEverything(candidateId: string): Promise<DeviceDraft[]> {
	for (const draft of await unsentDrafts(candidateId)) {
		if (draft.pending) await sendPending(deps, draft.key);
		else await pushDraft(deps, draft.key);
	}
	return unsentDrafts(candidateId);
}

/** Removes the candidate's drafts and asks the service worker to drop their cached pages. */
export async function forgetCandidate(candidateId: string): Promise<void> {
	for (const draft of await listDrafts(candidateId)) await deleteDraft(draft.key);
	navigator.serviceWorker?.controller?.postMessage({ type: 'FORGET_CANDIDATE' });
}
