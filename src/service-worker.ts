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
//   header, and is served only until their session ends (SPEC S2). The candidate's cache is
//   dropped when another account's page arrives, at any logout (the worker sees the post), and when
//   a page is rendered for nobody (the session ended: a redirect to the login, another tab's
//   logout). No response ever crosses from one candidate to another. Other answers go to the
//   shared cache when not private or no-store.
// - Pages tell the worker which page they show (KEEP_PAGE): a link to a page whose data did not
//   change fetches nothing, and the first page was loaded before the worker was there. The worker
//   then keeps that page's data. It takes control of the page that installed it, so the first
//   visit is covered too.
// - Kit's client asks the server which page an address is (`<page>/__route.js`, svelte.config.js):
//   the answer depends only on the address and the release, so it is kept in the release's cache
//   and served from there. The menus' pages are asked ahead at install; a page shown is kept with
//   its data, since the app shell cannot render an address whose page it does not know.
// - A new release waits until the person clicks « Recharger » (SKIP_WAITING message).
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { version } from '$service-worker';
import { CANDIDATE_MENU, FOOTER_LINKS, PUBLIC_MENU } from '$lib/navigation';

declare let self: ServiceWorkerGlobalScope;

// Cached pages name this release's assets: a new release starts new caches and drops the old.
const PAGES_CACHE = `pages-${version}`;
const CANDIDATE_PREFIX = `candidate-${version}-`;
const OFFLINE_PAGE = '/hors-ligne';
/** An HTML page that renders nothing on the server: Kit's client renders the address it is opened at. */
const SHELL_PAGE = '/hors-ligne/coquille';
const HELP_PAGE = '/aide';
const NETWORK_TIMEOUT_MS = 6000;
// Never served from a cache: the admin area and the API (drafts and registrations sync themselves).
const NEVER_CACHED = [/^\/admin(\/|$)/, /^\/api\//, /^\/se-deconnecter$/];
const LOGOUT = '/se-deconnecter';
const CANDIDATE_HEADER = 'X-Portail-Candidate';
const SESSION_EXPIRES_HEADER = 'X-Portail-Session-Expires';
/** In each candidate cache, when the candidate's session ends at the latest (as last heard). */
const SESSION_END_KEY = '/__portail-session-end';
// Kit's data requests: `<page>/__data.json`, with the page's query, TRAILING_SLASH_PARAM when the
// page's path ends with « / », and INVALIDATED_PARAM naming the layouts and page whose data the
// client lacks.
const DATA_SUFFIX = '/__data.json';
const INVALIDATED_PARAM = 'x-sveltekit-invalidated';
const TRAILING_SLASH_PARAM = 'x-sveltekit-trailing-slash';
// Kit's route requests (router.resolution 'server'): `<page>/__route.js`, without the query.
const ROUTE_SUFFIX = '/__route.js';
/** The pages whose route is asked ahead: what the menus and the footer link to. */
const ROUTES_AHEAD = ['/', HELP_PAGE, ...[...PUBLIC_MENU, ...CANDIDATE_MENU, ...FOOTER_LINKS].map((link) => link.href)];

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

/** Where Kit's client asks which page `page` is. */
function routeUrlOf(page: URL): string {
	return `${page.origin}${page.pathname.replace(/\/$/, '')}${ROUTE_SUFFIX}`;
}

/**
 * Which page an address is: the release's kept answer, else the server's (then kept). Offline, for
 * an address never asked here, no page: Kit's client then loads the address in full, which the
 * worker answers as any offline navigation (a copy kept from a full load, or the offline page).
 */
async function pageRoute(routeUrl: string): Promise<Response> {
	const cache = await caches.open(PAGES_CACHE);
	const kept = await cache.match(routeUrl);
	if (kept) return kept;
	try {
		const response = await fromNetwork(new Request(routeUrl, { credentials: 'same-origin' }));
		if (response.status === 200 && response.type === 'basic') await cache.put(routeUrl, response.clone());
		return response;
	} catch {
		return new Response('', { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
	}
}

function isPublic(response: Response): boolean {
	return response.status === 200 && response.type === 'basic' && !/no-store|private/i.test(response.headers.get('Cache-Control') ?? '');
}

async function candidateCaches(): Promise<string[]> {
	return (await caches.keys()).filter((name) => name.startsWith('candidate-'));
}

async function forgetCandidates(except?: string): Promise<void> {
	for (const name of await candidateCaches()) if (name !== except) await caches.delete(name);
}

/** Keeps the pages of the candidate who is using the device, and only theirs, with their session's end. */
async function keepForCandidate(candidate: string, key: RequestInfo, response: Response): Promise<void> {
	const name = CANDIDATE_PREFIX + candidate;
	await forgetCandidates(name);
	const cache = await caches.open(name);
	await cache.put(key, response);
	// A session only ever grows longer: the newest answer tells its end.
	await cache.put(SESSION_END_KEY, new Response(response.headers.get(SESSION_EXPIRES_HEADER) ?? ''));
}

// When the request whose answer last told who is signed in here was sent. An answer to an older
// request (sent before a login or a logout, arriving after it) no longer tells anything about that.
let signedInKnownAt = 0;

/** A logout (or its like) seen now: the candidate's copies go. */
function forgetCandidatesNow(): Promise<void> {
	signedInKnownAt = Date.now();
	return forgetCandidates();
}

/**
 * Keeps a copy of `response` where the server allows it (see the header comment). A page (or its
 * data) rendered for nobody means that no candidate is signed in here any more.
 */
async function keep(key: RequestInfo, response: Response, isPage: boolean, sentAt: number): Promise<void> {
	const candidate = response.headers.get(CANDIDATE_HEADER);
	const ok = response.status === 200 && response.type === 'basic';
	if (ok && (candidate || isPage)) {
		if (sentAt < signedInKnownAt) return;
		signedInKnownAt = sentAt;
	}
	if (ok && candidate) return keepForCandidate(candidate, key, response.clone());
	if (ok && isPage) await forgetCandidates();
	if (isPublic(response)) await (await caches.open(PAGES_CACHE)).put(key, response.clone());
}

/** The kept copy: the candidate's while their session may still be alive, else the shared one. */
async function fromCaches(key: RequestInfo): Promise<Response | undefined> {
	for (const name of await candidateCaches()) {
		const cache = await caches.open(name);
		const sessionEnd = Date.parse((await (await cache.match(SESSION_END_KEY))?.text()) ?? '');
		if (!(sessionEnd > Date.now())) {
			await caches.delete(name);
			continue;
		}
		const hit = await cache.match(key);
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
async function networkFirst(request: Request, key: RequestInfo, offline = () => fromCaches(key)): Promise<Response> {
	try {
		const sentAt = Date.now();
		const response = await fromNetwork(request);
		const isPage =
			request.mode === 'navigate'
				? !!response.headers.get('Content-Type')?.startsWith('text/html')
				: new URL(request.url).pathname.endsWith(DATA_SUFFIX);
		await keep(key, response, isPage, sentAt);
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
	const shellCanRender = (await fromCaches(dataUrlOf(url))) && (await caches.match(routeUrlOf(url), { cacheName: PAGES_CACHE }));
	if (shellCanRender) return caches.match(SHELL_PAGE, { cacheName: PAGES_CACHE });
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

/** Keeps what a page shown on this device needs offline, its data and its route (see keepShownPage in src/lib/client/pwa.ts). */
function keepShownPage(page: URL): Promise<unknown> {
	if (isNeverCached(page)) return Promise.resolve();
	const route = pageRoute(routeUrlOf(page));
	const data = new URL(dataUrlOf(page));
	if (Date.now() - (fetchedAt.get(data.href) ?? 0) < FRESH_MS) return route;
	return Promise.all([route, pageData(data).catch(() => undefined)]);
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	// Whatever button sent it (header, dialog, another tab), a logout leaves nothing of the candidate.
	if (request.method === 'POST' && url.origin === self.location.origin && url.pathname === LOGOUT) event.waitUntil(forgetCandidatesNow());
	if (request.method !== 'GET' || isNeverCached(url)) return;
	if (request.mode === 'navigate') {
		event.respondWith(networkFirst(request, request, () => offlineNavigation(url)));
	} else if (url.pathname.endsWith(ROUTE_SUFFIX)) {
		event.respondWith(pageRoute(url.origin + url.pathname));
	} else if (url.pathname.endsWith(DATA_SUFFIX)) {
		event.respondWith(pageData(url));
	} else if (url.pathname.startsWith('/documents/')) {
		// Documents the candidate opened.
		event.respondWith(networkFirst(request, request));
	}
});

self.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(PAGES_CACHE)
			.then((cache) =>
				// The help page (SPEC P2) as rendered for nobody: it must open offline before any visit.
				cache.addAll([OFFLINE_PAGE, SHELL_PAGE, new Request(HELP_PAGE, { credentials: 'omit' })])
			)
			// Best effort: a route not asked now is asked when first needed.
			.then(() => Promise.allSettled(ROUTES_AHEAD.map((path) => pageRoute(routeUrlOf(new URL(path, self.location.origin))))))
	);
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) =>
				Promise.all(
					names
						.filter(
							(name) =>
								(name.startsWith('pages-') && name !== PAGES_CACHE) || (name.startsWith('candidate-') && !name.startsWith(CANDIDATE_PREFIX))
						)
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
	if (event.data?.type === 'FORGET_CANDIDATE') event.waitUntil(forgetCandidatesNow());
});
