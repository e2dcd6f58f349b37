// What the service worker precaches (SPEC O1, O2): the code a candidate's phone may need offline,
// never the admin view's. A phone on a poor network must not download the managers' pages (and
// their PDF viewer) to install the app. Imported by vite.config.ts at build time.
import fs from 'node:fs';
import path from 'node:path';

/** One chunk of Vite's build manifest (`.vite/manifest.json`), the fields used here. */
export interface ManifestChunk {
	file: string;
	src?: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
	css?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** SvelteKit's generated route nodes (`nodes/N.js`) that import a page or layout of `/admin`. */
const ADMIN_SOURCE = /src\/routes\/admin\//;

/**
 * The files (relative to the client output) reachable from every entry that is not an admin node:
 * SvelteKit's start and app entries, the candidate and public nodes, and what they import, statically
 * or lazily, with their styles. `isAdminNode` tells, from an entry's key, whether it is an admin node.
 */
export function candidateFiles(manifest: ViteManifest, isAdminNode: (key: string) => boolean): Set<string> {
	const keep = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		// SvelteKit's app entry imports every node lazily: an admin node is never followed.
		if (seen.has(key) || isAdminNode(key)) return;
		seen.add(key);
		const chunk = manifest[key];
		if (!chunk) return;
		keep.add(chunk.file);
		for (const css of chunk.css ?? []) keep.add(css);
		for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
	};
	for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
	return keep;
}

/** Reads the generated node file behind a manifest key: an admin node imports from src/routes/admin/. */
export function adminNodeReader(root: string): (key: string) => boolean {
	return (key) => {
		if (!/generated\/client(-optimized)?\/nodes\/\d+\.js$/.test(key)) return false;
		const file = path.join(root, key);
		return fs.existsSync(file) && ADMIN_SOURCE.test(fs.readFileSync(file, 'utf8'));
	};
}

/**
 * The workbox `manifestTransforms` of the build. It replaces @vite-pwa/sveltekit's own, so it also
 * does that one's job here: URLs relative to the client output (`client/x` → `x`; nothing is
 * prerendered). Then it drops every `_app/immutable` file that only the admin view uses. Without a
 * readable build manifest it keeps everything: a larger precache, never a worker missing a page.
 */
export function withoutAdminChunks(root: string) {
	return async (entries: Array<{ url: string; revision: string | null; size: number }>) => {
		const relative = entries.map((entry) => ({ ...entry, url: entry.url.replace(/^client\//, '') }));
		const manifestFile = path.join(root, '.svelte-kit/output/client/.vite/manifest.json');
		if (!fs.existsSync(manifestFile)) return { manifest: relative, warnings: ['precache: no Vite manifest, admin chunks kept'] };
		const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ViteManifest;
		const keep = candidateFiles(manifest, adminNodeReader(root));
		return { manifest: relative.filter((entry) => !entry.url.startsWith('_app/immutable/') || keep.has(entry.url)), warnings: [] };
	};
}
