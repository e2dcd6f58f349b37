import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryLoop, retryDelay, type NetworkState } from './retry-loop.svelte';

/** A loop whose passes answer from a script, counting the calls. */
function scripted(answers: Array<NetworkState | void>) {
	const calls = { count: 0 };
	const loop = new RetryLoop(async () => answers[calls.count++]);
	return { loop, calls };
}

describe('RetryLoop', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('waits 2 s, 4 s, 8 s… up to a minute', () => {
		expect([0, 1, 2, 3, 4, 5, 10].map(retryDelay)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
	});

	it('tries again with back-off while the server is out of reach, then starts the back-off over', async () => {
		const { loop, calls } = scripted(['waiting', 'waiting', 'synced', 'waiting']);
		await loop.run();
		expect(loop.network).toBe('waiting');
		await vi.advanceTimersByTimeAsync(1_999);
		expect(calls.count).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(calls.count).toBe(2);
		await vi.advanceTimersByTimeAsync(4_000);
		expect(calls.count).toBe(3);
		expect(loop.network).toBe('synced');
		// Reached: nothing more is planned, and the next failure waits the shortest delay again.
		await vi.advanceTimersByTimeAsync(120_000);
		expect(calls.count).toBe(3);
		await loop.run();
		await vi.advanceTimersByTimeAsync(2_000);
		expect(calls.count).toBe(5);
	});

	it('keeps the last state when a pass says nothing', async () => {
		const { loop } = scripted(['expired', undefined]);
		await loop.run();
		await loop.run();
		expect(loop.network).toBe('expired');
	});

	it('runs one pass at a time', async () => {
		let release = () => {};
		let passes = 0;
		const loop = new RetryLoop(() => {
			passes++;
			return new Promise<void>((resolve) => (release = resolve));
		});
		const first = loop.run();
		await loop.run();
		expect(passes).toBe(1);
		release();
		await first;
	});

	it('« Enregistrer » sends now, without waiting for the planned retry', async () => {
		const { loop, calls } = scripted(['waiting', 'waiting', 'waiting', 'waiting']);
		await loop.run();
		await loop.run();
		await loop.runNow();
		expect(calls.count).toBe(3);
		// The back-off started over: 2 s, not 8 s.
		await vi.advanceTimersByTimeAsync(2_000);
		expect(calls.count).toBe(4);
	});

	it('wakes when the network returns; once stopped, runs and plans nothing', async () => {
		const events = new EventTarget();
		vi.stubGlobal('window', events);
		vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
		const { loop, calls } = scripted(['waiting', 'waiting', 'waiting']);
		const stop = loop.listen();
		events.dispatchEvent(new Event('online'));
		await vi.advanceTimersByTimeAsync(0);
		expect(calls.count).toBe(1);
		stop();
		await vi.advanceTimersByTimeAsync(120_000);
		events.dispatchEvent(new Event('online'));
		await loop.run();
		expect(calls.count).toBe(1);
	});
});
