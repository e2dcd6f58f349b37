/// <reference lib="WebWorker" />
// Portail candidat's service worker (SPEC O1, O2, O6; DESIGN "Offline drafts and sync" §5).
// - Precaches the client build (the list is injected at build time by @vite-pwa/sveltekit).
// - Pages and their data: network first, so a candidate always sees fresh windows when online,
//   with the last copy when the network fails. Kit reaches most pages by link (a client-side
//   navigation that fetches the page's `__data.json`, never its HTML): offline, such a page opens
//   as the app shell, which renders it from the kept data. A page never shown on this device
//   answers with the offline page.
// - What may be kept is the server's word (src/lib/server/hooks/offline-copies.ts): an answer for
//   a signed-in candidate goes only to that candidate's own cache, named by the X-Portail-Candidate
//   header; when another account's page arrives, the previous candidate's cache is dropped, and
//   logging out drops it too. No response ever crosses from one candidate to another. Other
//   answers go to the shared cache when not private or no-store.
// - Pages tell the worker which page they show (KEEP_PAGE): a link to a page whose data did not
//   change fetches nothing, and the first page was loaded before the worker was there. The worker
//   then keeps that page's data. It takes control of the page that installed it, so the first
//   visit is covered too.
// - A new release waits until the person clicks « Recharger » (SKIP_WAITING message).
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { version } from '$service-worker';

declare let self: ServiceWorkerGlobalScope;

