// workbox-window's ES2017 build (src/lib/client/pwa.ts) has the package's types.
declare module 'workbox-window/build/workbox-window.prod.mjs' {
	export * from 'workbox-window';
}
