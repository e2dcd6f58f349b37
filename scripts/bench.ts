// `npm run bench [-- --quick] [-- --workers 1,2] [-- --seconds N] [-- --no-lighthouse] [-- --out FILE]
//   [-- --only TEXT,…] [-- --cpu-prof DIR]`
//
// Starts the built server (build/, built first if missing) on a fresh database in a temporary
// DATA_DIR, on a free loopback port, and loads it with autocannon (50 connections, a fixed time per
// route) beside baselines measured in the same run: a bare node:http hello world and a trivial
// SvelteKit app (a page, and an endpoint making three SQLite reads). Pages are compared to the
// trivial page, API calls to the trivial endpoint. Then the cost of a login (argon2id), Lighthouse's
// mobile run (median of 3) and the server's memory. Prints a table, writes bench/latest.json.
// `--only TEXT[,TEXT…]` measures only the product routes whose name contains one of the TEXTs
// (case-insensitive; the baselines always run); `--cpu-prof DIR` starts the server with `node --cpu-prof` and writes its
// profiles (one per process) into DIR when it stops, to open in Chrome's DevTools.
// A script, never a test: its figures depend on the machine and on what else runs on it.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { hashPassword, verifyPassword } from '../src/lib/server/auth/password';
import { readConfig } from '../src/lib/server/config';
import { databaseFile } from '../src/lib/server/db';
import { SAMPLE_CONTENT, submission } from '../src/lib/server/registrations/test-fixtures';
import { runLighthouse, type LighthouseFigures } from './bench/lighthouse';
import { measure, type Measure, type Target } from './bench/load';
import { startMailSink } from './bench/mail-sink';
import { nodeProcesses, residentMegabytes, startChild, type Child } from './bench/processes';
import { BENCH_EMAIL, BENCH_PASSWORD, EXAM, seedBenchData, type Seeded } from './bench/seed';
import { buildTrivialApp, HELLO_SERVER } from './bench/trivial-app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ─── Options ───

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
	const at = argv.indexOf(name);
	return at >= 0 ? argv[at + 1] : undefined;
};
const quick = flag('--quick');
const seconds = Number(option('--seconds') ?? (quick ? 2 : 8));
const warmupSeconds = quick ? 1 : 2;
const connections = 50;
const workerCounts = (option('--workers') ?? '1').split(',').map((value) => Number(value.trim()));
const withLighthouse = !quick && !flag('--no-lighthouse');
const outFile = path.resolve(root, option('--out') ?? 'bench/latest.json');
const only = option('--only')?.toLowerCase().split(',');
const cpuProfileDir = option('--cpu-prof');
if (!Number.isFinite(seconds) || seconds <= 0 || workerCounts.some((count) => !Number.isInteger(count) || count < 1)) {
	console.error(
		'Usage: npm run bench [-- --quick] [-- --workers 1,2] [-- --seconds N] [-- --no-lighthouse] [-- --out FILE] [-- --only TEXT,…] [-- --cpu-prof DIR]'
	);
	process.exit(2);
}
// The pool's submitters must outnumber the submissions of one route's run (each submits once: a
// second would be refused, 409); 7,000 ran out at 815 a second on a faster host.
const sizes = quick
	? { pool: 1_500, listCandidates: 20_000, listRegistrations: 50_000 }
	: { pool: 20_000, listCandidates: 20_000, listRegistrations: 50_000 };
/** The admin list is read by a few managers at once, not by a crowd. */
const ADMIN_CONNECTIONS = 5;
/**
 * Pool candidates kept for the draft writes (each writes in turn: enough of them that a writer's
 * previous write has been answered before the next, or its If-Match is stale: 412); the others
 * submit a registration each.
 */
const DRAFT_WRITERS = Math.min(1_000, Math.floor(sizes.pool / 3));

const log = (line: string) => console.log(`[bench] ${line}`);
const children: Child[] = [];
process.once('SIGINT', async () => {
	await Promise.all(children.map((child) => child.stop()));
	process.exit(130);
});

// ─── Build and seed ───

function ensureBuild() {
	if (fs.existsSync(path.join(root, 'build', 'handler.js'))) return;
	log('no build/: running `npm run build`');
	const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}

function copyDir(from: string, to: string) {
	fs.cpSync(from, to, { recursive: true });
}

