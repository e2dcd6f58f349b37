// Weight budgets (issue #17): the JavaScript a first visit downloads, gzip-compressed, stays within
// its page family's budget. Each page is opened in a fresh browser context (empty cache) with the
// service worker blocked, and every JavaScript response is counted: the entry scripts, their
// modulepreloads and the dynamic imports the page makes on its first view. Each body is gzipped
// here at level 9, so the figure is the build's and not the server's: bytes are deterministic, this
// is a test, not a benchmark. The pages come from src/routes (tests/support/pages.ts), so that a new
// page cannot be left out; the per-route table is printed at the end of the file.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { expect, request as newRequest, test, type Browser, type BrowserContextOptions, type Response } from '@playwright/test';
import { pngImage } from '../src/lib/server/documents/fixtures/images';
import { addManager, GRENOBLE, registerWithApi } from './support/admin';
import { useAppServer } from './support/app-server';
import { openDatabase, postForm, seedSchoolCandidates } from './support/accounts';
import { adminPages, candidatePages, publicPages } from './support/pages';
import { RELAXED_THROTTLES } from './support/registration';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

/** kB of gzip-compressed JavaScript (1 kB = 1,000 bytes, as Vite prints them). */
const BUDGETS = {
	public: { label: 'public page', kB: 50 },
	account: { label: 'account form', kB: 70 },
	candidate: { label: 'candidate page', kB: 60 },
	wizard: { label: 'registration wizard', kB: 80 },
	admin: { label: 'admin page', kB: 120 }
} as const;
type Family = keyof typeof BUDGETS;

// Every page is within its budget since Kit's client asks the server which page an address is
// (svelte.config.js, router.resolution 'server'): the entry script no longer lists every route of
// the app, admin pages included (2 kB on every first visit). What is left of the product's own code
// on every page is the header and its menu (1.2 kB), the early input (0.6), the worker's registration
// with its update prompt (1.7, workbox-window's ES2017 build) and the tab bar. The signed-in pages
// fetch the drafts' code and the background sync (5 kB) only on a device that has the drafts'
// database, which a first visit has not (reading drafts creates no database).

type Session = 'none' | 'candidate' | 'pupil' | 'administrator';

const ACCOUNT_FORMS = new Set([
	'/me-connecter',
	'/creer-mon-compte',
	'/mot-de-passe-oublie',
	'/mot-de-passe-oublie/nouveau',
	'/modifier-mon-compte',
	'/candidat-scolaire',
	'/candidat-scolaire/mot-de-passe',
	'/compte/activer',
	'/compte/confirmer-adresse',
	'/compte/renvoyer-activation'
]);

function familyOf(pathname: string): Family {
	if (pathname.startsWith('/admin/')) return 'admin';
	if (ACCOUNT_FORMS.has(pathname)) return 'account';
	if (/^\/inscription\/[^/]+\/[^/]+\/[^/]+$/.test(pathname) || /^\/mes-inscriptions\/[^/]+\/modifier$/.test(pathname)) return 'wizard';
	return 'public';
}

interface Route {
	/** The address as the table shows it, with `{placeholders}` for the test's own ids. */
	path: string;
	family: Family;
	session: Session;
}

// The login and second-factor pages of the admin area are opened without a session; the pupil's
// password page with a pupil who has not chosen one yet.
const ROUTES: Route[] = [
	...publicPages().map((path) => ({ path, family: familyOf(path), session: 'none' as const })),
	{ path: '/ouverture-des-services?domaine=BCP&session=2027&academie=08', family: 'public', session: 'none' },
	{ path: '/mot-de-passe-oublie/nouveau?jeton={jeton}', family: 'account', session: 'none' },
	...candidatePages().map((path) => {
		const family = familyOf(path);
		return {
			path,
			family: family === 'public' ? ('candidate' as const) : family,
			session: path.startsWith('/candidat-scolaire/') ? ('pupil' as const) : ('candidate' as const)
		};
	}),
	...adminPages().map((path) => ({
		path,
		family: 'admin' as const,
		session: path.startsWith('/admin/connexion') ? ('none' as const) : ('administrator' as const)
	})),
	{ path: '/admin/candidatures/{numero}/pieces/{piece}', family: 'admin', session: 'administrator' }
];

let ids: Record<string, string> = {};
const sessions: Partial<Record<Session, BrowserContextOptions['storageState']>> = {};

