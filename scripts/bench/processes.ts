// Child servers of `npm run bench`: started on the loopback, awaited until they answer, measured
// (resident memory of the whole process tree, so that a cluster's workers count) and stopped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { startChildServer, type ChildServer } from '../child-server';

export type Child = ChildServer;

/** Starts `node <args>` and waits until GET `probe` answers at all. */
export function startChild(
	name: string,
	args: string[],
	env: Record<string, string>,
	{ cwd, probe, timeoutMs = 90_000 }: { cwd?: string; probe?: string; timeoutMs?: number } = {}
): Promise<Child> {
	return startChildServer({ name, command: process.execPath, args, cwd, env, probe, timeoutMs, outputLimit: 20_000, killAfterMs: 10_000 });
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