// Cached pages name this release's assets: a new release starts new caches and drops the old.
const PAGES_CACHE = `pages-${version}`;
const CANDIDATE_PREFIX = `candidate-${version}-`;
const OFFLINE_PAGE = '/hors-ligne';
/** An HTML page that renders nothing on the server: Kit's client renders the address it is opened at. */
const SHELL_PAGE = '/hors-ligne/coquille';
const NETWORK_TIMEOUT_MS = 6000;
// Never served from a cache: the admin area and the API (drafts and registrations sync themselves).
const NEVER_CACHED = [/^\/admin(\/|$)/, /^\/api\//, /^\/se-deconnecter$/];
// Kit's data requests: `<page>/__data.json`, with the page's query, TRAILING_SLASH_PARAM when the
// page's path ends with « / », and INVALIDATED_PARAM naming the layouts and page whose data the
// client lacks.
const DATA_SUFFIX = '/__data.json';
const INVALIDATED_PARAM = 'x-sveltekit-invalidated';
const TRAILING_SLASH_PARAM = 'x-sveltekit-trailing-slash';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const isNeverCached = (url: URL) => url.origin !== self.location.origin || NEVER_CACHED.some((pattern) => pattern.test(url.pathname));

/**
 * The request for all of a page's data. After a link the client asks only for the parts that
 * changed (the root layout's is « skip »), which cannot render the page alone later; the worker
 * asks for all of it (the client takes each part as new) and keeps it under one address per page.
 */
function completeDataUrl(url: URL): string {
	const complete = new URL(url);
	complete.searchParams.delete(INVALIDATED_PARAM);
	complete.searchParams.sort();
	return complete.href;
}

/** Where the data of the page at `page` is kept: the address Kit's client asks for, completed. */
function dataUrlOf(page: URL): string {
	const data = new URL(page);
	data.hash = '';
	data.pathname = page.pathname.replace(/\/$/, '') + DATA_SUFFIX;
	if (page.pathname.endsWith('/')) data.searchParams.append(TRAILING_SLASH_PARAM, '1');
	return completeDataUrl(data);
}

function isPublic(response: Response): boolean {
	return response.status === 200 && response.type === 'basic' && !/no-store|private/i.test(response.headers.get('Cache-Control') ?? '');
}

async function candidateCaches(): Promise<string[]> {
	return (await caches.keys()).filter((name) => name.startsWith('candidate-'));
}

/** Keeps the pages of the candidate who is using the device, and only theirs. */
async function keepForCandidate(candidate: string, key: RequestInfo, response: Response): Promise<void> {
	const name = CANDIDATE_PREFIX + candidate;
	for (const other of await candidateCaches()) if (other !== name) await caches.delete(other);
	await (await caches.open(name)).put(key, response);
}

/** Keeps a copy of `response` where the server allows it (see the header comment). */
async function keep(key: RequestInfo, response: Response): Promise<void> {
	const candidate = response.headers.get('X-Portail-Candidate');
	if (response.status === 200 && candidate) await keepForCandidate(candidate, key, response.clone());
	else if (isPublic(response)) await (await caches.open(PAGES_CACHE)).put(key, response.clone());
}

async function fromCaches(key: RequestInfo): Promise<Response | undefined> {
	for (const name of await candidateCaches()) {
		const hit = await (await caches.open(name)).match(key);
		if (hit) return hit;
	}
	return (await caches.open(PAGES_CACHE)).match(key);
}

function fromNetwork(request: RequestInfo): Promise<Response> {
	return Promise.race([
		fetch(request),
		new Promise<never>((_, reject) => setTimeout(() => reject(new Error('network timeout')), NETWORK_TIMEOUT_MS))
	]);
}

/** Network first, keeping a copy under `key`; offline, what `offline` finds (by default that copy). */
async function networkFirst(request: RequestInfo, key: RequestInfo, offline = () => fromCaches(key)): Promise<Response> {
	try {
		const response = await fromNetwork(request);
		await keep(key, response);
		return response;
	} catch (error) {
		const fallback = await offline();
		if (fallback) return fallback;
		throw error;
	}
}

/**
 * A page opened offline: the app shell when its data was kept (whatever way it was reached, and
 * the freshest copy), else its HTML kept from a full load, else the offline page.
 */
async function offlineNavigation(url: URL): Promise<Response | undefined> {
	if (await fromCaches(dataUrlOf(url))) return caches.match(SHELL_PAGE, { cacheName: PAGES_CACHE });
	return (await fromCaches(url.href)) ?? caches.match(OFFLINE_PAGE, { cacheName: PAGES_CACHE });
}

// When each page's data was last fetched: a page shown right after its data came (by a link) is
// not fetched again when the page asks to be kept.
const fetchedAt = new Map<string, number>();
const FRESH_MS = 10_000;

function pageData(url: URL): Promise<Response> {
	const complete = completeDataUrl(url);
	const now = Date.now();
	for (const [key, at] of fetchedAt) if (now - at > FRESH_MS) fetchedAt.delete(key);
	fetchedAt.set(complete, now);
	return networkFirst(new Request(complete, { credentials: 'same-origin' }), complete);
}

/** Keeps the data of a page shown on this device (see keepShownPage in src/lib/client/pwa.ts). */
function keepShownPage(page: URL): Promise<unknown> {
	const data = new URL(dataUrlOf(page));
	if (isNeverCached(page) || Date.now() - (fetchedAt.get(data.href) ?? 0) < FRESH_MS) return Promise.resolve();
	return pageData(data).catch(() => undefined);
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (request.method !== 'GET' || isNeverCached(url)) return;
	if (request.mode === 'navigate') {
		event.respondWith(networkFirst(request, request, () => offlineNavigation(url)));
	} else if (url.pathname.endsWith(DATA_SUFFIX)) {
		event.respondWith(pageData(url));
	} else if (url.pathname.startsWith('/documents/')) {
		// Documents the candidate opened.
		event.respondWith(networkFirst(request, request));
	}
});

self.addEventListener('install', (event) => {
	event.waitUntil(caches.open(PAGES_CACHE).then((cache) => cache.addAll([OFFLINE_PAGE, SHELL_PAGE])));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) =>
				Promise.all(
					names
						.filter((name) => (name.startsWith('pages-') && name !== PAGES_CACHE) || (name.startsWith('candidate-') && !name.startsWith(CANDIDATE_PREFIX)))
						.map((name) => caches.delete(name))
				)
			)
			// The first visit: the page that installed the worker is covered from now on (an update
			// only activates on « Recharger », which reloads the page anyway).
			.then(() => self.clients.claim())
	);
});

self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
	if (event.data?.type === 'KEEP_PAGE' && typeof event.data.url === 'string') event.waitUntil(keepShownPage(new URL(event.data.url)));
	// « Se déconnecter » once everything is synced: the candidate's pages leave the device.
	if (event.data?.type === 'FORGET_CANDIDATE') event.waitUntil(candidateCaches().then((names) => Promise.all(names.map((name) => caches.delete(name)))));
});
