// One measured route of `npm run bench`: a short warm-up, then autocannon for a fixed time.
import autocannon, { type RequestStep } from 'autocannon';

export interface Target {
	name: string;
	/** 'baseline' rows are the yardsticks; a 'page' is compared to the trivial page, an 'api' call to the trivial endpoint. */
	kind: 'baseline' | 'page' | 'api';
	origin: string;
	path: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	/** Fewer than the run's connections (the admin list: a few managers, not a crowd). */
	connections?: number;
	/** Runs after the warm-up, before the measured run (a draft's revision may have moved meanwhile). */
	beforeRun?: () => Promise<void>;
	/** Per-request changes (another candidate, a new key), and what to remember of the answer. */
	step?: Pick<RequestStep, 'setupRequest' | 'onResponse'>;
}

export interface Measure {
	name: string;
	kind: Target['kind'];
	path: string;
	connections: number;
	requestsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	errors: number;
	non2xx: number;
	statusCodes: Record<string, number>;
	/** Requests per second over its baseline's, in the same run. */
	ratio?: number;
}

/**
 * Waits until the server answers a static file quickly again: requests that autocannon gave up at
 * the end of a run may still be queued in the server and would slow the next route down.
 */
async function drain(origin: string) {
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		const start = performance.now();
		try {
			await (await fetch(`${origin}/robots.txt`, { signal: AbortSignal.timeout(60_000) })).arrayBuffer();
		} catch {
			// Still busy.
		}
		if (performance.now() - start < 50) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export async function measure(target: Target, settings: { connections: number; seconds: number; warmupSeconds: number }) {
	const { seconds, warmupSeconds } = settings;
	const connections = target.connections ?? settings.connections;
	const options = {
		url: target.origin,
		connections,
		timeout: 30,
		requests: [{ method: target.method ?? 'GET', path: target.path, headers: target.headers, body: target.body, ...target.step }]
	};
	if (warmupSeconds > 0) {
		await autocannon({ ...options, connections: Math.min(connections, 10), duration: warmupSeconds });
		await drain(target.origin);
	}
	await target.beforeRun?.();
	const result = await autocannon({ ...options, duration: seconds });
	await drain(target.origin);
	const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]));
	const measured: Measure = {
		name: target.name,
		kind: target.kind,
		path: target.path,
		connections,
		requestsPerSecond: Math.round(result.requests.total / seconds),
		p50Ms: result.latency.p50,
		p99Ms: result.latency.p99,
		errors: result.errors + result.timeouts,
		non2xx: result.non2xx,
		statusCodes
	};
	return measured;
}
