import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminNodeReader, candidateFiles, withoutAdminChunks, type ViteManifest } from './precache';

const NODES = '.svelte-kit/generated/client-optimized/nodes';

/** A build in miniature: a candidate page, an admin page with a lazy PDF viewer, a shared chunk. */
function fakeBuild(): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'precache-'));
	fs.mkdirSync(path.join(root, NODES), { recursive: true });
	fs.writeFileSync(
		path.join(root, NODES, '1.js'),
		'export { default as component } from "../../../../src/routes/(candidat)/mes-documents/+page.svelte";'
	);
	fs.writeFileSync(
		path.join(root, NODES, '2.js'),
		'export { default as component } from "../../../../src/routes/admin/pieces/+page.svelte";'
	);
	const manifest: ViteManifest = {
		'node_modules/@sveltejs/kit/src/runtime/client/entry.js': {
			file: '_app/immutable/entry/start.js',
			isEntry: true,
			imports: ['_shared.js']
		},
		// As SvelteKit builds it: the app entry imports every node lazily, admin ones included.
		'.svelte-kit/generated/client-optimized/app.js': {
			file: '_app/immutable/entry/app.js',
			isEntry: true,
			dynamicImports: [`${NODES}/1.js`, `${NODES}/2.js`]
		},
		[`${NODES}/1.js`]: {
			file: '_app/immutable/nodes/1.js',
			isEntry: true,
			imports: ['_shared.js', '_form.js'],
			css: ['_app/immutable/assets/1.css']
		},
		[`${NODES}/2.js`]: {
			file: '_app/immutable/nodes/2.js',
			isEntry: true,
			imports: ['_shared.js', '_admin.js'],
			dynamicImports: ['node_modules/pdfjs-dist/build/pdf.mjs'],
			css: ['_app/immutable/assets/2.css']
		},
		'_shared.js': { file: '_app/immutable/chunks/shared.js' },
		'_form.js': { file: '_app/immutable/chunks/form.js', dynamicImports: ['_lazy.js'] },
		'_lazy.js': { file: '_app/immutable/chunks/lazy.js' },
		'_admin.js': { file: '_app/immutable/chunks/admin.js', imports: ['_shared.js'] },
		'node_modules/pdfjs-dist/build/pdf.mjs': { file: '_app/immutable/chunks/pdf.js' }
	};
	fs.mkdirSync(path.join(root, '.svelte-kit/output/client/.vite'), { recursive: true });
	fs.writeFileSync(path.join(root, '.svelte-kit/output/client/.vite/manifest.json'), JSON.stringify(manifest));
	return root;
}

describe('O1: the service worker precaches the candidate code, not the admin view', () => {
	it('keeps what the entries and candidate nodes reach, statically or lazily, and drops admin-only chunks', () => {
		const root = fakeBuild();
		const manifest = JSON.parse(fs.readFileSync(path.join(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'));
		const keep = candidateFiles(manifest, adminNodeReader(root));
		expect([...keep].sort()).toEqual(
			[
				'_app/immutable/assets/1.css',
				'_app/immutable/entry/app.js',
				'_app/immutable/chunks/form.js',
				'_app/immutable/chunks/lazy.js',
				'_app/immutable/chunks/shared.js',
				'_app/immutable/entry/start.js',
				'_app/immutable/nodes/1.js'
			].sort()
		);
	});

	it('filters workbox entries by that set, relative to the client output, and leaves icons and the web manifest alone', async () => {
		const root = fakeBuild();
		const entry = (url: string) => ({ url: `client/${url}`, revision: null, size: 1 });
		const result = await withoutAdminChunks(root)([
			entry('_app/immutable/nodes/1.js'),
			entry('_app/immutable/nodes/2.js'),
			entry('_app/immutable/chunks/pdf.js'),
			entry('_app/immutable/chunks/admin.js'),
			entry('_app/immutable/chunks/shared.js'),
			entry('_app/immutable/assets/2.css'),
			entry('icon-192.png'),
			entry('manifest.webmanifest')
		]);
		expect(result.manifest.map((kept) => kept.url)).toEqual([
			'_app/immutable/nodes/1.js',
			'_app/immutable/chunks/shared.js',
			'icon-192.png',
			'manifest.webmanifest'
		]);
	});

	it('keeps everything when the build manifest is missing, rather than a worker that lacks a page', async () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'precache-'));
		const result = await withoutAdminChunks(root)([{ url: 'client/_app/immutable/nodes/2.js', revision: null, size: 1 }]);
		expect(result.manifest).toEqual([{ url: '_app/immutable/nodes/2.js', revision: null, size: 1 }]);
		expect(result.warnings).toHaveLength(1);
	});
});
