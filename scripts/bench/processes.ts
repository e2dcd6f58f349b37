// Child servers of `npm run bench`: started on the loopback, awaited until they answer, measured
// (resident memory of the whole process tree, so that a cluster's workers count) and stopped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export interface Child {
	readonly name: string;
	readonly process: ChildProcess;
	readonly origin: string;
	output(): string;
	stop(): Promise<void>;
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

/** Starts `node <args>` with PORT and HOST=127.0.0.1 and waits until GET `probe` answers at all. */
export async function startChild(
	name: string,
	args: string[],
	env: Record<string, string>,
	{ cwd, probe = '/', timeoutMs = 90_000 }: { cwd?: string; probe?: string; timeoutMs?: number } = {}
): Promise<Child> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	let output = '';
	const child = spawn(process.execPath, args, {
		cwd,
		env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
	child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
	let exited = false;
	child.once('exit', () => (exited = true));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`${name} exited before answering:\n${output}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`${name} did not answer within ${timeoutMs / 1000} s:\n${output}`);
		}
		try {
			await fetch(origin + probe, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
			break;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
	return {
		name,
		process: child,
		origin,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (exited) return resolve();
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				child.kill('SIGTERM');
			})
	};
}

/** The process and its descendants (a cluster's workers). */
export function processTree(pid: number): number[] {
	const all = [pid];
	for (let i = 0; i < all.length; i++) {
		const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(all[i])], { encoding: 'utf8' }).stdout;
		for (const line of listed.split('\n')) if (line.trim()) all.push(Number(line.trim()));
	}
	return all;
}

/** The node processes of a tree (tsx adds an esbuild process, which is not a server). */
export function nodeProcesses(pid: number): number {
	return processTree(pid).filter((each) => {
		try {
			return fs.readFileSync(`/proc/${each}/comm`, 'utf8').trim() === 'node';
		} catch {
			return false;
		}
	}).length;
}

/** Resident memory of a process tree, in MB. */
export function residentMegabytes(pid: number): number {
	let kilobytes = 0;
	for (const each of processTree(pid)) {
		try {
			const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${each}/status`, 'utf8'));
			if (match) kilobytes += Number(match[1]);
		} catch {
			// Gone meanwhile.
		}
	}
	return Math.round(kilobytes / 1024);
}
