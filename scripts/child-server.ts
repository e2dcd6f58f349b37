// One way to run a server as a child process (the built app's scripts/serve.ts for the browser
// tests, the drills and `npm run bench`; the bench's baselines): on a loopback port, its output kept
// for error messages, awaited until it is ready, stopped with a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface ChildServer {
	/** Named in errors. */
	readonly name: string;
	readonly process: ChildProcess;
	readonly origin: string;
	/** What it printed, stdout and stderr (the last `outputLimit` characters of it). */
	output(): string;
	/** Sends `signal` (SIGTERM by default) and waits for the exit. */
	stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ChildServerOptions {
	name: string;
	command: string;
	args: string[];
	cwd?: string;
	/** Over process.env, PORT, HOST=127.0.0.1 and ORIGIN (so it may name another ORIGIN). */
	env?: Record<string, string>;
	/** A free port otherwise. */
	port?: number;
	/** Ready once its output contains this text; otherwise once GET `probe` answers, whatever the status. */
	readyText?: string;
	probe?: string;
	timeoutMs?: number;
	outputLimit?: number;
	/** After stop's signal, SIGKILL if it has not exited within this time; wait for ever otherwise. */
	killAfterMs?: number;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startChildServer({
	name,
	command,
	args,
	cwd,
	env,
	port,
	readyText,
	probe = '/',
	// Generous: on a shared machine under a full test run a start has taken more than 20 s.
	timeoutMs = 60_000,
	outputLimit = Infinity,
	killAfterMs
}: ChildServerOptions): Promise<ChildServer> {
	port ??= await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(command, args, {
		cwd,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const keep = (chunk: Buffer) => {
		output += chunk;
		if (output.length > outputLimit) output = output.slice(-outputLimit);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`exited (${signal ?? code})`)));
	const failed = new Promise<string>((resolve) => child.on('error', (error) => resolve(`failed: ${error.message}`)));
	const closed = new Promise((resolve) => child.once('close', resolve));
	let stopping = false;
	const stop = (signal: NodeJS.Signals = 'SIGTERM', graceMs = killAfterMs) => {
		stopping = true;
		child.kill(signal);
		if (graceMs !== undefined) setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
		return exited.then(() => undefined);
	};

	let waiting = true;
	const ready = new Promise<undefined>((resolve) => {
		if (readyText) {
			const check = () => {
				if (!output.includes(readyText)) return;
				child.stdout!.off('data', check);
				child.stderr!.off('data', check);
				resolve(undefined);
			};
			child.stdout!.on('data', check);
			child.stderr!.on('data', check);
		} else {
			void (async () => {
				while (waiting) {
					try {
						await fetch(origin + probe, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
						return resolve(undefined);
					} catch {
						await sleep(200);
					}
				}
			})();
		}
	});
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<string>(
		(resolve) => (timer = setTimeout(() => resolve(`did not start within ${timeoutMs / 1000} s`), timeoutMs))
	);
	const problem = await Promise.race([ready, exited, failed, late]);
	waiting = false;
	clearTimeout(timer);
	if (problem) {
		void stop('SIGTERM', 5_000);
		await Promise.race([closed, sleep(1_000)]);
		throw new Error(`${name} ${problem}; the end of its output:\n${output.slice(-10_000)}`);
	}
	// A server that dies on its own fails whatever uses it next with a refused connection, which says
	// nothing of why: its own last words are printed where the test run's output is kept.
	void exited.then((how) => {
		if (!stopping) console.error(`${name} on ${origin} ${how} without being stopped; the end of its output:\n${output.slice(-4_000)}`);
	});
	return { name, process: child, origin, output: () => output, stop: (signal) => stop(signal) };
}
