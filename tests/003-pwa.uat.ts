// The installable app (SPEC O1) and its updates (SPEC O6), in a real Chromium profile: Playwright's
// default context is incognito-like, where Chromium reports the app as not installable. Offline is
// real: the server process is stopped (context.setOffline does not stop the worker's requests).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startAppServer, useAppServer, type AppServer } from './support/app-server';
import { launchProfile } from './support/chromium';
import { CANDIDATE_MENU, FOOTER_LINKS, PUBLIC_MENU } from '../src/lib/navigation';

const app = useAppServer({ env: { DEMO: '1' } });

const P1_QUERY = '/ouverture-des-services?domaine=BCP&session=2027&academie=08';

const isControlled = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);

/** Waits until the app's worker is active and controls the page. No reload: on a first visit the
 * worker takes control of the page that installed it (SPEC O2: the first session is covered too). */
async function waitForServiceWorkerControl(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await expect.poll(() => isControlled(page), { message: 'the service worker controls the page' }).toBe(true);
	expect(await page.evaluate(() => new URL(navigator.serviceWorker.controller!.scriptURL).pathname)).toBe('/service-worker.js');
}

const releaseMeta = (page: Page) => page.locator('meta[name="portail-release"]');

interface CachedEntry {
	url: string;
	status: number;
	cacheControl: string | null;
}

/** Every Cache Storage entry of the page's origin, by cache name. */
function readCaches(page: Page): Promise<Record<string, CachedEntry[]>> {
	return page.evaluate(async () => {
		const entries: Record<string, CachedEntry[]> = {};
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			entries[name] = [];
			for (const request of await cache.keys()) {
				const response = await cache.match(request);
				entries[name].push({
					url: request.url,
					status: response?.status ?? 0,
					cacheControl: response?.headers.get('Cache-Control') ?? null
				});
			}
		}
		return entries;
	});
}

/** The precache list that the build injected into the served worker. */
async function precacheList(server: AppServer): Promise<string[]> {
	const worker = await (await fetch(server.url('/service-worker.js'))).text();
	const urls = [...worker.matchAll(/"url":"([^"]+)"/g)].map((match) => new URL(match[1], server.origin).pathname);
	expect(urls.length).toBeGreaterThan(5);
	return urls;
}

test('O1: Chromium finds the app installable (no installability error at all)', async () => {
	const profile = await launchProfile();
	try {
		const { page, context } = profile;
		await page.goto(app.url('/'));
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		await waitForServiceWorkerControl(page);
		const cdp = await context.newCDPSession(page);
		await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, { timeout: 15_000 }).toEqual([]);
		const manifest = await cdp.send('Page.getAppManifest');
		expect(manifest.url).toBe(app.url('/manifest.webmanifest'));
		expect(manifest.errors).toEqual([]);
	} finally {
		await profile.close();
	}
});

test('O1: the manifest names the app in French, standalone, with icons that load as PNG', async ({ page, request }) => {
	await page.goto(app.url('/'));
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBe('/manifest.webmanifest');
	await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#1f3a93');

	const response = await request.get(app.url(href!));
	expect(response.status()).toBe(200);
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		id: '/',
		name: 'Portail candidat – inscription aux examens',
		short_name: 'Portail candidat',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#1f3a93',
		background_color: '#ffffff',
		lang: 'fr'
	});

	const icons: { src: string; sizes: string; type: string; purpose?: string }[] = manifest.icons;
	const any = icons.filter((icon) => !icon.purpose || icon.purpose.split(' ').includes('any'));
	expect(any.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
	expect(icons.some((icon) => icon.purpose?.split(' ').includes('maskable'))).toBe(true);

	for (const icon of icons) {
		expect(icon.type, icon.src).toBe('image/png');
		const file = await request.get(app.url(icon.src));
		expect(file.status(), icon.src).toBe(200);
		expect(file.headers()['content-type'], icon.src).toBe('image/png');
		const bytes = await file.body();
		expect(bytes.subarray(0, 8).toString('hex'), `${icon.src} is a PNG`).toBe('89504e470d0a1a0a');
		const [width, height] = icon.sizes.split('x').map(Number);
		expect(bytes.readUInt32BE(16), `${icon.src} width`).toBe(width);
		expect(bytes.readUInt32BE(20), `${icon.src} height`).toBe(height);
		// And the browser decodes it at that size.
		const decoded = await page.evaluate(async (src) => {
			const bitmap = await createImageBitmap(await (await fetch(src)).blob());
			return [bitmap.width, bitmap.height];
		}, icon.src);
		expect(decoded, icon.src).toEqual([width, height]);
	}
});

