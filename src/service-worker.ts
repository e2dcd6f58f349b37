/// <reference lib="WebWorker" />
// Portail candidat's service worker (SPEC O1, O2, O6; DESIGN "Offline drafts and sync" §5).
// - Precaches the client build (the list is injected at build time by @vite-pwa/sveltekit).
// - Pages and their data: network first, so a candidate always sees fresh windows when online,
//   with the last copy when the network fails; a page never visited answers with the offline page.
// - Public pages go to a shared cache. A page of the candidate space (private, no-store: never in a
//   shared cache) goes only to that candidate's own cache, named by the X-Portail-Candidate header;
//   when another account's page arrives, the previous candidate's cache is dropped, and logging out
//   drops it too. No response ever crosses from one candidate to another.
// - A new release waits until the person clicks « Recharger » (SKIP_WAITING message).
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { version } from '$service-worker';

declare let self: ServiceWorkerGlobalScope;

// Cached pages name this release's assets: a new release starts new caches and drops the old.
const PAGES_CACHE = `pages-${version}`;
const CANDIDATE_PREFIX = `candidate-${version}-`;
const OFFLINE_PAGE = '/hors-ligne';
const NETWORK_TIMEOUT_MS = 6000;
// Never served from a cache: the admin area and the API (drafts and registrations sync themselves).
const NEVER_CACHED = [/^\/admin(\/|$)/, /^\/api\//, /^\/se-deconnecter$/];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

function isPublic(response: Response): boolean {
	return response.status === 200 && response.type === 'basic' && !/no-store|private/i.test(response.headers.get('Cache-Control') ?? '');
}

async function candidateCaches(): Promise<string[]> {
	return (await caches.keys()).filter((name) => name.startsWith('candidate-'));
}

/** Keeps the pages of the candidate who is using the device, and only theirs. */
async function keepForCandidate(candidate: string, request: Request, response: Response): Promise<void> {
	const name = CANDIDATE_PREFIX + candidate;
	for (const other of await candidateCaches()) if (other !== name) await caches.delete(other);
	await (await caches.open(name)).put(request, response);
}

async function fromCaches(request: Request): Promise<Response | undefined> {
	for (const name of await candidateCaches()) {
		const hit = await (await caches.open(name)).match(request);
		if (hit) return hit;
	}
	return (await caches.open(PAGES_CACHE)).match(request);
}

async function networkFirst(request: Request): Promise<Response> {
	try {
		const response = await Promise.race([
			fetch(request),
			new Promise<never>((_, reject) => setTimeout(() => reject(new Error('network timeout')), NETWORK_TIMEOUT_MS))
		]);
		const candidate = response.headers.get('X-Portail-Candidate');
		if (response.status === 200 && candidate) await keepForCandidate(candidate, request, response.clone());
		else if (isPublic(response)) await (await caches.open(PAGES_CACHE)).put(request, response.clone());
		return response;
	} catch (error) {
		const cached = await fromCaches(request);
		if (cached) return cached;
		if (request.mode === 'navigate') {
			const offline = await caches.match(OFFLINE_PAGE, { cacheName: PAGES_CACHE });
			if (offline) return offline;
		}
		throw error;
	}
}

self.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
	if (NEVER_CACHED.some((pattern) => pattern.test(url.pathname))) return;
	// Full navigations, the data requests of Kit's client-side navigations, and opened documents.
	const cacheable = event.request.mode === 'navigate' || url.pathname.endsWith('/__data.json') || url.pathname.startsWith('/documents/');
	if (cacheable) event.respondWith(networkFirst(event.request));
});

self.addEventListener('install', (event) => {
	event.waitUntil(caches.open(PAGES_CACHE).then((cache) => cache.add(OFFLINE_PAGE)));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		caches.keys().then((names) =>
			Promise.all(
				names
					.filter((name) => (name.startsWith('pages-') && name !== PAGES_CACHE) || (name.startsWith('candidate-') && !name.startsWith(CANDIDATE_PREFIX)))
					.map((name) => caches.delete(name))
			)
		)
	);
});

self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
	// « Se déconnecter » once everything is synced: the candidate's pages leave the device.
	if (event.data?.type === 'FORGET_CANDIDATE') event.waitUntil(candidateCaches().then((names) => Promise.all(names.map((name) => caches.delete(name)))));
});
