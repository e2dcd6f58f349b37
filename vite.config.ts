import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { withoutAdminChunks } from './scripts/precache.js';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
			// Registered by src/lib/client/pwa.ts with workbox-window, to prompt before an update.
			injectRegister: false,
			manifestFilename: 'manifest.webmanifest',
			manifest: {
				id: '/',
				name: 'Portail candidat – inscription aux examens',
				short_name: 'Portail candidat',
				description: 'Inscription aux examens nationaux, brouillon hors connexion et documents de la session.',
				lang: 'fr',
				dir: 'ltr',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#1f3a93',
				background_color: '#ffffff',
				icons: [
					{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
					{ src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			injectManifest: {
				// The client build only: app code and styles, icons, the manifest. No server output,
				// no fonts (the system font stack is used), nothing only the admin area uses
				// (scripts/precache.ts reads the build's manifest to find it).
				globPatterns: ['client/_app/immutable/**/*.{js,css}', 'client/*.{png,svg,webmanifest}'],
				globIgnores: ['server/**', 'client/apple-touch-icon.png'],
				manifestTransforms: [withoutAdminChunks(import.meta.dirname)],
				// Present (even empty), it stops the plugin from adding a prerendered/ pattern that
				// matches nothing here (nothing is prerendered: static HTML would miss the hooks' headers).
				modifyURLPrefix: {}
			}
		})
	],
	build: {
		// The entry script lists each page's chunk only, not every chunk each page imports (that list
		// sat in the script every first visit loads: issue #17's weight budgets), and so does the root
		// layout for what it loads later (the logout dialog, the session warning, the sync notices). A
		// page reached by a link then loads its imports as they are read: a round trip more, only until
		// the service worker has precached them. The stylesheets still come with the page (Vite keeps
		// CSS deps), and what a page imports itself keeps its preloads (the form's draft code on mount).
		modulePreload: {
			resolveDependencies: (_file, deps, { hostId, hostType }) =>
				hostType === 'js' && /\/(entry\/app|nodes\/0)\.[^/]*\.js$/.test(hostId) ? [] : deps
		}
	},
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000
	}
});
