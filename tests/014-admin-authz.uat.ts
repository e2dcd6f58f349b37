// The admin view's authorisation matrix (SPEC M1), HTTP only against the built server, built from
// the route tree (tests/support/route-walk.ts): every page, endpoint and form action under /admin
// must be listed in SPECS, so a new route fails this file until it says who may use it.
// - no session and a candidate session are sent to the admin login, and nothing changes;
// - a manager of another académie gets 404 on anything of Grenoble (never 403: nothing tells
//   that it exists), and a manager gets 404 on the administrators' pages;
// - the Grenoble manager and an administrator get through.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, request as newRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { openDatabase, postForm } from './support/accounts';
import { addManager, GRENOBLE, registerWithApi, RENNES, type TestManager } from './support/admin';
import { startAppServer, useAppServer } from './support/app-server';
import { RELAXED_THROTTLES } from './support/registration';
import { keyOf, walkRoutes, type Handler } from './support/route-walk';
import { pngImage } from '../src/lib/server/documents/fixtures/images';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

/** Who may use a way in. */
type Scope =
	/** The login pages: open to anyone. */
	| 'open'
	/** Any signed-in manager; what it shows is scoped by the manager's académies. */
	| 'manager'
	/** One thing of Grenoble (a registration, a window): its managers and administrators only. */
	| 'grenoble'
	/** Administrators only. */
	| 'administrator';

interface Spec {
	scope: Scope;
	/**
	 * The path asked for: `{numero}`, `{window}`, `{document}` (its confirmation), `{piece}` (a
	 * supporting document) and `{pupil}` (a school candidate's number) are Grenoble's, `{manager}`
	 * the Grenoble manager's id.
	 */
	path: string;
	/** Fields of a form post (absent: an empty form). */
	form?: (ids: Ids) => Record<string, string>;
	/** The call succeeds once (a deletion): each allowed caller gets a new Grenoble window of its own. */
	freshWindow?: boolean;
}

interface Ids {
	numero: string;
	window: string;
	manager: string;
	document: string;
	piece: string;
	pupil: string;
}

