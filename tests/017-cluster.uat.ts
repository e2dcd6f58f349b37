// WORKERS=2 (issue 17, « All the cores »): two server processes on one port. Which process serves
// a connection is read from the operating system (/proc: the worker that holds the accepted
// socket), so that the server exposes nothing new.
import fs from 'node:fs';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { useAppServer } from './support/app-server';
import { uniqueEmail } from './support/accounts';
import { readDatabase, sleep } from './support/drill-server';

test.skip(process.platform !== 'linux', 'reads /proc');

const app = useAppServer({ env: { WORKERS: '2', THROTTLE_ADDRESS_LOGINS: '4/15m' } });

/** The workers' pids, from the primary's log once both serve. */
async function workerPids(count = 2): Promise<number[]> {
	let pids: number[] = [];
	await expect
		.poll(() => (pids = [...app.output().matchAll(/^Worker (\d+) serving/gm)].map((match) => Number(match[1]))).length, {
			timeout: 60_000
		})
		.toBeGreaterThanOrEqual(count);
	return pids;
}

/** The pid among `pids` holding the server side of the connection from local port `clientPort`. */
function servingPid(clientPort: number, pids: number[]): number | undefined {
	const serverPort = Number(new URL(app.origin).port);
	const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
	const inodes = ['/proc/net/tcp', '/proc/net/tcp6']
		.filter((file) => fs.existsSync(file))
		.flatMap((file) => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1))
		.map((line) => line.trim().split(/\s+/))
		.filter(([, local, remote, state]) => local.endsWith(`:${hex(serverPort)}`) && remote.endsWith(`:${hex(clientPort)}`) && state === '01')
		.map((fields) => fields[9]);
	return pids.find((pid) =>
		fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
			try {
				return inodes.includes(/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
			} catch {
				return false;
			}
		})
	);
}

interface Answer {
	status: number;
	body: string;
	clientPort: number;
}

/** One request over `agent` (kept alive: the next request of the agent uses the same connection). */
function send(agent: http.Agent, method: 'GET' | 'POST', pathname: string, form?: Record<string, string>): Promise<Answer> {
	const body = form ? new URLSearchParams(form).toString() : undefined;
	return new Promise((resolve, reject) => {
		const request = http.request(
			app.url(pathname),
			{
				method,
				agent,
				headers: {
					accept: 'text/html',
					...(body
						? { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin, 'content-length': Buffer.byteLength(body) }
						: {})
				}
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => resolve({ status: response.statusCode!, body: text, clientPort: request.socket!.localPort! }));
			}
		);
		request.on('error', reject);
		request.end(body);
	});
}

test('WORKERS=2: connections are served by two processes, and the per-address login limit counts across both', async () => {
	test.setTimeout(120_000);
	const pids = await workerPids();
	expect(new Set(pids).size).toBe(2);

	// Eight visitors from one address, each on its own connection, open « Me connecter » then try a
	// wrong address and password: the limit is 4 attempts per 15 minutes for the address.
	const agents = Array.from({ length: 8 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
	const servedBy: number[] = [];
	const statuses: number[] = [];
	try {
		for (const agent of agents) {
			const page = await send(agent, 'GET', '/me-connecter');
			expect(page.status).toBe(200);
			const pid = servingPid(page.clientPort, pids);
			expect(pid, `connection from port ${page.clientPort}`).toBeDefined();
			const attempt = await send(agent, 'POST', '/me-connecter', { email: uniqueEmail('personne'), password: 'pas le bon mot de passe' });
			// The same connection, so the same process.
			expect(attempt.clientPort).toBe(page.clientPort);
			servedBy.push(pid!);
			statuses.push(attempt.status);
			if (attempt.status === 429) expect(attempt.body).toMatch(/Trop de tentatives\. Réessayez dans \d+ minutes?\./);
		}
	} finally {
		agents.forEach((agent) => agent.destroy());
	}
	console.log(`attempts served by ${servedBy.join(', ')}: ${statuses.join(', ')}`);
	expect(new Set(servedBy)).toEqual(new Set(pids));
	// Before the fourth attempt both processes had served some: one process alone would have let 8 through.
	expect(new Set(servedBy.slice(0, 4)).size).toBe(2);
	expect(statuses).toEqual([400, 400, 400, 400, 429, 429, 429, 429]);
});

test('WORKERS=2: a worker killed is replaced, the port keeps serving, and each scheduled job ran once', async () => {
	test.setTimeout(120_000);
	const [first] = await workerPids();
	const killedAt = Date.now();
	process.kill(first, 'SIGKILL');
	await expect
		.poll(() => app.output(), { timeout: 30_000 })
		.toMatch(new RegExp(`^Worker ${first} died \\(SIGKILL\\): starting another$`, 'm'));
	const pids = await workerPids(3);
	expect(pids).toHaveLength(3);
	for (let n = 0; n < 6; n++) {
		const response = await fetch(app.url('/'), { headers: { connection: 'close' } });
		expect(response.status).toBe(200);
		await sleep(20);
	}
	const db = readDatabase(app.dataDir);
	try {
		const schedule = db.prepare('SELECT name, last_run_at AS lastRunAt, leased_by AS leasedBy FROM job_schedule ORDER BY name').all() as {
			name: string;
			lastRunAt: number;
		}[];
		expect(schedule.map((row) => row.name)).toEqual(['deliver-mail', 'expire-sessions', 'purge-unactivated', 'window-reminders']);
		// The 10-minute and hourly jobs ran before the kill, and neither the other worker nor the
		// replacement ran them again.
		for (const row of schedule.filter((row) => row.name !== 'deliver-mail')) expect(row.lastRunAt, row.name).toBeLessThan(killedAt);
	} finally {
		db.close();
	}
});
