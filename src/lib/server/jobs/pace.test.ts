import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../db';
import { queuedJobs } from '../db/schema';
import { eventLoopLoad, giveWayToRequests, MAX_WAIT_MS, SATURATED, WAIT_STEP_MS, type Pacing } from './pace';
import { enqueueJob, runDueJobs, type JobHandlers } from './queue';

const NOW = new Date('2026-11-29T10:00:00Z');

/** A gauge that reads the given loads one after the other (the last one for ever), and a sleep that only notes its waits. */
function played(loads: number[]) {
	const slept: number[] = [];
	let reads = 0;
	const pacing: Pacing = {
		gauge: () => loads[Math.min(reads++, loads.length - 1)],
		sleep: async (ms) => {
			slept.push(ms);
		}
	};
	return { pacing, slept };
}

describe('#17: queued jobs give way to the requests while the process is saturated', () => {
	it('a job goes at once when the event loop is not saturated', async () => {
		const { pacing, slept } = played([SATURATED - 0.01]);
		expect(await giveWayToRequests(pacing)).toBe(0);
		expect(slept).toEqual([]);
	});

	it('while saturated, a job waits step by step and goes as soon as the load falls', async () => {
		const { pacing, slept } = played([1, 0.97, SATURATED, 0.4]);
		expect(await giveWayToRequests(pacing)).toBe(3 * WAIT_STEP_MS);
		expect(slept).toEqual([WAIT_STEP_MS, WAIT_STEP_MS, WAIT_STEP_MS]);
	});

	it('under a surge that never ends, a job waits at most MAX_WAIT_MS and then runs: none starves', async () => {
		const { pacing, slept } = played([1]);
		expect(await giveWayToRequests(pacing)).toBe(MAX_WAIT_MS);
		expect(slept.reduce((sum, ms) => sum + ms, 0)).toBe(MAX_WAIT_MS);
	});

	describe('in the queue', () => {
		const dirs: string[] = [];
		afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

		function queueOf(count: number): Db {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-pace-'));
			dirs.push(dir);
			const db = openDatabase(path.join(dir, 'portail.sqlite'));
			migrateDatabase(db);
			for (let n = 0; n < count; n++) enqueueJob(db, 'confirmation', { registrationId: `r${n}`, version: 1 }, NOW);
			return db;
		}

		const noting = (ran: string[]): JobHandlers => ({
			confirmation: async ({ registrationId }) => {
				ran.push(registrationId);
			}
		});

		it('under a surge each lane waits, then runs its job though the run’s time budget went by meanwhile', async () => {
			const db = queueOf(4);
			const { pacing, slept } = played([1]);
			// Each step of waiting takes real time (2 ms), so the run's 5 ms are gone during the first waits.
			pacing.sleep = (ms) => {
				slept.push(ms);
				return new Promise((resolve) => setTimeout(resolve, ms / 50));
			};
			const ran: string[] = [];
			expect(await runDueJobs(db, noting(ran), NOW, { batch: 100, owner: 'host/1', concurrency: 2, budgetMs: 5, pacing })).toBe(2);
			expect(ran.sort()).toEqual(['r0', 'r1']);
			expect(slept.reduce((sum, ms) => sum + ms, 0)).toBe(2 * MAX_WAIT_MS);
			// The two others wait, unleased, for the next run.
			expect(
				db
					.select()
					.from(queuedJobs)
					.all()
					.filter((job) => job.doneAt === null && job.leasedBy === null)
			).toHaveLength(2);
		});

		it('with a quiet process no job waits', async () => {
			const db = queueOf(5);
			const { pacing, slept } = played([0.2]);
			const ran: string[] = [];
			expect(await runDueJobs(db, noting(ran), NOW, { batch: 100, owner: 'host/1', concurrency: 2, pacing })).toBe(5);
			expect(slept).toEqual([]);
			expect(
				db
					.select()
					.from(queuedJobs)
					.all()
					.every((job) => job.doneAt !== null)
			).toBe(true);
		});
	});

	it('the gauge reads the event loop: high while it is kept busy, low once it is left idle', async () => {
		const blockFor = (ms: number) => {
			const end = performance.now() + ms;
			while (performance.now() < end) {
				// Busy: as a process answering a surge of requests.
			}
		};
		eventLoopLoad();
		// Busy for 1.2 s in short slices, leaving the loop only for the timers: several sampling periods.
		const busyUntil = performance.now() + 1_200;
		while (performance.now() < busyUntil) {
			blockFor(20);
			await new Promise((resolve) => setImmediate(resolve));
		}
		expect(eventLoopLoad()).toBeGreaterThan(SATURATED);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(eventLoopLoad()).toBeLessThan(0.5);
	});
});
