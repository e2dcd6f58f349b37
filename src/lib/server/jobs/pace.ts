// Requests first during a surge (issue #17): while the process's event loop is saturated, the
// queued jobs (the confirmation PDFs) wait before taking the next one, so that the submissions
// of the surge get the CPU: a job's reads and writes run on the event loop, and its PDF is drawn by a
// worker thread that competes for the same cores. The candidate's « Enregistrer » is what must not
// fail; the confirmation is made a little later, and its mail goes out meanwhile (the outbox is
// not paced). No job starves: each waits at most MAX_WAIT_MS, so a process still makes a
// confirmation a second per lane under a surge that never ends, and all of them once it is over.
import { performance } from 'node:perf_hooks';

/** The event loop's busy share over the last sampling period, 0 to 1. */
export type LoadGauge = () => number;

/** The share of the event loop above which jobs give way. */
export const SATURATED = 0.9;

/** How long a job waits between two looks at the gauge, and at most in all. */
export const WAIT_STEP_MS = 100;
export const MAX_WAIT_MS = 1_000;

/** How often the gauge is sampled: the busy share it gives is that of the last such period. */
const SAMPLE_MS = 200;

let sampler: { busy: number } | undefined;

/**
 * The process's event loop utilisation over the last period of SAMPLE_MS, sampled by a timer (so
 * measured over a whole period, not over the job that asks, which would count itself). The timer
 * starts with the first call and never keeps the process alive.
 */
export const eventLoopLoad: LoadGauge = () => {
	if (!sampler) {
		const state = { busy: 0 };
		let previous = performance.eventLoopUtilization();
		setInterval(() => {
			const current = performance.eventLoopUtilization();
			state.busy = performance.eventLoopUtilization(current, previous).utilization;
			previous = current;
		}, SAMPLE_MS).unref();
		sampler = state;
	}
	return sampler.busy;
};

export interface Pacing {
	gauge: LoadGauge;
	sleep: (ms: number) => Promise<void>;
}

const realPacing: Pacing = {
	gauge: eventLoopLoad,
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

/**
 * Resolves once the process is not saturated, or after MAX_WAIT_MS whatever the load. Returns the
 * time waited (0 most of the time).
 */
export async function giveWayToRequests({ gauge, sleep }: Pacing = realPacing): Promise<number> {
	let waited = 0;
	while (waited < MAX_WAIT_MS && gauge() >= SATURATED) {
		await sleep(WAIT_STEP_MS);
		waited += WAIT_STEP_MS;
	}
	return waited;
}