test.beforeAll(async () => {
	// A candidate with a registration and a deposited piece.
	const registered = await registerWithApi(app, GRENOBLE, 'Lou Légère');
	const deposited = await registered.candidate.post(app.url(`/mes-inscriptions/${registered.registrationNumber}/pieces?/deposer`), {
		headers: { origin: app.origin, accept: 'text/html' },
		multipart: { typeCode: 'identity-document', fichier: { name: 'piece.png', mimeType: 'image/png', buffer: pngImage(40, 30) } },
		maxRedirects: 0
	});
	expect(deposited.status(), await deposited.text()).toBe(303);
	sessions.candidate = await registered.candidate.storageState();

	// A password reset link of that candidate (the server logs mail without SMTP_URL).
	const since = app.output().length;
	const reset = await postForm(registered.candidate, app, '/mot-de-passe-oublie', { email: registered.person.email });
	expect(reset.status(), await reset.text()).toBe(200);
	await registered.candidate.dispose();
	let jeton: string | undefined;
	await expect.poll(() => (jeton = /\/mot-de-passe-oublie\/nouveau\?jeton=([^\s&]+)/.exec(app.output().slice(since))?.[1])).toBeTruthy();

	// An administrator (every admin page is theirs).
	const administrator = await addManager(app, { role: 'administrator', label: 'budgets.admin' });
	const adminRequest = await newRequest.newContext();
	const adminLogin = await postForm(adminRequest, app, '/admin/connexion', {
		email: administrator.email,
		password: administrator.password
	});
	expect(adminLogin.status(), await adminLogin.text()).toBe(303);
	sessions.administrator = await adminRequest.storageState();
	await adminRequest.dispose();

	// A pupil logged in with their slip, who must choose a password.
	const [slip] = await seedSchoolCandidates(app);
	const pupilRequest = await newRequest.newContext();
	const pupilLogin = await postForm(pupilRequest, app, '/candidat-scolaire', {
		candidateNumber: slip.candidateNumber,
		secret: slip.secret
	});
	expect(pupilLogin.status(), await pupilLogin.text()).toBe(303);
	sessions.pupil = await pupilRequest.storageState();
	await pupilRequest.dispose();

	const db = openDatabase(app);
	try {
		const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
		ids = {
			numero: registered.registrationNumber,
			jeton: jeton!,
			window: String(one<{ id: number }>('SELECT id FROM registration_windows WHERE academy_code = ? ORDER BY id LIMIT 1', GRENOBLE).id),
			manager: one<{ id: string }>('SELECT id FROM managers WHERE email = ?', administrator.email).id,
			piece: one<{ id: string }>(
				'SELECT s.id FROM supporting_documents s JOIN registrations r ON r.id = s.registration_id WHERE r.registration_number = ?',
				registered.registrationNumber
			).id
		};
	} finally {
		db.close();
	}
});

interface Measure {
	route: Route;
	landedOn: string;
	bytes: number;
	files: { name: string; bytes: number }[];
}

/** The gzip size of every JavaScript file a first visit of this address downloads. */
async function firstVisit(browser: Browser, route: Route): Promise<Measure> {
	const address = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
		if (!ids[name]) throw new Error(`no ${name} for ${route.path}`);
		return ids[name];
	});
	const storageState = route.session === 'none' ? undefined : sessions[route.session];
	const context = await browser.newContext({ serviceWorkers: 'block', storageState });
	try {
		const page = await context.newPage();
		const bodies = new Map<string, Promise<Buffer>>();
		const collect = (response: Response) => {
			const javascript = response.request().resourceType() === 'script' || /javascript/.test(response.headers()['content-type'] ?? '');
			if (javascript && response.status() === 200 && !bodies.has(response.url())) bodies.set(response.url(), response.body());
		};
		page.on('response', collect);
		// Network idle: the entry, its preloads and what the page imports once shown have arrived (a
		// page without client-side rendering, such as the offline page, loads none).
		const response = await page.goto(app.url(address), { waitUntil: 'networkidle' });
		// Every body asked for is awaited below, before the context closes.
		page.off('response', collect);
		expect(response?.status(), address).toBe(200);
		const files = await Promise.all(
			[...bodies].map(async ([url, body]) => ({
				name: new URL(url).pathname.split('/').pop()!,
				bytes: gzipSync(await body, { level: 9 }).length
			}))
		);
		files.sort((a, b) => b.bytes - a.bytes);
		const landed = new URL(page.url());
		return { route, landedOn: landed.pathname, bytes: files.reduce((sum, file) => sum + file.bytes, 0), files };
	} finally {
		await context.close();
	}
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

