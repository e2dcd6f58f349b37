// The production server runs under tsx (`npm run serve`), whose module hooks live on a loader
// thread: every `import()` evaluated during a server render is a round trip to that thread, even for
// a module loaded long ago. An `{#await import(…)}` in a template runs on every render of the page
// (on a signed-in page, two of them cost « Mon espace » about a tenth of its CPU under load, with
// nothing to show for it: the server renders an await block's pending state). Code meant only for the
// browser is imported from an effect instead, which the server never runs (see src/routes/+layout.svelte).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..');

function svelteFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return svelteFiles(full);
		return entry.name.endsWith('.svelte') ? [full] : [];
	});
}

/** Whether the markup outside `<script>` awaits an `import()`. */
const awaitsImport = (source: string) => /\{#await\s+import\(/.test(source.replace(/<script[\s\S]*?<\/script>/g, ''));

describe('#17: server renders import no module', () => {
	it('#17: no template awaits an import() of its own (it would run on every server render)', () => {
		const offenders = svelteFiles(SRC).flatMap((file) => {
			return awaitsImport(fs.readFileSync(file, 'utf8')) ? [path.relative(SRC, file)] : [];
		});
		expect(offenders).toEqual([]);
	});

	it('#17: the rule sees an import() awaited in a template', () => {
		const markup = `<script>let a = 1;</script>\n{#await import('./Late.svelte') then { default: Late }}<Late />{/await}`;
		expect(awaitsImport(markup)).toBe(true);
		expect(awaitsImport(`<script>const late = import('./Late.svelte');</script>\n{#await late then L}<L.default />{/await}`)).toBe(false);
	});
});
