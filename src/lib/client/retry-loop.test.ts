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

	it('runs one pass at a time; asked for during a pass, runs one more right after it', async () => {
		const releases: Array<() => void> = [];
		const loop = new RetryLoop(() => new Promise<void>((resolve) => releases.push(resolve)));
		const first = loop.run();
		const second = loop.run();
		const third = loop.run();
		expect(releases).toHaveLength(1);
		releases[0]();
		// The changes made during the first pass are sent by a second one, a single one for both calls.
		await vi.advanceTimersByTimeAsync(0);
		expect(releases).toHaveLength(2);
		releases[1]();
		await Promise.all([first, second, third]);
		expect(releases).toHaveLength(2);
		// Once over, a new call starts a new pass.
		const fourth = loop.run();
		expect(releases).toHaveLength(3);
		releases[2]();
		await fourth;
	});

	it('asked for during a pass that finds the server out of reach, waits for the back-off', async () => {
		let release = (_state: NetworkState) => {};
		let passes = 0;
		const loop = new RetryLoop(() => {
			passes++;
			return new Promise<NetworkState>((resolve) => (release = resolve));
		});
		const first = loop.run();
		void loop.run();
		release('waiting');
		await first;
		expect(passes).toBe(1);
		await vi.advanceTimersByTimeAsync(2_000);
		expect(passes).toBe(2);
	});

	it('a pass that fails does not stop the next one', async () => {
		let calls = 0;
		const loop = new RetryLoop(async () => {
			calls++;
			if (calls === 1) throw new Error('IndexedDB closed');
			return 'synced';
		});
		await expect(loop.run()).rejects.toThrow('IndexedDB closed');
		await loop.run();
		expect(loop.network).toBe('synced');
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
