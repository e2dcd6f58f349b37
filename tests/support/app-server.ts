// A built server per test file, on a free port, with its own temporary DATA_DIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { startChildServer } from '../../scripts/child-server';

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

/** A free loopback port (to restart a server on the same origin). */
export { freePort } from '../../scripts/child-server';

/** A server of a test sends to the test's SMTP server when it has one, else writes mail to its log. */
function mailTo(env: Record<string, string> | undefined): Record<string, string> {
	return env?.SMTP_URL ? {} : { MAIL_TRANSPORT: 'log' };
}

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'portail-e2e-'));
	const server = await startChildServer({
		name: 'server',
		command: path.resolve('node_modules/.bin/tsx'),
		args: ['scripts/serve.ts'],
		cwd: options.cwd,
		port: options.port,
		env: { DATA_DIR: dataDir, DEMO: '0', ...mailTo(options.env), ...options.env },
		readyText: 'listening on'
	});
	return {
		origin: server.origin,
		dataDir,
		url: (pathname = '/') => new URL(pathname, server.origin).href,
		output: server.output,
		stop: () => server.stop()
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
