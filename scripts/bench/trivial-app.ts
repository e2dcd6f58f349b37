// The baselines of `npm run bench` that are not the product: a bare node:http server and a trivial
// SvelteKit app (adapter-node, nothing else: no hooks, no layout), built into a temporary folder
// with the project's own Kit, Vite and Svelte. Its page renders one heading; its endpoint makes
// three SQLite reads (prepared once) in the benchmark's database, as an API call's floor.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const FILES: Record<string, string> = {
	// A listed dependency stays outside the bundle, as in the product's build.
	'package.json': JSON.stringify({ name: 'bench-trivial', private: true, type: 'module', dependencies: { 'better-sqlite3': '*' } }),
	'svelte.config.js': `import adapter from '@sveltejs/adapter-node';
export default { kit: { adapter: adapter() } };
`,
	'vite.config.js': `import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
export default defineConfig({ plugins: [sveltekit()], logLevel: 'warn' });
`,
	'src/app.html': `<!doctype html>
<html lang="fr">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		%sveltekit.head%
	</head>
	<body>
		<div style="display: contents">%sveltekit.body%</div>
	</body>
</html>
`,
	'src/routes/+page.svelte': `<svelte:head><title>Trivial</title></svelte:head>
<h1>Une page triviale</h1>
<p>Rien d’autre.</p>
`,
	'src/routes/endpoint/+server.js': `import Database from 'better-sqlite3';
import { json } from '@sveltejs/kit';

let reads;
function prepare() {
	const db = new Database(process.env.BENCH_DB, { readonly: true });
	db.pragma('busy_timeout = 5000');
	return [
		db.prepare('SELECT code, name FROM academies WHERE code = ?'),
		db.prepare('SELECT code, name FROM exam_domains WHERE code = ?'),
		db.prepare('SELECT count(*) AS n FROM registration_windows WHERE academy_code = ?')
	];
}

export function GET() {
	reads ??= prepare();
	const [academy, domain, windows] = reads;
	return json({ academy: academy.get('08'), domain: domain.get('BCP'), windows: windows.get('08').n });
}
`
};

/** Builds the trivial app in a folder named after `base` and its sources (once) and returns its adapter-node entry. */
export function buildTrivialApp(base: string, projectRoot: string): string {
	const dir = `${base}-${createHash('sha256').update(JSON.stringify(FILES)).digest('hex').slice(0, 8)}`;
	const entry = path.join(dir, 'build', 'index.js');
	if (fs.existsSync(entry)) return entry;
	for (const [name, text] of Object.entries(FILES)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), text);
	}
	fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build'], { cwd: dir, encoding: 'utf8' });
	if (result.status !== 0 || !fs.existsSync(entry)) {
		throw new Error(`the trivial SvelteKit app did not build:\n${result.stdout}\n${result.stderr}`);
	}
	return entry;
}

/** A bare node:http hello world, run with `node -e`. */
export const HELLO_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
	res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
	res.end('Hello, world');
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT));
`;