/** Every way into /admin. Keep in step with src/routes/admin. */
const SPECS: Record<string, Spec> = {
	'GET /admin': { scope: 'manager', path: '/admin' },
	'GET /admin/connexion': { scope: 'open', path: '/admin/connexion' },
	'POST /admin/connexion ?/default': { scope: 'open', path: '/admin/connexion' },
	'GET /admin/connexion/code': { scope: 'open', path: '/admin/connexion/code' },
	'POST /admin/connexion/code ?/default': { scope: 'open', path: '/admin/connexion/code' },
	'GET /admin/deconnexion': { scope: 'open', path: '/admin/deconnexion' },
	'POST /admin/deconnexion': { scope: 'open', path: '/admin/deconnexion' },

	'GET /admin/mon-compte': { scope: 'manager', path: '/admin/mon-compte' },
	'POST /admin/mon-compte ?/motDePasse': { scope: 'manager', path: '/admin/mon-compte' },
	'GET /admin/mon-compte/double-authentification': { scope: 'manager', path: '/admin/mon-compte/double-authentification' },
	'POST /admin/mon-compte/double-authentification ?/commencer': { scope: 'manager', path: '/admin/mon-compte/double-authentification' },
	'POST /admin/mon-compte/double-authentification ?/activer': { scope: 'manager', path: '/admin/mon-compte/double-authentification' },
	'POST /admin/mon-compte/double-authentification ?/desactiver': { scope: 'manager', path: '/admin/mon-compte/double-authentification' },
	'POST /admin/mon-compte/double-authentification ?/codesDeSecours': {
		scope: 'manager',
		path: '/admin/mon-compte/double-authentification'
	},

	'GET /admin/candidatures': { scope: 'manager', path: '/admin/candidatures?q={numero}' },
	'GET /admin/candidatures/export.csv': { scope: 'manager', path: '/admin/candidatures/export.csv?q={numero}' },
	'GET /admin/candidatures/[numero]': { scope: 'grenoble', path: '/admin/candidatures/{numero}' },
	'POST /admin/candidatures/[numero] ?/ecarter': {
		scope: 'grenoble',
		path: '/admin/candidatures/{numero}',
		form: () => ({ reason: 'Dossier à vérifier' })
	},
	'POST /admin/candidatures/[numero] ?/reintegrer': { scope: 'grenoble', path: '/admin/candidatures/{numero}' },
	'POST /admin/candidatures/[numero] ?/confirmationSignee': {
		scope: 'grenoble',
		path: '/admin/candidatures/{numero}',
		form: () => ({ receivedOn: '2026-11-30', version: '1' })
	},
	'POST /admin/candidatures/[numero] ?/validerModifications': { scope: 'grenoble', path: '/admin/candidatures/{numero}' },
	// SPEC M5: the review of supporting documents.
	'POST /admin/candidatures/[numero] ?/deverrouiller': { scope: 'grenoble', path: '/admin/candidatures/{numero}' },
	'POST /admin/candidatures/[numero] ?/relancer': { scope: 'grenoble', path: '/admin/candidatures/{numero}' },
	'GET /admin/candidatures/[numero]/pieces/[id]': { scope: 'grenoble', path: '/admin/candidatures/{numero}/pieces/{piece}' },
	'POST /admin/candidatures/[numero]/pieces/[id] ?/accepter': {
		scope: 'grenoble',
		path: '/admin/candidatures/{numero}/pieces/{piece}',
		form: (ids) => ({ pieceId: ids.piece })
	},
	'POST /admin/candidatures/[numero]/pieces/[id] ?/refuser': {
		scope: 'grenoble',
		path: '/admin/candidatures/{numero}/pieces/{piece}',
		form: (ids) => ({ pieceId: ids.piece, reason: 'illegible', details: '' })
	},
	'GET /admin/candidatures/[numero]/pieces/[id]/fichier': {
		scope: 'grenoble',
		path: '/admin/candidatures/{numero}/pieces/{piece}/fichier'
	},
	'GET /admin/pieces': { scope: 'manager', path: '/admin/pieces' },
	'GET /admin/candidatures/[numero]/corriger': { scope: 'grenoble', path: '/admin/candidatures/{numero}/corriger' },
	// SPEC M6: publishing to one registration, reading its documents, publishing in bulk.
	'GET /admin/candidatures/[numero]/publier': { scope: 'grenoble', path: '/admin/candidatures/{numero}/publier' },
	'POST /admin/candidatures/[numero]/publier ?/default': { scope: 'grenoble', path: '/admin/candidatures/{numero}/publier' },
	'GET /admin/candidatures/[numero]/documents/[id]': { scope: 'grenoble', path: '/admin/candidatures/{numero}/documents/{document}' },
	'GET /admin/publications': { scope: 'manager', path: '/admin/publications' },
	'POST /admin/publications/apercu': { scope: 'manager', path: '/admin/publications/apercu' },
	'POST /admin/publications/fichier': { scope: 'manager', path: '/admin/publications/fichier' },
	// SPEC M7: school candidates, their import and their login slips.
	'GET /admin/scolaires': { scope: 'manager', path: '/admin/scolaires' },
	'GET /admin/scolaires/import': { scope: 'manager', path: '/admin/scolaires/import' },
	'POST /admin/scolaires/import ?/apercu': { scope: 'manager', path: '/admin/scolaires/import' },
	'POST /admin/scolaires/import ?/confirmer': { scope: 'manager', path: '/admin/scolaires/import' },
	'POST /admin/scolaires/papillons': { scope: 'manager', path: '/admin/scolaires/papillons' },
	'GET /admin/scolaires/[numero]': { scope: 'grenoble', path: '/admin/scolaires/{pupil}' },
	'POST /admin/scolaires/[numero]/papillon': { scope: 'grenoble', path: '/admin/scolaires/{pupil}/papillon' },
	'POST /admin/candidatures/[numero]/corriger ?/default': { scope: 'grenoble', path: '/admin/candidatures/{numero}/corriger' },

	'GET /admin/fenetres': { scope: 'manager', path: '/admin/fenetres' },
	'GET /admin/fenetres/nouvelle': { scope: 'manager', path: '/admin/fenetres/nouvelle' },
	'POST /admin/fenetres/nouvelle ?/default': { scope: 'manager', path: '/admin/fenetres/nouvelle' },
	'GET /admin/fenetres/[id]': { scope: 'grenoble', path: '/admin/fenetres/{window}' },
	'POST /admin/fenetres/[id] ?/enregistrer': { scope: 'grenoble', path: '/admin/fenetres/{window}' },
	// Deleting succeeds once: each caller allowed to delete gets a window of its own.
	'POST /admin/fenetres/[id] ?/supprimer': {
		scope: 'grenoble',
		path: '/admin/fenetres/{window}',
		freshWindow: true,
		form: () => ({ confirmation: 'oui' })
	},

	'GET /admin/gestionnaires': { scope: 'administrator', path: '/admin/gestionnaires' },
	'POST /admin/gestionnaires ?/creer': { scope: 'administrator', path: '/admin/gestionnaires' },
	'POST /admin/gestionnaires ?/exiger': { scope: 'administrator', path: '/admin/gestionnaires' },
	'GET /admin/gestionnaires/[id]': { scope: 'administrator', path: '/admin/gestionnaires/{manager}' },
	'POST /admin/gestionnaires/[id] ?/academies': { scope: 'administrator', path: '/admin/gestionnaires/{manager}' },
	'POST /admin/gestionnaires/[id] ?/desactiver': { scope: 'administrator', path: '/admin/gestionnaires/{manager}' },
	'POST /admin/gestionnaires/[id] ?/reactiver': { scope: 'administrator', path: '/admin/gestionnaires/{manager}' },
	'POST /admin/gestionnaires/[id] ?/motDePasse': { scope: 'administrator', path: '/admin/gestionnaires/{manager}' },
	'POST /admin/gestionnaires/[id] ?/doubleAuthentification': { scope: 'administrator', path: '/admin/gestionnaires/{manager}' },

	'GET /admin/journal': { scope: 'administrator', path: '/admin/journal' },
	'GET /admin/services': { scope: 'administrator', path: '/admin/services' },
	'GET /admin/services/[academie]/[domaine]/[session]': { scope: 'administrator', path: '/admin/services/08/BCP/2027' },
	'POST /admin/services/[academie]/[domaine]/[session] ?/default': { scope: 'administrator', path: '/admin/services/08/BCP/2027' },
	'GET /admin/services/sessions': { scope: 'administrator', path: '/admin/services/sessions' },
	'POST /admin/services/sessions ?/default': { scope: 'administrator', path: '/admin/services/sessions' }
};