async function login(origin: string): Promise<string> {
	const response = await fetch(`${origin}/me-connecter`, {
		method: 'POST',
		redirect: 'manual',
		headers: { Origin: origin, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD })
	});
	const cookie = response.headers.getSetCookie().find((line) => line.startsWith('session='));
	if (response.status !== 303 || !cookie) {
		const page = await response.text();
		const alert = /role="alert"[^>]*>([\s\S]{0,300})/.exec(page)?.[1] ?? page.slice(0, 300);
		throw new Error(`the bench candidate's login failed (${response.status}): ${alert}`);
	}
	return cookie.split(';')[0];
}

/** The filtered admin list's second page (a keyset cursor), found as a manager finds it: the first page's link. */
async function adminListPage(origin: string, cookie: string): Promise<string> {
	let url = `${origin}/admin/candidatures?academie=08&examen=BCP&session=2027&tri=nom`;
	for (let hop = 0; hop < 3; hop++) {
		const response = await fetch(url, { redirect: 'manual', headers: { Cookie: cookie } });
		if (response.status >= 300 && response.status < 400) {
			url = new URL(response.headers.get('Location')!, url).href;
			continue;
		}
		const html = await response.text();
		if (response.status !== 200) throw new Error(`the admin list answered ${response.status}`);
		const next = /href="(\/admin\/candidatures\?[^"]*apres=[^"]*)"/.exec(html);
		if (!next) throw new Error('the admin list has no next page');
		return next[1].replaceAll('&amp;', '&');
	}
	throw new Error('the admin list redirects too often');
}

async function expectStatus(target: Target, expected: number) {
	const request = { method: target.method ?? 'GET', path: target.path, headers: { ...target.headers }, body: target.body };
	const prepared = target.step?.setupRequest ? target.step.setupRequest(request, {}) : request;
	const response = await fetch(target.origin + (prepared.path ?? target.path), {
		method: prepared.method,
		headers: prepared.headers,
		body: prepared.body as string | undefined,
		redirect: 'manual'
	});
	const body = await response.text();
	if (response.status !== expected) throw new Error(`${target.name}: ${response.status} instead of ${expected}\n${body.slice(0, 500)}`);
	target.step?.onResponse?.(response.status, body, {}, {});
}

// ─── The routes ───

function productTargets(origin: string, seeded: Seeded, candidateCookie: string, adminPath: string): Target[] {
	const managerCookie = `gestionnaire=${seeded.managerToken}`;
	const pool = seeded.poolTokens;
	const revisions = [...seeded.poolRevisions];
	let nextWriter = 0;
	let nextSubmitter = DRAFT_WRITERS;
	const json = { 'Content-Type': 'application/json' };
	return [
		{ name: 'Home page', kind: 'page', origin, path: '/' },
		{ name: 'Legal notice', kind: 'page', origin, path: '/mentions-legales' },
		{
			name: '« Ouverture des services », a choice',
			kind: 'page',
			origin,
			path: `/ouverture-des-services?domaine=${EXAM.domain}&session=${EXAM.session}&academie=${EXAM.academy}`
		},
		{ name: 'Candidate’s home (signed in)', kind: 'page', origin, path: '/espace-candidat', headers: { Cookie: candidateCookie } },
		{
			name: 'Wizard page (signed in)',
			kind: 'page',
			origin,
			path: `/inscription/${EXAM.domain}/${EXAM.session}/${EXAM.academy}`,
			headers: { Cookie: candidateCookie }
		},
		{
			name: 'Admin list, filtered, page 2',
			kind: 'page',
			origin,
			path: adminPath,
			headers: { Cookie: managerCookie },
			connections: ADMIN_CONNECTIONS
		},
		{ name: 'Document download', kind: 'api', origin, path: `/documents/${seeded.documentId}`, headers: { Cookie: candidateCookie } },
		{
			name: 'Draft sync write',
			kind: 'api',
			origin,
			method: 'PUT',
			path: `/api/brouillons/${EXAM.domain}/${EXAM.session}`,
			// A write cut short at the end of the warm-up may have moved a draft on: read each again.
			beforeRun: async () => {
				for (let writer = 0; writer < DRAFT_WRITERS; writer++) {
					const response = await fetch(`${origin}/api/brouillons/${EXAM.domain}/${EXAM.session}`, {
						headers: { Cookie: `session=${pool[writer]}` }
					});
					const answer = (await response.json()) as { draft?: { revision: number } | null };
					if (answer.draft) revisions[writer] = answer.draft.revision;
				}
			},
			step: {
				setupRequest: (request, context) => {
					const writer = nextWriter++ % DRAFT_WRITERS;
					context.writer = writer;
					const body = {
						academyCode: EXAM.academy,
						registrationNumber: null,
						baseVersion: null,
						tab: 'situation',
						content: SAMPLE_CONTENT
					};
					return {
						...request,
						headers: { ...json, Cookie: `session=${pool[writer]}`, 'If-Match': `"${revisions[writer]}"` },
						body: JSON.stringify(body)
					};
				},
				onResponse: (status, body, context) => {
					const answer = JSON.parse(body) as { revision?: number; current?: { revision: number } };
					const revision = answer.revision ?? answer.current?.revision;
					if (revision !== undefined) revisions[context.writer as number] = revision;
				}
			}
		},
		{
			name: 'Registration submission',
			kind: 'api',
			origin,
			method: 'POST',
			path: '/api/inscriptions',
			step: {
				setupRequest: (request) => {
					// A candidate of the pool each time (wrapping round would answer 409: counted as non-2xx).
					const candidate = DRAFT_WRITERS + (nextSubmitter++ % (pool.length - DRAFT_WRITERS));
					return {
						...request,
						headers: { ...json, Cookie: `session=${pool[candidate]}`, 'Idempotency-Key': randomBytes(18).toString('base64url') },
						body: JSON.stringify(submission())
					};
				}
			}
		}
	];
}

