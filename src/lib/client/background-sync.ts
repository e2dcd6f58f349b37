// Sends what waits on the device while the candidate is elsewhere in the app (SPEC O4): a queued
// « Enregistrer » gets its answer even if the candidate left the form, and the answer waits in the
// draft for the form to show it on the right tab.
import { deleteDraft, listDrafts, type DeviceDraft } from './drafts';
import { RetryLoop } from './retry-loop.svelte';
import { deviceSyncDeps, pushDraft, sendPending } from './sync';
import type { SubmissionAnswer } from '$lib/domain/registration-api';

const deps = deviceSyncDeps;

export interface Arrival {
	draft: DeviceDraft;
	answer: SubmissionAnswer;
}

/** Starts sending; returns a function that stops. `onArrival` hears each answer that came in. */
export function startBackgroundSync(candidateId: string, onArrival: (arrival: Arrival) => void): () => void {
	const loop = new RetryLoop(async () => {
		let waiting = false;
		for (const draft of await listDrafts(candidateId)) {
			if (draft.pending) {
				const answer = await sendPending(deps, draft.key);
				if (typeof answer === 'object') {
					// Saved: the registration exists now, the draft has served.
					if (answer.ok) await deleteDraft(draft.key);
					onArrival({ draft, answer });
				} else if (answer === 'offline') waiting = true;
			} else if (draft.dirty && !draft.conflict) {
				if ((await pushDraft(deps, draft.key)) === 'offline') waiting = true;
			}
		}
		if (waiting) return 'waiting';
	});
	const stop = loop.listen();
	void loop.run();
	return stop;
}

/** Where the form of a draft is: the new registration, or the modification of a registration. */
export function formOf(draft: DeviceDraft): string {
	return draft.registrationNumber
		? `/mes-inscriptions/${draft.registrationNumber}/modifier`
		: `/inscription/${draft.examDomainCode}/${draft.sessionYear}/${draft.academyCode}`;
}