function specOf(handler: Handler): Spec {
	const spec = SPECS[keyOf(handler)];
	if (!spec) throw new Error(`The admin matrix does not know ${keyOf(handler)}: add it to SPECS in tests/014-admin-authz.uat.ts`);
	return spec;
}

const HANDLERS = walkRoutes().filter((handler) => handler.routeId === '/admin' || handler.routeId.startsWith('/admin/'));

function fill(template: string, ids: Ids): string {
	return template
		.replace('{numero}', ids.numero)
		.replace('{window}', ids.window)
		.replace('{manager}', ids.manager)
		.replace('{document}', ids.document)
		.replace('{piece}', ids.piece)
		.replace('{pupil}', ids.pupil);
}

function pathOf(spec: Spec, handler: Handler, ids: Ids): string {
	const base = fill(spec.path, ids);
	return handler.action && handler.action !== 'default' ? `${base}?/${handler.action}` : base;
}

// ─── The people ───

interface World {
	anonymous: APIRequestContext;
	candidate: APIRequestContext;
	grenoble: APIRequestContext;
	rennes: APIRequestContext;
	administrator: APIRequestContext;
	ids: Ids;
	/** What a Rennes manager's answers must never hold. */
	secretsOfGrenoble: string[];
}

let world: World;

async function signInManager(manager: TestManager): Promise<APIRequestContext> {
	const context = await newRequest.newContext();
	const response = await postForm(context, app, '/admin/connexion', { email: manager.email, password: manager.password });
	expect(response.status(), await response.text()).toBe(303);
	const cookie = response.headers()['set-cookie'];
	// M1: the manager's own cookie, out of scripts' reach.
	expect(cookie).toMatch(/^gestionnaire=/);
	expect(cookie).toMatch(/; HttpOnly/i);
	return context;
}

