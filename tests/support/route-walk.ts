// The route tree as the authorisation matrices walk it: every page, every method of a +server.ts and
// every form action of a +page.server.ts, read from src/routes so that a new route cannot be left out.
import fs from 'node:fs';
import path from 'node:path';

const ROUTES_DIR = path.resolve('src/routes');

/** One way in: a page (GET), a method of a +server.ts, or a form action of a +page.server.ts. */
export interface Handler {
	routeId: string;
	kind: 'page' | 'endpoint' | 'action';
	method: string;
	action?: string;
}

export const keyOf = (handler: Handler) => `${handler.method} ${handler.routeId}${handler.action ? ` ?/${handler.action}` : ''}`;

export function walkRoutes(dir = ROUTES_DIR): Handler[] {
	const handlers: Handler[] = [];
	const routeId = '/' + path.relative(ROUTES_DIR, dir).split(path.sep).join('/');
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			handlers.push(...walkRoutes(full));
		} else if (/^\+page(@.*)?\.svelte$/.test(entry.name)) {
			handlers.push({ routeId, kind: 'page', method: 'GET' });
		} else if (/^\+server\.(ts|js)$/.test(entry.name)) {
			const source = fs.readFileSync(full, 'utf8');
			for (const [, method] of source.matchAll(
				/export\s+(?:const|(?:async\s+)?function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|fallback)\b/g
			)) {
				handlers.push({ routeId, kind: 'endpoint', method });
			}
		} else if (/^\+page\.server\.(ts|js)$/.test(entry.name)) {
			const source = fs.readFileSync(full, 'utf8');
			const start = source.search(/export\s+const\s+actions\b/);
			if (start < 0) continue;
			// The keys of the actions object: its members sit one tab in (the files are tab-indented).
			const names = [...source.slice(start).matchAll(/^\t(?:async\s+)?([A-Za-z_$][\w$]*)\s*[:(]/gm)].map(([, name]) => name);
			if (names.length === 0) throw new Error(`${full}: exports actions that the route walk cannot read`);
			for (const action of names) handlers.push({ routeId, kind: 'action', method: 'POST', action });
		}
	}
	return handlers;
}
