// A worker thread's code, started from a `data:` URL. Vite handles `new URL('./x.js', import.meta.url)`
// for browser workers only: in the server build the file would not be copied beside the bundle
// (adapter-node bundles only what is imported). So under Vite (the server bundle, vitest, `vite dev`)
// the source is inlined as text (`?raw`); the scripts run by tsx (`npm run jobs`, no Vite, no
// `import.meta.env`) read the file beside the module that asks.
import fs from 'node:fs';

/**
 * `raw` imports the worker `?raw` (a literal import, for Vite to see), `file` is the same file as a URL
 * relative to the caller's `import.meta.url`.
 */
export async function workerUrl(raw: () => Promise<{ default: string }>, file: URL): Promise<URL> {
	const source = import.meta.env ? (await raw()).default : fs.readFileSync(file, 'utf8');
	return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}
