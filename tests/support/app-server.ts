// A built server per test file, on a free port, with its own temporary DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';

export interface AppServer {
	/** Absolute URL of a path on this server. */
	url(pathname?: string): string;
	readonly origin: string;
	readonly dataDir: string;
	/** Everything the server printed so far. */
	output(): string;
	stop(): Promise<void>;
}

export interface AppServerOptions {
	env?: Record<string, string>;
	/** Reuse a data folder (to restart a server on the same database). */
	dataDir?: string;
	/** Listen on this port (to restart a server on the same origin); a free port otherwise. */
	port?: number;
	/** Run scripts/serve.ts of this folder, which serves the build/ next to it (another build of
	 * the app); the current folder otherwise. */
	cwd?: string;
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

/** A server of a test sends to the test's SMTP server when it has one, else writes mail to its log. */
function mailTo(env: Record<string, string> | undefined): Record<string, string> {
	return env?.SMTP_URL ? {} : { MAIL_TRANSPORT: 'log' };
}

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
	const port = options.port ?? (await freePort());
	const origin = `http://127.0.0.1:${port}`;
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'portail-e2e-'));
	let output = '';
	const child: ChildProcess = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/serve.ts'], {
		cwd: options.cwd,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATA_DIR: dataDir,
			DEMO: '0',
			...mailTo(options.env),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));

	await new Promise<void>((resolve, reject) => {
		// Generous: on a shared machine under a full test run a start has taken more than 20 s.
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
		const onData = () => {
			if (output.includes('listening on')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		});
	});

	return {
		origin,
		dataDir,
		url: (pathname = '/') => new URL(pathname, origin).href,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Starts a server before this file's tests and stops it after; the handle is usable inside tests. */
export function useAppServer(options: AppServerOptions = {}): AppServer {
	let server: AppServer | undefined;
	const current = () => {
		if (!server) throw new Error('the app server is not started yet (use it inside a test)');
		return server;
	};
	test.beforeAll(async () => {
		server = await startAppServer(options);
	});
	test.afterAll(async () => {
		await server?.stop();
	});
	return {
		url: (pathname) => current().url(pathname),
		get origin() {
			return current().origin;
		},
		get dataDir() {
			return current().dataDir;
		},
		output: () => current().output(),
		stop: () => current().stop()
	};
}
