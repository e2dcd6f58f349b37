// Sends what waits on the device while the candidate is elsewhere in the app (SPEC O4): a queued
// « Enregistrer » gets its answer even if the candidate left the form, and the answer waits in the
// draft for the form to show it on the right tab.
import { deleteDraft, listDrafts, type DeviceDraft } from './drafts';
import { deviceSyncDeps, pushDraft, retryDelay, sendPending } from './sync';
import type { SubmissionAnswer } from '$lib/domain/registration-api';

const deps = deviceSyncDeps;

export interface Arrival {
	draft: DeviceDraft;
	answer: SubmissionAnswer;
}

/** Starts sending; returns a function that stops. `onArrival` hears each answer that came in. */
export function startBackgroundSync(candidateId: string, onArrival: (arrival: Arrival) => void): () => void {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let attempt = 0;
	let stopped = false;
	let running = false;

	async function run() {
		if (running || stopped) return;
		running = true;
		let waiting = false;
		try {
			for (const draft of await listDrafts(candidateId)) {
				if (draft.pending) {
					const answer = await sendPending(deps, draft.key);
					if (typeof answer === 'object') {
						// Saved: the registration exists now, the draft has served.
						if (answer.ok) await deleteDraft(draft.key);
						onArrival({ draft, answer });
					}
					else if (answer === 'offline') waiting = true;
				} else if (draft.dirty && !draft.conflict) {
					if ((await pushDraft(deps, draft.key)) === 'offline') waiting = true;
				}
			}
		} finally {
			running = false;
		}
		clearTimeout(timer);
		if (waiting) timer = setTimeout(run, retryDelay(attempt++));
		else attempt = 0;
	}

	const wake = () => void run();
	const onVisible = () => document.visibilityState === 'visible' && wake();
	window.addEventListener('online', wake);
	document.addEventListener('visibilitychange', onVisible);
	void run();
	return () => {
		stopped = true;
		clearTimeout(timer);
		window.removeEventListener('online', wake);
		document.removeEventListener('visibilitychange', onVisible);
	};
}

/** Where the form of a draft is: the new registration, or the modification of a registration. */
export function formOf(draft: DeviceDraft): string {
	return draft.registrationNumber ? `/mes-inscriptions/${draft.registrationNumber}/modifier` : `/inscription/${draft.examDomainCode}/${draft.sessionYear}/${draft.academyCode}`;
}
