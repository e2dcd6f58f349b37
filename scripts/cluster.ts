// WORKERS=N (default 1; `auto` = one per core): `npm run serve` runs N server processes on one port
// with node:cluster. They share the SQLite database (WAL) and everything else that must be shared
// lives in it: the per-address throttling counters, the job queue (leases) and the schedule of the
// jobs. This process, the primary, serves nothing: it starts the workers, starts another when one
// dies, and stops them all on SIGTERM or SIGINT.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { ConfigError } from '../src/lib/server/config';

export function readWorkers(env: Record<string, string | undefined> = process.env): number {
	const raw = env.WORKERS?.trim() || '1';
	if (raw.toLowerCase() === 'auto') return os.availableParallelism();
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		throw new ConfigError('WORKERS', `'${raw}' is not a number of server processes such as 2, or auto`);
	}
	return Number(raw);
}

/** A worker that dies this soon after its start, before serving, stops everything: it would again. */
const RESTART_DELAY_MS = 1_000;

/**
 * In the primary: forks `count` workers (this same script) and watches them. Resolves once every
 * worker has exited after SIGTERM/SIGINT; exits with 1 if a worker fails before it ever listened.
 */
export function superviseWorkers(count: number): Promise<void> {
	let stopping = false;
	const listening = new Set<number>();
	console.log(`Portail candidat: starting ${count} server processes (primary ${process.pid})`);

	const fork = () => cluster.fork();
	let othersStarted = false;
	cluster.on('listening', (worker: Worker) => {
		listening.add(worker.id);
		console.log(`Worker ${worker.process.pid} serving (${listening.size} of ${count})`);
		// The others start once the first serves: it has migrated the database and seeded the
		// catalogue. Started together, fresh workers migrated the same file at once (drizzle's
		// migrator reads which migrations are applied outside its transaction), and one failed
		// with « table … already exists ».
		if (!othersStarted) {
			othersStarted = true;
			for (let n = 1; n < count; n++) fork();
		}
	});

	return new Promise((resolve) => {
		cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
			const served = listening.delete(worker.id);
			if (stopping) {
				if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
				return;
			}
			if (!served) {
				console.error(`Worker ${worker.process.pid} exited (${signal ?? code}) before serving: stopping.`);
				stopping = true;
				for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
				process.exitCode = 1;
				if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
				return;
			}
			console.error(`Worker ${worker.process.pid} died (${signal ?? code}): starting another`);
			setTimeout(() => {
				if (!stopping) fork();
			}, RESTART_DELAY_MS);
		});

		const stop = (signal: NodeJS.Signals) => {
			if (stopping) return;
			stopping = true;
			const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
			if (workers.length === 0) return resolve();
			for (const worker of workers) worker.process.kill(signal);
			// Each worker gives itself 5 seconds to finish its requests.
			setTimeout(() => {
				for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
			}, 10_000).unref();
		};
		process.once('SIGTERM', () => stop('SIGTERM'));
		process.once('SIGINT', () => stop('SIGINT'));

		fork();
	});
}