function queryOne<T>(sql: string, ...params: unknown[]): T | undefined {
	const db = openDatabase(app);
	try {
		return db.prepare(sql).get(...params) as T | undefined;
	} finally {
		db.close();
	}
}

/** Tables a refused call must leave as they were. */
const WATCHED = [
	'candidates',
	'registrations',
	'registration_versions',
	'registration_windows',
	'exam_offices',
	'exam_sessions',
	'managers',
	'manager_academies',
	'manager_recovery_codes',
	'app_settings',
	'documents',
	'supporting_documents',
	'mail_outbox',
	'accounts',
	'school_imports',
	'school_import_candidates',
	'audit_events'
];

function snapshot(): Record<string, unknown[]> {
	const db = openDatabase(app);
	try {
		const tables: Record<string, unknown[]> = {};
		for (const table of WATCHED) {
			const exists = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
			tables[table] = exists ? db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() : [];
		}
		return tables;
	} finally {
		db.close();
	}
}

test.beforeAll(async () => {
	const { person, candidate, registrationNumber, candidateNumber } = await registerWithApi(app, GRENOBLE, 'Gaëlle Secrète');

	const grenobleManager = await addManager(app, { academyCodes: [GRENOBLE], label: 'matrice.grenoble' });
	const rennesManager = await addManager(app, { academyCodes: [RENNES], label: 'matrice.rennes' });
	const administrator = await addManager(app, { role: 'administrator', label: 'matrice.admin' });
	const window = queryOne<{ id: number }>(
		"SELECT id FROM registration_windows WHERE academy_code = ? AND audience = 'public' ORDER BY id LIMIT 1",
		GRENOBLE
	)!;
	const manager = queryOne<{ id: string }>('SELECT id FROM managers WHERE email = ?', grenobleManager.email)!;
	// SPEC M5: one deposited piece, for the viewer, its file and the decisions.
	const deposited = await candidate.post(app.url(`/mes-inscriptions/${registrationNumber}/pieces?/deposer`), {
		headers: { origin: app.origin, accept: 'text/html' },
		multipart: { typeCode: 'identity-document', fichier: { name: 'piece.png', mimeType: 'image/png', buffer: pngImage(40, 30) } },
		maxRedirects: 0
	});
	expect(deposited.status(), await deposited.text()).toBe(303);
	const piece = queryOne<{ id: string }>(
		'SELECT s.id FROM supporting_documents s JOIN registrations r ON r.id = s.registration_id WHERE r.registration_number = ?',
		registrationNumber
	)!;
	// SPEC M7: one Grenoble pupil, imported as a manager does (preview, then confirmation).
	const grenoble = await signInManager(grenobleManager);
	const csv = Buffer.from(
		'INE;Civilité;Nom de naissance;Nom d’usage;Prénoms;Date de naissance;Commune de naissance;Pays de naissance;Nationalité;Email;Établissement;Spécialité;Session\r\n' +
			'123456789ZZ;M;Secret;;Élève;01/02/2009;Grenoble;France;Française;;0380089F;MELEC;2027\r\n'
	);
	const preview = await grenoble.post(app.url('/admin/scolaires/import?/apercu'), {
		headers: { origin: app.origin, accept: 'text/html' },
		multipart: { academyCode: GRENOBLE, fichier: { name: 'eleves.csv', mimeType: 'text/csv', buffer: csv } },
		maxRedirects: 0
	});
	expect(preview.status(), await preview.text()).toBe(200);
	const imported = await postForm(grenoble, app, '/admin/scolaires/import?/confirmer', {
		academyCode: GRENOBLE,
		fileHash: createHash('sha256').update(csv).digest('hex'),
		fileName: 'eleves.csv'
	});
	expect(imported.status(), await imported.text()).toBe(303);
	const pupil = queryOne<{ number: string }>("SELECT candidate_number AS number FROM candidates WHERE ine = '123456789ZZ'")!;
	// Its registration's confirmation comes from a queued job: wait for it, so that nothing changes later.
	await expect
		.poll(
			() =>
				queryOne<{ count: number }>(
					"SELECT count(*) AS count FROM documents JOIN candidates ON candidates.id = documents.candidate_id WHERE candidates.ine = '123456789ZZ'"
				)!.count,
			{ timeout: 20_000 }
		)
		.toBe(1);
	const document = queryOne<{ id: string }>(
		'SELECT documents.id FROM documents JOIN registrations ON registrations.id = documents.registration_id WHERE registrations.registration_number = ?',
		registrationNumber
	)!;

	world = {
		anonymous: await newRequest.newContext(),
		candidate,
		grenoble,
		rennes: await signInManager(rennesManager),
		administrator: await signInManager(administrator),
		ids: {
			numero: registrationNumber,
			window: String(window.id),
			manager: manager.id,
			document: document.id,
			piece: piece.id,
			pupil: pupil.number
		},
		secretsOfGrenoble: [registrationNumber, candidateNumber, 'Gaëlle Secrète', person.email]
	};
});

