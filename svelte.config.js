import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ precompress: true }),
		// Absolute asset paths: the service worker answers any address with the cached offline page.
		paths: { relative: false },
		// src/lib/client/pwa.ts registers the worker, so that an update waits for the person's click.
		serviceWorker: { register: false },
		// Kit's client asks the server which page an address is (`<page>/__route.js`) instead of holding
		// every route of the app: the list, admin pages included, weighed 2 kB (gzip) on every first
		// visit (issue #17's weight budgets). The service worker keeps each answer for the release
		// and fetches the menus' ahead, so a link to a page already known costs no round trip.
		router: { resolution: 'server' },
		// RELEASE names a build (a new one is announced to installed apps); Kit's timestamp otherwise.
		...(process.env.RELEASE ? { version: { name: process.env.RELEASE } } : {}),
		// No inline script is allowed: Kit's own bootstrap script gets a nonce (hash when prerendered).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Only Kit's route announcer's style attribute (its exact hash) is allowed inline; the
				// browser tests fail on any CSP violation, so a Kit upgrade that changes it shows up.
				'style-src': ['self', 'unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'form-action': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