const EXPECTED_STATUS: Record<string, number> = { 'Registration submission': 201 };

// ─── Login cost ───

async function loginCost() {
	const hashed = await hashPassword(BENCH_PASSWORD);
	const alone: number[] = [];
	for (let i = 0; i < (quick ? 3 : 9); i++) {
		const start = performance.now();
		await verifyPassword(hashed, BENCH_PASSWORD);
		alone.push(performance.now() - start);
	}
	const delay = monitorEventLoopDelay({ resolution: 1 });
	delay.enable();
	const start = performance.now();
	const together = await Promise.all(
		Array.from({ length: 20 }, async () => {
			const begun = performance.now();
			await verifyPassword(hashed, BENCH_PASSWORD);
			return performance.now() - begun;
		})
	);
	const wall = performance.now() - start;
	delay.disable();
	const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	return {
		argon2idP50Ms: Math.round(p50(alone)),
		concurrent20: { p50Ms: Math.round(p50(together)), maxMs: Math.round(Math.max(...together)), wallMs: Math.round(wall) },
		eventLoopDelayP99Ms: Math.round((delay.percentile(99) / 1e6) * 10) / 10,
		threadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4)
	};
}

// ─── One server, N workers ───

interface ServerRun {
	workers: number;
	processes: number;
	measures: Measure[];
	rssIdleMb: number;
	rssAfterLoadMb: number;
	/** Mails the server delivered to the SMTP sink during its run (confirmations, activations). */
	mailsDelivered: number;
	/** After the submissions: what was left queued, and how long the server took to catch up. */
	afterSurge?: SurgeBacklog;
	lighthouse?: LighthouseFigures[];
}

