// The list of pages, taken from src/routes so that a new page cannot be left out of the
// page-wide checks (headers, axe, 320 px). A route with parameters needs a sample here.
import fs from 'node:fs';
import path from 'node:path';

const ROUTES_DIR = path.resolve('src/routes');

/** Sample URLs for routes with parameters, keyed by route id. */
const SAMPLES: Record<string, string[]> = {
	'/(candidat)/inscription/[domaine]/[session]/[academie]': ['/inscription/BCP/2027/08'],
	// Registration pages: a test registers first, then opens them with the number it got.
	'/(candidat)/mes-inscriptions/[numero]': ['/mes-inscriptions/{numero}'],
	'/(candidat)/mes-inscriptions/[numero]/modifier': ['/mes-inscriptions/{numero}/modifier'],
	'/(candidat)/mes-inscriptions/[numero]/historique': ['/mes-inscriptions/{numero}/historique'],
	'/(candidat)/mes-inscriptions/[numero]/desinscription': ['/mes-inscriptions/{numero}/desinscription'],
	'/(candidat)/mes-inscriptions/[numero]/confirmation': ['/mes-inscriptions/{numero}/confirmation'],
	'/(candidat)/mes-inscriptions/[numero]/pieces': ['/mes-inscriptions/{numero}/pieces'],
	'/(candidat)/mes-inscriptions/[numero]/pieces/verrouiller': ['/mes-inscriptions/{numero}/pieces/verrouiller'],
	// A reminder exists once a manager has sent one: tests/015-admin-pieces.uat.ts opens it (axe included).
	'/(candidat)/mes-documents/relance/[id]': [],
	// Admin pages of one registration: opened with the number of a registration the test made.
	'/admin/candidatures/[numero]': ['/admin/candidatures/{numero}'],
	'/admin/candidatures/[numero]/corriger': ['/admin/candidatures/{numero}/corriger'],
	'/admin/candidatures/[numero]/publier': ['/admin/candidatures/{numero}/publier'],
	// A piece exists once the candidate has deposited one: tests/015-admin-pieces.uat.ts opens it (axe included).
	'/admin/candidatures/[numero]/pieces/[id]': [],
	// A pupil exists once imported: tests/015-admin-school.uat.ts opens the page (axe included).
	'/admin/scolaires/[numero]': [],
	// A window and a manager of the test's own; an exam office of the catalogue.
	'/admin/fenetres/[id]': ['/admin/fenetres/{window}'],
	'/admin/gestionnaires/[id]': ['/admin/gestionnaires/{manager}'],
	'/admin/services/[academie]/[domaine]/[session]': ['/admin/services/08/BCP/2027']
};

function routeIds(dir = ROUTES_DIR): string[] {
	const ids: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) ids.push(...routeIds(full));
		else if (/^\+page(@.*)?\.svelte$/.test(entry.name)) {
			ids.push('/' + path.relative(ROUTES_DIR, dir).split(path.sep).join('/'));
		}
	}
	return ids;
}

function pagesOf(ids: string[]): string[] {
	const urls: string[] = [];
	for (const id of ids) {
		if (id.includes('[')) {
			const samples = SAMPLES[id];
			if (!samples) throw new Error(`No sample URL for route ${id}: add one in tests/support/pages.ts`);
			urls.push(...samples);
			continue;
		}
		urls.push(id.replace(/\/\([^)]+\)/g, '').replace(/\/$/, '') || '/');
	}
	return urls;
}

/** Pages anyone can open. */
export function publicPages(): string[] {
	return pagesOf(
		routeIds()
			.sort()
			.filter((id) => !id.includes('/(candidat)') && !isAdminRoute(id))
	);
}

function isAdminRoute(id: string): boolean {
	return id === '/admin' || id.startsWith('/admin/');
}

/** Pages of « Espace gestionnaire » (SPEC M1): every one needs a manager session. */
export function adminPages(): string[] {
	return pagesOf(routeIds().sort().filter(isAdminRoute));
}

/** Pages of the candidate's space (route group `(candidat)`): open them with a session. */
export function candidatePages(): string[] {
	return pagesOf(
		routeIds()
			.sort()
			.filter((id) => id.includes('/(candidat)'))
	);
}

/**
 * A page's HTML without the address's own parameters, which Kit's start script repeats
 * (`params: {numero:"…"}`, since the server resolves routes: svelte.config.js). They are what the
 * visitor asked for, the same for an id of another candidate as for one that does not exist: a
 * check that a page shows nothing of another candidate must not count them, and still counts all
 * the rest.
 */
export function withoutAddressParams(html: string): string {
	return html.replace(/^\s*params: \{[^}\n]*\},$/m, '');
}