test.afterAll(async () => {
	await Promise.all(
		[world?.anonymous, world?.candidate, world?.grenoble, world?.rennes, world?.administrator].map((context) => context?.dispose())
	);
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

/** A copy of Grenoble's first window, a week later (so it overlaps nothing): its id. */
function newGrenobleWindow(): string {
	const db = openDatabase(app);
	try {
		const source = db
			.prepare("SELECT * FROM registration_windows WHERE academy_code = ? AND audience = 'public' ORDER BY id LIMIT 1")
			.get(GRENOBLE) as Record<string, unknown>;
		const year = 400 * 86_400_000;
		const { lastInsertRowid } = db
			.prepare(
				'INSERT INTO registration_windows (code, exam_domain_code, session_year, academy_code, audience, opens_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
			)
			.run(
				`matrice-${Date.now()}-${Math.random().toString(36).slice(2)}`,
				source.exam_domain_code,
				source.session_year,
				GRENOBLE,
				'school',
				Number(source.opens_at) + year,
				Number(source.closes_at) + year
			);
		return String(lastInsertRowid);
	} finally {
		db.close();
	}
}

async function call(context: APIRequestContext, handler: Handler, spec: Spec, ids = world.ids): Promise<APIResponse> {
	const target = app.url(pathOf(spec, handler, ids));
	if (handler.method === 'GET') return context.get(target, { maxRedirects: 0 });
	return context.post(target, {
		form: spec.form?.(ids) ?? {},
		headers: { origin: app.origin, accept: 'text/html,application/xhtml+xml' },
		maxRedirects: 0
	});
}

const toAdminLogin = (response: APIResponse) => response.status() === 303 && response.headers()['location']?.startsWith('/admin/connexion');

test('M1: every admin route is in the matrix', () => {
	expect(HANDLERS.length).toBeGreaterThan(5);
	for (const handler of HANDLERS) specOf(handler);
	// The walk finds the admin area's pages where they live.
	expect(fs.existsSync(path.resolve('src/routes/admin/+layout.svelte'))).toBe(true);
});

test('M1: without a manager session (none, or a candidate’s) every admin route sends to the admin login, and nothing changes', async () => {
	test.setTimeout(120_000);
	const before = snapshot();
	for (const handler of HANDLERS) {
		const spec = specOf(handler);
		if (spec.scope === 'open') continue;
		for (const [who, context] of [
			['no session', world.anonymous],
			['candidate session', world.candidate]
		] as const) {
			const response = await call(context, handler, spec);
			expect
				.soft(toAdminLogin(response), `${keyOf(handler)} as ${who}: ${response.status()} ${response.headers()['location'] ?? ''}`)
				.toBe(true);
			const body = await response.text();
			for (const secret of world.secretsOfGrenoble) expect.soft(body, `${keyOf(handler)} as ${who}`).not.toContain(secret);
		}
	}
	expect(snapshot()).toEqual(before);
});

test('M1: a manager of another académie gets 404 on Grenoble’s things and the administrators’ pages, and sees none of Grenoble’s data', async () => {
	test.setTimeout(120_000);
	const before = snapshot();
	for (const handler of HANDLERS) {
		const spec = specOf(handler);
		if (spec.scope === 'open') continue;
		// A manager's posts to their own pages (« Mon compte », a new window) change their own data: the
		// last test makes them; here only their reads, which must show nothing of Grenoble.
		if (spec.scope === 'manager' && handler.kind !== 'page' && handler.method !== 'GET') continue;
		const response = await call(world.rennes, handler, spec);
		const where = `${keyOf(handler)} as the Rennes manager`;
		if (spec.scope === 'grenoble' || spec.scope === 'administrator') {
			expect.soft(response.status(), where).toBe(404);
		} else {
			expect.soft(toAdminLogin(response), where).toBe(false);
			expect.soft([403, 404, 500], where).not.toContain(response.status());
		}
		const body = await response.text();
		// A number the Rennes manager typed into the search comes back in the search field, not as a result.
		const asked = fill(spec.path, world.ids);
		for (const secret of world.secretsOfGrenoble.filter((secret) => !asked.includes(secret))) {
			expect.soft(body, where).not.toContain(secret);
		}
		if (handler.routeId === '/admin/candidatures') expect.soft(body, where).toContain('Aucune candidature ne correspond à ces critères.');
	}
	// Refused calls leave everything as it was; the Rennes manager's own reads change nothing either.
	expect(snapshot()).toEqual(before);
	// And the Grenoble manager is refused the administrators' pages.
	for (const handler of HANDLERS.filter((entry) => specOf(entry).scope === 'administrator')) {
		const response = await call(world.grenoble, handler, specOf(handler));
		expect.soft(response.status(), `${keyOf(handler)} as the Grenoble manager`).toBe(404);
	}
	expect(snapshot()).toEqual(before);
});

test('M1: the Grenoble manager and an administrator get through', async () => {
	test.setTimeout(120_000);
	for (const [who, context, scopes] of [
		['the Grenoble manager', world.grenoble, ['manager', 'grenoble']],
		['an administrator', world.administrator, ['manager', 'grenoble', 'administrator']]
	] as const) {
		for (const handler of HANDLERS) {
			const spec = specOf(handler);
			if (!(scopes as readonly Scope[]).includes(spec.scope)) continue;
			const ids = spec.freshWindow ? { ...world.ids, window: newGrenobleWindow() } : world.ids;
			const response = await call(context, handler, spec, ids);
			const where = `${keyOf(handler)} as ${who}: ${response.status()} ${response.headers()['location'] ?? ''}`;
			expect.soft(toAdminLogin(response), where).toBe(false);
			expect.soft([401, 403, 404], where).not.toContain(response.status());
			expect.soft(response.status(), where).toBeLessThan(500);
			// Its own things it does see: the registration's page and the list searched for it show its number.
			if (handler.kind === 'page' && spec.path.includes('{numero}')) {
				expect.soft(response.status(), where).toBe(200);
				expect.soft(await response.text(), where).toContain(world.ids.numero);
			}
		}
	}
});

test('M1: over https the manager cookie is __Host-gestionnaire (Secure, Path=/, no Domain), apart from the candidate’s', async ({
	request
}) => {
	// A second server that believes it is served over HTTPS (behind a TLS proxy); requests come as from that site.
	const secureOrigin = 'https://candidat.example.org';
	const secure = await startAppServer({ env: { ORIGIN: secureOrigin } });
	try {
		const manager = await addManager(secure, { academyCodes: [GRENOBLE], label: 'https.grenoble' });
		const login = await postForm(request, { ...secure, origin: secureOrigin }, '/admin/connexion', {
			email: manager.email,
			password: manager.password
		});
		expect(login.status(), await login.text()).toBe(303);
		const cookies = login.headersArray().filter((header) => header.name.toLowerCase() === 'set-cookie');
		const setCookie = cookies.find((header) => header.value.startsWith('__Host-gestionnaire='))?.value;
		expect(setCookie).toMatch(/; Secure/i);
		expect(setCookie).toMatch(/; Path=\/(;|$)/i);
		expect(setCookie).not.toMatch(/; Domain=/i);
		expect(setCookie).toMatch(/; HttpOnly/i);
		// The candidate's session cookie is not set by a manager's login.
		expect(cookies.some((header) => header.value.startsWith('__Host-session='))).toBe(false);
	} finally {
		await secure.stop();
	}
});