async function benchServer(
	workers: number,
	templateDir: string,
	seeded: Seeded,
	baselines: Measure[],
	runLighthouseToo: boolean
): Promise<ServerRun> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `portail-bench-w${workers}-`));
	copyDir(templateDir, dataDir);
	log(`server with WORKERS=${workers} on a copy of the seeded data, mail to an SMTP sink`);
	const mailSink = await startMailSink();
	const server = await startChild(
		'server',
		[
			...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(root, cpuProfileDir)}`] : []),
			'--import',
			'tsx',
			'scripts/serve.ts'
		],
		{
			DATA_DIR: dataDir,
			DEMO: '0',
			SMTP_URL: mailSink.url,
			WORKERS: String(workers)
		},
		{ cwd: root }
	);
	children.push(server);
	try {
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		const processes = nodeProcesses(server.process.pid!);
		const rssIdleMb = residentMegabytes(server.process.pid!);
		const origin = server.origin;
		const candidateCookie = await login(origin);
		const adminPath = await adminListPage(origin, `gestionnaire=${seeded.managerToken}`);
		const targets = productTargets(origin, seeded, candidateCookie, adminPath).filter(
			(target) => !only || only.some((text) => target.name.toLowerCase().includes(text))
		);
		for (const target of targets) await expectStatus(target, EXPECTED_STATUS[target.name] ?? 200);

		let lighthouse: LighthouseFigures[] | undefined;
		if (runLighthouseToo) {
			log('Lighthouse, mobile, 3 runs per page');
			lighthouse = await runLighthouse(origin, [
				{ name: 'Home page', path: '/' },
				{ name: '« Ouverture des services »', path: '/ouverture-des-services' },
				{ name: '« Me connecter »', path: '/me-connecter' },
				{ name: 'Wizard (signed in)', path: `/inscription/${EXAM.domain}/${EXAM.session}/${EXAM.academy}`, cookie: candidateCookie }
			]);
		}

		const measures: Measure[] = [];
		for (const target of targets) {
			log(`${target.name} (${seconds} s)`);
			const measured = await measure(target, { connections, seconds, warmupSeconds });
			const baseline = baselines.find(
				(each) => each.name === (target.kind === 'page' ? 'Trivial SvelteKit page' : 'Trivial SvelteKit endpoint')
			);
			if (baseline) measured.ratio = Math.round((measured.requestsPerSecond / baseline.requestsPerSecond) * 100) / 100;
			measures.push(measured);
		}
		const rssAfterLoadMb = residentMegabytes(server.process.pid!);
		const afterSurge = targets.some((target) => target.name === 'Registration submission') ? await catchUp(dataDir) : undefined;
		return { workers, processes, measures, rssIdleMb, rssAfterLoadMb, mailsDelivered: mailSink.received(), afterSurge, lighthouse };
	} finally {
		await server.stop();
		await mailSink.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

interface SurgeBacklog {
	/** Confirmations (queued jobs) and mails not yet done when the load stopped. */
	confirmationsLeft: number;
	mailsLeft: number;
	/** Seconds until both were done (null: not within the limit, then what was left). */
	caughtUpSeconds: number | null;
	leftAtLimit?: { confirmationsLeft: number; mailsLeft: number };
}

/** How long the bench waits for the queues a surge left (seconds). */
const CATCH_UP_LIMIT_S = 300;

/**
 * The surge's aftermath: every submission queued a confirmation PDF and a mail. Reads the server's
 * database (a second connection, as a second process would) until both queues are empty.
 */
async function catchUp(dataDir: string, limitSeconds = CATCH_UP_LIMIT_S): Promise<SurgeBacklog> {
	const db = new Database(databaseFile(dataDir), { readonly: true });
	try {
		const left = () => ({
			confirmationsLeft: (db.prepare('SELECT count(*) AS n FROM queued_jobs WHERE done_at IS NULL').get() as { n: number }).n,
			mailsLeft: (db.prepare('SELECT count(*) AS n FROM mail_outbox WHERE sent_at IS NULL').get() as { n: number }).n
		});
		const atEnd = left();
		log(`after the submissions: ${atEnd.confirmationsLeft} confirmations and ${atEnd.mailsLeft} mails queued; waiting for them`);
		const started = performance.now();
		while (performance.now() - started < limitSeconds * 1_000) {
			const now = left();
			if (now.confirmationsLeft === 0 && now.mailsLeft === 0) {
				return { ...atEnd, caughtUpSeconds: Math.round((performance.now() - started) / 100) / 10 };
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return { ...atEnd, caughtUpSeconds: null, leftAtLimit: left() };
	} finally {
		db.close();
	}
}

// ─── Report ───

function table(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows
		.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '))
		.join('\n');
}

function measureRows(measures: Measure[]): string[][] {
	return [
		['Route', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'ratio'],
		...measures.map((m) => [
			m.name,
			String(m.connections),
			String(m.requestsPerSecond),
			String(m.p50Ms),
			String(m.p99Ms),
			String(m.errors),
			String(m.non2xx),
			m.ratio === undefined ? '' : m.ratio.toFixed(2)
		])
	];
}

// ─── Main ───

async function main() {
	const started = Date.now();
	ensureBuild();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-bench-'));
	try {
		const kitVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@sveltejs/kit/package.json'), 'utf8')).version;
		const trivialDir = path.join(os.tmpdir(), `portail-bench-trivial-kit-${kitVersion}`);
		log(`the trivial SvelteKit app (built once into ${trivialDir})`);
		const trivialEntry = buildTrivialApp(trivialDir, root);

		log(`seeding: ${sizes.listRegistrations} registrations, ${sizes.listCandidates} + ${sizes.pool} candidates`);
		const templateDir = path.join(work, 'template');
		const seeded = await seedBenchData(readConfig({ DATA_DIR: templateDir, MAIL_TRANSPORT: 'log' }), sizes);
		log(
			`seeded ${seeded.registrations} registrations and ${seeded.candidates} candidates in ${Math.round((Date.now() - started) / 1000)} s`
		);

		log('login cost: argon2id alone, then 20 at once');
		const login = await loginCost();

		log('baselines');
		const trivialData = path.join(work, 'trivial');
		copyDir(templateDir, trivialData);
		const hello = await startChild('hello', ['-e', HELLO_SERVER], {});
		children.push(hello);
		const trivial = await startChild('trivial', [trivialEntry], { BENCH_DB: databaseFile(trivialData) });
		children.push(trivial);
		const baselines: Measure[] = [];
		for (const target of [
			{ name: 'node:http hello world', kind: 'baseline', origin: hello.origin, path: '/' },
			{ name: 'Trivial SvelteKit page', kind: 'baseline', origin: trivial.origin, path: '/' },
			{ name: 'Trivial SvelteKit endpoint', kind: 'baseline', origin: trivial.origin, path: '/endpoint' }
		] satisfies Target[]) {
			await expectStatus(target, 200);
			log(`${target.name} (${seconds} s)`);
			baselines.push(await measure(target, { connections, seconds, warmupSeconds }));
		}
		await hello.stop();
		await trivial.stop();

		const servers: ServerRun[] = [];
		for (const [index, workers] of workerCounts.entries()) {
			servers.push(await benchServer(workers, templateDir, seeded, baselines, withLighthouse && index === 0));
		}

		const results = {
			date: new Date().toISOString(),
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model ?? '',
				loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
				node: process.version
			},
			settings: {
				connections,
				secondsPerRoute: seconds,
				warmupSeconds,
				quick,
				seeded: { registrations: seeded.registrations, candidates: seeded.candidates }
			},
			baselines,
			servers,
			login,
			durationSeconds: Math.round((Date.now() - started) / 1000)
		};

		console.log('\nBaselines (same run)');
		console.log(table(measureRows(baselines)));
		for (const server of servers) {
			console.log(
				`\nWORKERS=${server.workers} (${server.processes} node process(es)); RSS idle ${server.rssIdleMb} MB, after the load ${server.rssAfterLoadMb} MB; ${server.mailsDelivered} mails delivered over SMTP`
			);
			console.log(table(measureRows(server.measures)));
			console.log('ratio: pages to the trivial page, API calls and the download to the trivial endpoint');
			if (server.afterSurge) {
				const { confirmationsLeft, mailsLeft, caughtUpSeconds } = server.afterSurge;
				console.log(
					`After the submissions: ${confirmationsLeft} confirmations and ${mailsLeft} mails queued; ${caughtUpSeconds === null ? `not all done within ${CATCH_UP_LIMIT_S} s (${JSON.stringify(server.afterSurge.leftAtLimit)} left)` : `all done ${caughtUpSeconds} s later`}`
				);
			}
			if (server.lighthouse) {
				console.log('\nLighthouse, mobile (median of the runs, 3 wanted)');
				console.log(
					table([
						['Page', 'performance', 'LCP ms', 'TBT ms', 'CLS', 'runs'],
						...server.lighthouse.map((page) => [
							page.error ? `${page.name} (failed: ${page.error.slice(0, 60)})` : page.name,
							String(page.performance),
							String(page.lcpMs),
							String(page.tbtMs),
							page.cls.toFixed(3),
							String(page.runs)
						])
					])
				);
			}
		}
		console.log(
			`\nLogin: argon2id ${login.argon2idP50Ms} ms (p50 alone); 20 at once: p50 ${login.concurrent20.p50Ms} ms, last ${login.concurrent20.maxMs} ms; event loop p99 delay ${login.eventLoopDelayP99Ms} ms`
		);
		console.log(`\n${results.durationSeconds} s in all; load average now ${results.machine.loadAverage.join(' ')}`);

		fs.mkdirSync(path.dirname(outFile), { recursive: true });
		const text = JSON.stringify(results, null, '\t');
		const formatted = await prettier.format(text, { ...(await prettier.resolveConfig(outFile)), filepath: outFile });
		fs.writeFileSync(outFile, formatted);
		log(`written ${path.relative(root, outFile)}`);
	} finally {
		await Promise.all(children.map((child) => child.stop()));
		fs.rmSync(work, { recursive: true, force: true });
	}
}

await main();