function table(measures: Measure[]): string {
	const width = Math.max(...measures.map((measure) => measure.route.path.length));
	const lines = measures.map(({ route, bytes, landedOn, files }) => {
		const budget = BUDGETS[route.family].kB;
		const over = bytes > budget * 1000 ? `  OVER by ${kB(bytes - budget * 1000)} kB` : '';
		const asked = route.path.split('?')[0];
		const redirected = asked.includes('{') || landedOn === asked ? '' : `  (shown: ${landedOn})`;
		return `${route.path.padEnd(width)}  ${kB(bytes).padStart(6)} kB / ${String(budget).padStart(3)} kB  ${String(files.length).padStart(2)} files${over}${redirected}`;
	});
	return `First-visit JavaScript, gzip -9, service worker blocked:\n${lines.join('\n')}`;
}

// One test for every page: a failed assertion does not restart the server and its accounts, and
// each page over its budget is named with its excess.
test('#17: the first visit of each page loads no more JavaScript (gzip) than its budget: public 50 kB, account forms 70 kB, candidate pages 60 kB, the wizard 80 kB, admin 120 kB', async ({
	browser
}) => {
	test.setTimeout(ROUTES.length * 15_000);
	const measures: Measure[] = [];
	for (const route of ROUTES) {
		const measure = await firstVisit(browser, route);
		measures.push(measure);
		const budget = BUDGETS[route.family];
		const excess = measure.bytes - budget.kB * 1000;
		const largest = measure.files
			.slice(0, 5)
			.map((file) => `${file.name} ${kB(file.bytes)} kB`)
			.join(', ');
		expect
			.soft(
				excess,
				`${route.path}: ${kB(measure.bytes)} kB, ${kB(excess)} kB over the ${budget.kB} kB budget of a ${budget.label} (largest: ${largest})`
			)
			.toBeLessThanOrEqual(0);
	}
	const report = table(measures);
	console.log(report);
	await test.info().attach('first-visit JavaScript per page', { body: report, contentType: 'text/plain' });
});

/** One GET as sent (over `agent` if given), its answer as received and the local port its connection used. */
function getRaw(
	url: string,
	acceptEncoding: string,
	agent?: http.Agent
): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer; status: number; localPort: number }> {
	return new Promise((resolve, reject) => {
		const request = http
			.get(url, { agent, headers: { 'accept-encoding': acceptEncoding, accept: 'text/html,application/json,*/*' } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ headers: res.headers, body: Buffer.concat(chunks), status: res.statusCode ?? 0, localPort: request.socket!.localPort! })
				);
			})
			.on('error', reject);
	});
}

test('#17: the server keeps an idle kept-alive connection open longer than Node’s 5 s, as a reverse proxy in front expects', async () => {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	try {
		const ask = () => getRaw(app.url('/mentions-legales'), 'gzip', agent);
		const first = await ask();
		await new Promise((resolve) => setTimeout(resolve, 6_000));
		const second = await ask();
		expect([first.status, second.status]).toEqual([200, 200]);
		// The same connection: the server did not close it while it was idle.
		expect(second.localPort).toBe(first.localPort);
	} finally {
		agent.destroy();
	}
});

test('#17: the server (scripts/serve.ts) compresses pages and JSON, keeps the security headers, and serves static files precompressed once', async () => {
	// A page, in brotli, then in gzip.
	const page = await getRaw(app.url('/ouverture-des-services?domaine=BCP&session=2027&academie=08'), 'gzip, deflate, br');
	expect(page.status).toBe(200);
	expect(page.headers['content-encoding']).toBe('br');
	expect(page.headers.vary).toMatch(/Accept-Encoding/i);
	expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(page.headers['x-content-type-options']).toBe('nosniff');
	const html = brotliDecompressSync(page.body).toString();
	expect(html).toMatch(/^<!doctype html>/);
	expect(html).toContain('Ouverture des services');
	const gzipped = await getRaw(app.url('/mentions-legales'), 'gzip');
	expect(gzipped.headers['content-encoding']).toBe('gzip');
	expect(gunzipSync(gzipped.body).toString()).toContain('</html>');

	// The page's data as the client router fetches it (JSON).
	const data = await getRaw(app.url('/ouverture-des-services/__data.json?domaine=BCP&session=2027&academie=08'), 'br');
	expect(data.headers['content-type']).toMatch(/application\/json/);
	expect(data.headers['content-encoding']).toBe('br');
	expect(JSON.parse(brotliDecompressSync(data.body).toString())).toHaveProperty('type', 'data');

	// A script of the build: adapter-node's precompressed copy, decoded once into JavaScript.
	const scriptPath = /"(\/_app\/immutable\/[^"]+\.js)"/.exec(html)?.[1];
	expect(scriptPath).toBeTruthy();
	const script = await getRaw(app.url(scriptPath!), 'gzip, br');
	expect(script.headers['content-encoding']).toBe('br');
	expect(brotliDecompressSync(script.body).toString()).toMatch(/\b(import|export|var|function)\b/);
});
