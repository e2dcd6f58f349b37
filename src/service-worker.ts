/// <reference lib="WebWorker" />
// Portail candidat's service worker (SPEC O1, O6; DESIGN "Offline drafts and sync" §5).
// - Precaches the client build (the list is injected at build time by @vite-pwa/sveltekit).
// - Pages and their data: network first, so a candidate always sees fresh windows when online,
//   with the last copy when the network fails; a page never visited answers with the offline page.
// - Never caches what carries someone's personal data: responses marked private or no-store
//   (every signed-in page) are passed through and never stored.
// - A new release waits until the person clicks « Recharger » (SKIP_WAITING message).
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core';
import { version } from '$service-worker';

declare let self: ServiceWorkerGlobalScope;

// Cached pages name this release's assets: a new release starts a new cache and drops the old.
const PAGES_CACHE = `pages-${version}`;
const OFFLINE_PAGE = '/hors-ligne';
// Never served from a cache: the admin area and anything under the API.
const NEVER_CACHED = [/^\/admin(\/|$)/, /^\/api\//];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const onlyPublicResponses: WorkboxPlugin = {
	async cacheWillUpdate({ response }) {
		if (response.status !== 200 || response.type !== 'basic') return null;
		const cacheControl = response.headers.get('Cache-Control') ?? '';
		return /no-store|private/i.test(cacheControl) ? null : response;
	}
};

const pages = new NetworkFirst({ cacheName: PAGES_CACHE, networkTimeoutSeconds: 6, plugins: [onlyPublicResponses] });

registerRoute(({ request, url }) => {
	if (url.origin !== self.location.origin || NEVER_CACHED.some((pattern) => pattern.test(url.pathname))) return false;
	// Full navigations, and the data requests of Kit's client-side navigations.
	return request.mode === 'navigate' || url.pathname.endsWith('/__data.json');
}, pages);

setCatchHandler(async ({ request }) => {
	if (request.mode === 'navigate') {
		const offline = await caches.match(OFFLINE_PAGE, { cacheName: PAGES_CACHE });
		if (offline) return offline;
	}
	return Response.error();
});

self.addEventListener('install', (event) => {
	event.waitUntil(caches.open(PAGES_CACHE).then((cache) => cache.add(OFFLINE_PAGE)));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		caches.keys().then((names) =>
			Promise.all(names.filter((name) => name.startsWith('pages-') && name !== PAGES_CACHE).map((name) => caches.delete(name)))
		)
	);
});

self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