/** The route nodes a page's HTML starts with (SvelteKit's `node_ids`: its layouts and page). */
async function nodesOf(server: AppServer, pathname: string): Promise<number[]> {
	const html = await (await fetch(server.url(pathname))).text();
	const ids = /node_ids: \[([\d, ]+)\]/.exec(html);
	expect(ids, pathname).not.toBeNull();
	return ids![1].split(',').map(Number);
}

test('O1: the worker precaches the pages of a candidate, never the code only the admin view uses', async ({ request }) => {
	const precached = await precacheList(app);
	const nodeFile = (id: number) => precached.find((url) => url.startsWith(`/_app/immutable/nodes/${id}.`));
	const candidate = new Set([...(await nodesOf(app, '/')), ...(await nodesOf(app, '/me-connecter'))]);
	const adminOnly = (await nodesOf(app, '/admin/connexion')).filter((id) => !candidate.has(id));
	// The root layout, the home page and the login page; the admin layout and its login page.
	expect(candidate.size).toBeGreaterThanOrEqual(3);
	expect(adminOnly.length).toBeGreaterThanOrEqual(2);
	for (const id of candidate) expect(nodeFile(id), `node ${id}`).toBeDefined();
	for (const id of adminOnly) expect(nodeFile(id), `node ${id}`).toBeUndefined();
	// Still served to a manager's browser, from the network: the server's answer to « which page is
	// this address » (Kit's server-side route resolution) names the page's node files.
	const code = await (await request.get(app.url('/admin/connexion/__route.js'))).text();
	for (const id of adminOnly) {
		const file = new RegExp(`nodes/${id}\\.[\\w-]+\\.js`).exec(code);
		expect(file, `node ${id}`).not.toBeNull();
		expect((await request.get(app.url(`/_app/immutable/${file![0]}`))).status()).toBe(200);
	}
});

test('O1: offline, visited pages still show, others show the offline page; nothing private is cached', async () => {
	// About 30 s alone now that the precache holds the admin view's code too (reading every cache entry).
	const server = await startAppServer({ env: { DEMO: '1' } });
	const profile = await launchProfile();
	try {
		const { page } = profile;
		await page.goto(server.url('/'));
		await waitForServiceWorkerControl(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		const release = await releaseMeta(page).getAttribute('content');

		await page.goto(server.url(P1_QUERY));
		const grenoble = page.getByRole('region', { name: 'Baccalauréat professionnel, session 2027 – Académie de Grenoble' });
		await expect(grenoble.getByText('Service ouvert', { exact: true })).toBeVisible();

		// A client-side navigation: its data answer (rendered for nobody in particular) is kept, like
		// the page's HTML, and whole: the worker asks for every part, not only those the client lacks.
		const dataResponse = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/__data.json'));
		await page.getByLabel(/^Académie ou centre d’examen/).selectOption({ label: 'Lille' });
		await page.getByRole('button', { name: 'Afficher les périodes' }).click();
		const data = await dataResponse;
		expect(data.status()).toBe(200);
		expect(data.fromServiceWorker()).toBe(true);
		expect(data.headers()['cache-control']).toBe('no-cache');
		const lille = page.getByRole('region', { name: /Académie de Lille$/ });
		await expect(lille.getByText('Service à venir', { exact: true })).toBeVisible();
		const lilleUrl = page.url().slice(server.origin.length);
		const lilleData = new URL(data.url());
		lilleData.searchParams.delete('x-sveltekit-invalidated');
		lilleData.searchParams.sort();

		const cached = await readCaches(page);
		const precacheName = `workbox-precache-v2-${server.origin}/`;
		const pagesName = `pages-${release}`;
		expect(Object.keys(cached).sort()).toEqual([pagesName, precacheName].sort());
		// Pages: the home page's data (it was open when the worker took control), the pages visited
		// with the worker in control, the offline page, the app shell and the help page (SPEC P2);
		// and which page each address of the menus and the footer is (Kit's route answers, asked
		// ahead at install so that their links need no round trip more).
		const pageUrls = cached[pagesName].map((entry) => entry.url.slice(server.origin.length));
		const menus = ['/', '/aide', ...[...PUBLIC_MENU, ...CANDIDATE_MENU, ...FOOTER_LINKS].map((link) => link.href)];
		expect(pageUrls.sort()).toEqual(
			[
				'/__data.json?x-sveltekit-trailing-slash=1',
				'/aide',
				'/hors-ligne',
				'/hors-ligne/coquille',
				P1_QUERY,
				lilleData.pathname + lilleData.search,
				...new Set(menus.map((address) => `${address.replace(/\/$/, '')}/__route.js`))
			].sort()
		);
		for (const entry of cached[pagesName]) {
			expect(entry.status, entry.url).toBe(200);
			expect(entry.cacheControl ?? '', entry.url).not.toMatch(/private|no-store/i);
		}
		// Precache: exactly the build's list (app code, styles, icons, manifest).
		const precached = cached[precacheName].map((entry) => new URL(entry.url).pathname);
		expect(precached.sort()).toEqual((await precacheList(server)).sort());
		for (const url of precached) expect(url).toMatch(/^\/(_app\/immutable\/.+\.(js|css)|[\w-]+\.(png|svg|webmanifest))$/);
		const everything = Object.values(cached).flat();
		expect(everything.filter((entry) => /^\/(admin|api)(\/|$)/.test(new URL(entry.url).pathname))).toEqual([]);
		expect(everything.filter((entry) => /private|no-store/i.test(entry.cacheControl ?? ''))).toEqual([]);

		// Now really offline: the server process is gone.
		await server.stop();
		await expect(fetch(server.url('/'))).rejects.toThrow();

		const home = await page.goto(server.url('/'));
		expect(home?.fromServiceWorker()).toBe(true);
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'Comment accéder au portail ?' })).toBeVisible();

		await page.goto(server.url(P1_QUERY));
		await expect(grenoble.getByText('Service ouvert', { exact: true })).toBeVisible();
		await expect(grenoble.getByRole('term')).toHaveText(['Ouverture', 'Fermeture']);
		await expect(page.getByLabel(/^Académie ou centre d’examen/)).toHaveValue('08');

		// Reached by the form (a client-side navigation): it opens from its kept data.
		await page.goto(server.url(lilleUrl));
		await expect(lille.getByText('Service à venir', { exact: true })).toBeVisible();

		await page.goto(server.url('/mentions-legales'));
		await expect(page.getByRole('heading', { level: 1, name: 'Vous êtes hors connexion' })).toBeVisible();
		await expect(page).toHaveURL(server.url('/mentions-legales'));
		await expect(page.getByRole('link', { name: 'Réessayer' })).toHaveAttribute('href', '/');

		// By links from the home page (their routes known ahead): a page that reads nothing of the
		// server opens from the code on the device; one whose data was never kept shows the offline
		// page at its address, as when typed.
		await page.getByRole('link', { name: 'Réessayer' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		await page.getByRole('contentinfo').getByRole('link', { name: 'Données personnelles' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Données personnelles' })).toBeVisible();
		await page.goBack();
		await page.getByRole('main').getByRole('link', { name: 'Créer mon compte' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Vous êtes hors connexion' })).toBeVisible();
		await expect(page).toHaveURL(server.url('/creer-mon-compte'));
	} finally {
		await profile.close();
		await server.stop();
	}
});

// ─── O6: a second build of the app, served on the same origin, is announced and applied on click ───

const RELEASE_SOURCES = [
	'src',
	'static',
	'drizzle',
	'scripts',
	'tests/support',
	'package.json',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'tsconfig.node.json',
	'drizzle.config.ts'
];

/** Builds the repository's sources again in `folder`, as release `name` (svelte.config.js reads RELEASE). */
async function buildRelease(folder: string, name: string): Promise<void> {
	for (const entry of RELEASE_SOURCES) {
		fs.cpSync(path.resolve(entry), path.join(folder, entry), { recursive: true });
	}
	fs.symlinkSync(path.resolve('node_modules'), path.join(folder, 'node_modules'), 'dir');
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const child = spawn(path.join(folder, 'node_modules/.bin/vite'), ['build'], {
			cwd: folder,
			env: { ...process.env, RELEASE: name },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		// A build takes about a minute alone; beside a full run's browsers (and the PDF viewer's
		// modules of the admin view) it has taken more than two.
		const timer = setTimeout(() => {
			child.kill('SIGTERM');
			reject(new Error(`the second build took more than 240 s:\n${output}`));
		}, 240_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`the second build failed (${code}):\n${output}`));
		});
	});
	expect(fs.existsSync(path.join(folder, 'build/handler.js'))).toBe(true);
}

test('O6: a new release is announced (« Nouvelle version disponible ») and applied only on « Recharger »', async () => {
	test.setTimeout(360_000);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-release-b-'));
	const releaseB = `release-b-${Date.now()}`;
	const built = buildRelease(folder, releaseB);
	built.catch(() => {}); // awaited below; avoids an unhandled rejection meanwhile
	let serverA: AppServer | undefined;
	let serverB: AppServer | undefined;
	let profile: Awaited<ReturnType<typeof launchProfile>> | undefined;
	try {
		serverA = await startAppServer({ env: { DEMO: '1' } });
		profile = await launchProfile();
		const { page } = profile;
		await page.goto(serverA.url('/'));
		await waitForServiceWorkerControl(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		const releaseA = await releaseMeta(page).getAttribute('content');
		expect(releaseA).toBeTruthy();
		expect(releaseA).not.toBe(releaseB);
		await page.evaluate(() => {
			(window as unknown as { __stayed: boolean }).__stayed = true;
		});
		await expect(page.getByText('Nouvelle version disponible')).toHaveCount(0);

		// Release B replaces release A on the same origin.
		await built;
		await serverA.stop();
		serverB = await startAppServer({
			env: { DEMO: '1' },
			port: Number(new URL(serverA.origin).port),
			cwd: folder,
			dataDir: serverA.dataDir
		});
		expect(serverB.origin).toBe(serverA.origin);
		expect(await (await fetch(serverB.url('/'))).text()).toContain(`<meta name="portail-release" content="${releaseB}"`);

		// The app looks for a new release when it comes back to the foreground.
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		const banner = page.getByRole('status').filter({ hasText: 'Nouvelle version disponible' });
		await expect(banner).toBeVisible({ timeout: 20_000 });
		const reload = banner.getByRole('button', { name: 'Recharger' });
		await expect(reload).toBeVisible();

		// Announced, not applied: the page stays as it is until the person clicks.
		await page.waitForTimeout(3_000);
		expect(await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed)).toBe(true);
		await expect(releaseMeta(page)).toHaveAttribute('content', releaseA!);
		expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');
		await expect(banner).toBeVisible();

		await reload.click();
		await expect(releaseMeta(page)).toHaveAttribute('content', releaseB, { timeout: 15_000 });
		expect(await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed)).toBeUndefined();
		await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
		await expect(page.getByText('Nouvelle version disponible')).toHaveCount(0);
		expect(await isControlled(page)).toBe(true);
		// The new release's pages cache replaced the old one.
		await expect
			.poll(() => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('pages-'))))
			.toEqual([`pages-${releaseB}`]);
	} finally {
		await profile?.close();
		await serverA?.stop();
		await serverB?.stop();
		await built.catch(() => {});
		fs.rmSync(folder, { recursive: true, force: true });
	}
});
