// The security suite (SPEC S2, S3, D3) with no browser page, only HTTP against the built server:
// - an authorisation matrix over every candidate page, download, form action and API, built from
//   src/routes (a new route fails the walk until this file says how to call it): without a session,
//   with candidate B's session on candidate A's ids, and with A's own session;
// - hostile input to every endpoint that reads a body (malformed JSON, wrong types, deep nesting,
//   oversized bodies, 100 000-character strings, other media types, other origins): a refusal in
//   French, never a server error, and the database unchanged (compared before and after).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, request as newRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { activationLinkFromLog, createActivatedAccount, openDatabase, postForm, type Person } from './support/accounts';
import { useAppServer } from './support/app-server';
import { withoutAddressParams } from './support/pages';
import { keyOf, walkRoutes, type Handler } from './support/route-walk';
import { RELAXED_THROTTLES } from './support/registration';
import { pngImage } from '../src/lib/server/documents/fixtures/images';

const app = useAppServer({ env: { DEMO: '1', ...RELAXED_THROTTLES } });

const EVIL_ORIGIN = 'http://evil.example';

// The same data as tests/support/candidate-space.ts, which is not imported: it loads pdf.js, whose
// core-js polyfill replaces JSON.stringify in this process by a recursive one (slow, and a stack
// overflow on the deeply nested bodies below).
/** Bac pro 2027 in Grenoble (open in the demonstration data). */
const GRENOBLE_2027 = { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08' };
/** Commerce, option A, English and Spanish, individual, no accommodation. */
const CONTENT = {
	choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] as string[] },
	situation: { category: 'individual', lastDiploma: 'cap', lastDiplomaYear: '2022', currentActivity: 'employed', trainingOrganisation: '' },
	priorResults: { keptMarks: [] as unknown[], diploma: { held: false, name: '', level: '', year: '' }, declined: [] as string[] },
	accommodations: { applied: 'no' }
};

let keys = 0;
/** A fresh Idempotency-Key (16 to 100 letters, digits, « - » or « _ »). */
function idempotencyKey(label: string): string {
	keys += 1;
	return `${label}-${Date.now().toString(36)}-${keys}-0000000000`;
}

/** A real PNG to deposit as a supporting document. */
const PIECE = { name: 'piece.png', mimeType: 'image/png', buffer: pngImage(40, 30) };

// ─── The route walk ───

// ─── What the matrix knows about each way in ───

/** Candidate A's ids, put into the sample paths and bodies. */
interface Ids {
	numero: string;
	document: string;
	piece: string;
	/** A « Relance de pièces justificatives » of A's registration (SPEC M5), for its HTML version. */
	reminder: string;
}

type Answer = { status: 200 } | { status: 303; location: string };
const OK: Answer = { status: 200 };

interface CandidateSpec {
	area: 'candidate';
	/** Path of the sample, `{numero}`, `{document}` and `{piece}` are candidate A's. */
	path: string;
	/** What a signed-in candidate gets for a GET of their own (pages and downloads). */
	answer?: Answer;
	/** A form post as candidate B (multipart or urlencoded); absent: not posted by B (see `why`). */
	post?: (
		ids: Ids
	) => Promise<{ multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>; form?: Record<string, string> }>;
	/** What B's post answers when the path names none of A's ids. */
	postAnswer?: Answer;
	why?: string;
}

interface ApiSpec {
	area: 'api';
	path: string;
	/** JSON body and headers of a well-formed call. */
	data?: (ids: Ids, version: number) => unknown;
	headers?: (ids: Ids, version: number) => Record<string, string>;
	/** B's call: 'not-found' when it names A's ids, 'own' when it reads B's own data; 'skip' says why in `why`. */
	asOther: 'not-found' | 'own' | 'skip';
	why?: string;
}

interface LogoutSpec {
	area: 'logout';
	path: string;
}

interface PublicSpec {
	area: 'public';
}

type Spec = CandidateSpec | ApiSpec | LogoutSpec | PublicSpec;

/** A draft as the wizard syncs it, for a modification of `registrationNumber`. */
function draftBody(registrationNumber: string | null, marker = 'Organisme de formation B') {
	return {
		academyCode: GRENOBLE_2027.academyCode,
		registrationNumber,
		baseVersion: registrationNumber ? 1 : null,
		tab: 'situation',
		content: { ...CONTENT, situation: { ...CONTENT.situation, trainingOrganisation: marker } }
	};
}

const submission = () => ({ ...GRENOBLE_2027, content: CONTENT });
const jsonHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...extra });

/**
 * Every page, download, action and API of the app. The (public) group is public by design; everything
 * else must be listed here, so that a new route cannot escape the matrix.
 */
const SPECS: Record<string, Spec> = {
	'GET /': { area: 'public' },
	'GET /se-deconnecter': { area: 'logout', path: '/se-deconnecter' },
	'POST /se-deconnecter': { area: 'logout', path: '/se-deconnecter' },

	'GET /(candidat)/espace-candidat': { area: 'candidate', path: '/espace-candidat' },
	'GET /(candidat)/inscription': { area: 'candidate', path: '/inscription' },
	'GET /(candidat)/inscription/[domaine]/[session]/[academie]': { area: 'candidate', path: '/inscription/BCP/2027/08' },
	'GET /(candidat)/mes-documents': { area: 'candidate', path: '/mes-documents' },
	'GET /(candidat)/mes-documents/relance/[id]': { area: 'candidate', path: '/mes-documents/relance/{reminder}' },
	'GET /(candidat)/mes-inscriptions': { area: 'candidate', path: '/mes-inscriptions' },
	'GET /(candidat)/mes-inscriptions/[numero]': { area: 'candidate', path: '/mes-inscriptions/{numero}' },
	'GET /(candidat)/mes-inscriptions/[numero]/confirmation': { area: 'candidate', path: '/mes-inscriptions/{numero}/confirmation' },
	'GET /(candidat)/mes-inscriptions/[numero]/confirmation-pdf': { area: 'candidate', path: '/mes-inscriptions/{numero}/confirmation-pdf' },
	'GET /(candidat)/mes-inscriptions/[numero]/desinscription': { area: 'candidate', path: '/mes-inscriptions/{numero}/desinscription' },
	'POST /(candidat)/mes-inscriptions/[numero]/desinscription ?/default': {
		area: 'candidate',
		path: '/mes-inscriptions/{numero}/desinscription',
		post: async () => ({ form: {} })
	},
	'GET /(candidat)/mes-inscriptions/[numero]/historique': { area: 'candidate', path: '/mes-inscriptions/{numero}/historique' },
	'GET /(candidat)/mes-inscriptions/[numero]/modifier': { area: 'candidate', path: '/mes-inscriptions/{numero}/modifier' },
	'GET /(candidat)/mes-inscriptions/[numero]/pieces': { area: 'candidate', path: '/mes-inscriptions/{numero}/pieces' },
	'POST /(candidat)/mes-inscriptions/[numero]/pieces ?/deposer': {
		area: 'candidate',
		path: '/mes-inscriptions/{numero}/pieces?/deposer',
		post: async () => ({ multipart: { typeCode: 'identity-document', fichier: PIECE } })
	},
	'GET /(candidat)/mes-inscriptions/[numero]/pieces/[id]': { area: 'candidate', path: '/mes-inscriptions/{numero}/pieces/{piece}' },
	'GET /(candidat)/mes-inscriptions/[numero]/pieces/verrouiller': {
		area: 'candidate',
		path: '/mes-inscriptions/{numero}/pieces/verrouiller'
	},
	'POST /(candidat)/mes-inscriptions/[numero]/pieces/verrouiller ?/default': {
		area: 'candidate',
		path: '/mes-inscriptions/{numero}/pieces/verrouiller',
		post: async () => ({ form: {} })
	},
	'GET /(candidat)/documents/[id]': { area: 'candidate', path: '/documents/{document}' },
	'GET /(candidat)/modifier-mon-compte': { area: 'candidate', path: '/modifier-mon-compte' },
	'POST /(candidat)/modifier-mon-compte ?/identite': {
		area: 'candidate',
		path: '/modifier-mon-compte?/identite',
		why: 'names no id: B changes only B’s own account (its hostile input is tested below)'
	},
	'POST /(candidat)/modifier-mon-compte ?/adresse': {
		area: 'candidate',
		path: '/modifier-mon-compte?/adresse',
		why: 'names no id: B’s own account'
	},
	'POST /(candidat)/modifier-mon-compte ?/rappels': {
		area: 'candidate',
		path: '/modifier-mon-compte?/rappels',
		why: 'names no id: B’s own account'
	},
	'POST /(candidat)/modifier-mon-compte ?/motDePasse': {
		area: 'candidate',
		path: '/modifier-mon-compte?/motDePasse',
		why: 'names no id: B’s own account'
	},
	// A candidate with a password of their own has nothing to set here: the page and the post send
	// them to their space, and the post must not replace their password without the current one.
	'GET /(candidat)/candidat-scolaire/mot-de-passe': {
		area: 'candidate',
		path: '/candidat-scolaire/mot-de-passe',
		answer: { status: 303, location: '/espace-candidat' }
	},
	'POST /(candidat)/candidat-scolaire/mot-de-passe ?/default': {
		area: 'candidate',
		path: '/candidat-scolaire/mot-de-passe',
		post: async () => ({ form: { password: 'Remplacé 2027 !', passwordConfirmation: 'Remplacé 2027 !' } }),
		postAnswer: { status: 303, location: '/espace-candidat' }
	},

	'GET /api/brouillons/[domaine]/[session]': { area: 'api', path: '/api/brouillons/BCP/2027', asOther: 'own' },
	'PUT /api/brouillons/[domaine]/[session]': {
		area: 'api',
		path: '/api/brouillons/BCP/2027',
		// B's draft for a modification of A's registration.
		data: (ids) => draftBody(ids.numero),
		headers: () => ({ 'if-match': '"0"' }),
		asOther: 'not-found'
	},
	'POST /api/inscriptions': {
		area: 'api',
		path: '/api/inscriptions',
		data: submission,
		headers: () => ({ 'idempotency-key': idempotencyKey('matrice') }),
		asOther: 'skip',
		why: 'names no id: it would create B’s own registration'
	},
	'GET /api/session': { area: 'api', path: '/api/session', asOther: 'own' },
	'POST /api/session': { area: 'api', path: '/api/session', data: () => ({ prolonger: true }), asOther: 'own' },
	'PUT /api/inscriptions/[numero]': {
		area: 'api',
		path: '/api/inscriptions/{numero}',
		data: submission,
		headers: (_ids, version) => ({ 'idempotency-key': idempotencyKey('matrice'), 'if-match': `"${version}"` }),
		asOther: 'not-found'
	}
};

function specOf(handler: Handler): Spec {
	if (handler.routeId.startsWith('/(public)/')) return { area: 'public' };
	const spec = SPECS[keyOf(handler)];
	if (!spec) throw new Error(`The security matrix does not know ${keyOf(handler)}: add it to SPECS in tests/013-security-suite.uat.ts`);
	return spec;
}

function fill(template: string, ids: Ids): string {
	return template
		.replace('{numero}', ids.numero)
		.replace('{document}', ids.document)
		.replace('{piece}', ids.piece)
		.replace('{reminder}', ids.reminder);
}

const namesIds = (template: string) => /\{(numero|document|piece|reminder)\}/.test(template);

// « Espace gestionnaire » (/admin) has its own matrix, with managers: tests/014-admin-authz.uat.ts.
const HANDLERS = walkRoutes().filter((handler) => handler.routeId !== '/admin' && !handler.routeId.startsWith('/admin/'));

// ─── The people and their data ───

interface Candidate {
	person: Person;
	request: APIRequestContext;
	id: string;
}

interface World {
	a: Candidate;
	b: Candidate;
	/** A candidate with no registration yet: every field of « Modifier mon compte » is still open. */
	c: Candidate;
	numeroOfB: string;
	anonymous: APIRequestContext;
	ids: Ids;
	/** What only candidate A's answers may hold. */
	secretsOfA: string[];
}

let world: World;

/** « Me connecter » by a form post; the session cookie stays in the returned context. */
async function signIn(person: Person): Promise<APIRequestContext> {
	const context = await newRequest.newContext();
	const response = await postForm(context, app, '/me-connecter', { email: person.email, password: person.password });
	expect(response.status(), await response.text()).toBe(303);
	// S2: the session cookie is out of scripts' reach and not sent by other sites' posts.
	const cookie = response.headers()['set-cookie'];
	expect(cookie).toMatch(/^session=/);
	expect(cookie).toMatch(/; HttpOnly/i);
	expect(cookie).toMatch(/; SameSite=Lax/i);
	expect(cookie).toMatch(/; Path=\//i);
	return context;
}

async function newCandidate(firstNames: string): Promise<Candidate> {
	const setup = await newRequest.newContext();
	const person = await createActivatedAccount(setup, app, (email) => activationLinkFromLog(app, email), { firstNames });
	await setup.dispose();
	const db = openDatabase(app);
	try {
		const { id } = db.prepare('SELECT id FROM candidates WHERE email = ?').get(person.email) as { id: string };
		return { person, request: await signIn(person), id };
	} finally {
		db.close();
	}
}

function queryOne<T>(sql: string, ...params: unknown[]): T | undefined {
	const db = openDatabase(app);
	try {
		return db.prepare(sql).get(...params) as T | undefined;
	} finally {
		db.close();
	}
}

const pendingJobs = () => queryOne<{ n: number }>('SELECT count(*) AS n FROM queued_jobs WHERE done_at IS NULL')!.n;

/** The version of a registration now. */
function versionOf(registrationNumber: string): number {
	return queryOne<{ version: number }>('SELECT version FROM registrations WHERE registration_number = ?', registrationNumber)!.version;
}

test.beforeAll(async () => {
	const [a, b, c] = [await newCandidate('Alice Marqueur'), await newCandidate('Bruno Témoin'), await newCandidate('Chloé Ouverte')];
	const register = async (candidate: Candidate) => {
		const created = await candidate.request.post(app.url('/api/inscriptions'), {
			headers: jsonHeaders({ origin: app.origin, 'idempotency-key': idempotencyKey('setup') }),
			data: submission()
		});
		expect(created.status(), await created.text()).toBe(201);
		return (await created.json()) as { registrationNumber: string; candidateNumber: string };
	};
	const { registrationNumber, candidateNumber } = await register(a);
	const { registrationNumber: numeroOfB } = await register(b);

	// A deposits a supporting document, as the page's form sends it.
	const deposit = await a.request.post(app.url(`/mes-inscriptions/${registrationNumber}/pieces?/deposer`), {
		headers: { origin: app.origin, accept: 'text/html' },
		multipart: { typeCode: 'identity-document', fichier: PIECE },
		maxRedirects: 0
	});
	expect(deposit.status(), await deposit.text()).toBe(303);
	const piece = queryOne<{ id: string }>(
		'SELECT s.id FROM supporting_documents s JOIN registrations r ON r.id = s.registration_id WHERE r.registration_number = ?',
		registrationNumber
	)!.id;

	// A's draft of a modification, with a marker that no answer to B may hold.
	const draft = await a.request.put(app.url('/api/brouillons/BCP/2027'), {
		headers: jsonHeaders({ origin: app.origin, 'if-match': '"0"' }),
		data: draftBody(registrationNumber, 'Organisme secret de A')
	});
	expect(draft.status(), await draft.text()).toBe(200);

	// The confirmation PDF is made by a queued job, just after the registration.
	let document: string | undefined;
	await expect
		.poll(
			() => (document = queryOne<{ id: string }>("SELECT id FROM documents WHERE candidate_id = ? AND kind = 'confirmation'", a.id)?.id),
			{ timeout: 20_000 }
		)
		.toBeTruthy();
	await expect.poll(pendingJobs, { timeout: 20_000 }).toBe(0);

	// A reminder as an exam office sends it (SPEC M5): written here, the matrix has no manager.
	const reminder = 'r'.repeat(12) + Date.now().toString(36).padStart(12, '0').slice(-12);
	const db = openDatabase(app);
	try {
		db.prepare(
			`INSERT INTO documents (id, candidate_id, registration_id, kind, version, title, storage_name, file_name, media_type, byte_size, created_at, created_by, payload)
			 SELECT ?, candidate_id, registration_id, 'supporting-reminder', 1, 'Relance de pièces justificatives', storage_name, 'relance.pdf', media_type, byte_size, created_at, 'manager', ?
			 FROM documents WHERE id = ?`
		).run(
			reminder,
			JSON.stringify({
				registrationNumber,
				candidateNumber,
				candidateName: 'Madame Alice Marqueur',
				issuedAt: new Date().toISOString(),
				exam: { domainName: 'Baccalauréat professionnel', sessionYear: 2027, academyName: 'Académie de Grenoble' },
				missing: ['Pièce d’identité'],
				refused: [],
				office: { serviceName: null, addressLines: null, email: null, phone: null }
			}),
			document!
		);
	} finally {
		db.close();
	}

	world = {
		a,
		b,
		c,
		numeroOfB,
		anonymous: await newRequest.newContext(),
		ids: { numero: registrationNumber, document: document!, piece, reminder },
		secretsOfA: [registrationNumber, candidateNumber, document!, piece, reminder, 'Organisme secret de A', 'Alice Marqueur', a.person.email]
	};
});

test.afterAll(async () => {
	await Promise.all([world?.a.request.dispose(), world?.b.request.dispose(), world?.c.request.dispose(), world?.anonymous.dispose()]);
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

// ─── What must not change ───

/** Tables whose content a refused call must leave as it was (documents_seen_at is a visit mark, not data). */
const WATCHED = [
	'candidates',
	'accounts',
	'account_tokens',
	'registrations',
	'registration_versions',
	'registration_drafts',
	'idempotency_keys',
	'documents',
	'supporting_documents',
	'queued_jobs',
	'audit_events'
];

function snapshot(): Record<string, unknown[]> {
	const db = openDatabase(app);
	try {
		const tables: Record<string, unknown[]> = {};
		for (const table of WATCHED) {
			tables[table] = (db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Array<Record<string, unknown>>).map((row) => {
				const { documents_seen_at: _seen, ...rest } = row;
				return rest;
			});
		}
		const files = path.join(app.dataDir, 'files');
		tables.files = fs.existsSync(files) ? fs.readdirSync(files, { recursive: true }).map(String).sort() : [];
		return tables;
	} finally {
		db.close();
	}
}

/** Runs `calls`, then checks that the database and the stored files are as before, and that nothing reached handleError. */
async function changesNothing(calls: () => Promise<void>): Promise<void> {
	// A queued job (a confirmation) finishing meanwhile would look like a change.
	await expect.poll(pendingJobs, { timeout: 20_000 }).toBe(0);
	const before = snapshot();
	const logged = app.output().length;
	await calls();
	expect.soft(snapshot(), 'the database and the stored files are unchanged').toEqual(before);
	const errors = app
		.output()
		.slice(logged)
		.split('\n')
		.filter((line) => /\[error [0-9a-f]{8}\]/.test(line));
	expect.soft(errors, 'no server error was logged').toEqual([]);
}

// ─── Answers ───

// Accents or the everyday words of the app's messages; and none of the words of the framework's own English ones.
const FRENCH =
	/[àâçéèêëîïôûùüœ’]|\b(?:le|la|les|de|des|du|votre|vos|est|une?|pas|cette?|trop|ne|introuvable|illisible|brouillon|inscription|demande|fichier|session)\b/i;
const ENGLISH = /\b(?:error|invalid|forbidden|payload|request|unsupported|internal|failed|expected|received)\b/i;

// Soft assertions in the loops: one run lists every way in that misbehaves, not only the first.
function expectFrench(message: unknown, where: string): void {
	expect.soft(typeof message, `${where}: a message`).toBe('string');
	if (typeof message !== 'string') return;
	expect.soft(message, `${where}: in French`).toMatch(FRENCH);
	expect.soft(message, `${where}: in French`).not.toMatch(ENGLISH);
}

/** What the checks below read of an answer. */
type Received = Pick<APIResponse, 'status' | 'headers' | 'body'>;

async function bodyOf(response: Received): Promise<string> {
	return (await response.body()).toString('utf8');
}

/** A JSON refusal: one of `statuses`, with a French `message`. */
async function expectJsonRefusal(response: Received, statuses: number[], where: string): Promise<void> {
	const text = await bodyOf(response);
	expect.soft(statuses, `${where}: status ${response.status()} ${text.slice(0, 300)}`).toContain(response.status());
	expect.soft(response.headers()['content-type'] ?? '', `${where}: JSON`).toContain('application/json');
	let message: unknown;
	try {
		message = (JSON.parse(text) as { message?: unknown }).message;
	} catch {
		message = undefined;
	}
	expectFrench(message, where);
}

function expectRedirect(response: APIResponse, location: string | RegExp, where: string): void {
	expect.soft(response.status(), where).toBe(303);
	const target = response.headers()['location'];
	if (typeof location === 'string') expect.soft(target, where).toBe(location);
	else expect.soft(target, where).toMatch(location);
}

const toLogin = (pathname: string) => `/me-connecter?suite=${encodeURIComponent(pathname)}`;

/** Kit's data request of a page (what the client router and the service worker fetch). */
function dataPath(pathname: string): string {
	return pathname === '/' ? '/__data.json' : `${pathname.replace(/\/$/, '')}/__data.json`;
}

/** A page or an endpoint of the candidate space, by its own method. */
function open(context: APIRequestContext, handler: Handler, pathname: string): Promise<APIResponse> {
	return context.fetch(app.url(pathname), { method: handler.method, headers: { origin: app.origin }, maxRedirects: 0 });
}

async function post(context: APIRequestContext, spec: CandidateSpec, ids: Ids, headers: Record<string, string> = {}): Promise<APIResponse> {
	const { form, multipart } = await spec.post!(ids);
	return context.post(app.url(fill(spec.path, ids)), {
		headers: { origin: app.origin, accept: 'text/html,application/xhtml+xml', ...headers },
		...(multipart ? { multipart } : { form: form ?? {} }),
		maxRedirects: 0
	});
}

function api(
	context: APIRequestContext,
	handler: Handler,
	spec: ApiSpec,
	ids: Ids,
	options: { data?: unknown; headers?: Record<string, string> } = {}
): Promise<APIResponse> {
	const version = versionOf(ids.numero);
	const data = options.data ?? spec.data?.(ids, version);
	return context.fetch(app.url(fill(spec.path, ids)), {
		method: handler.method,
		headers: jsonHeaders({ origin: app.origin, ...spec.headers?.(ids, version), ...options.headers }),
		...(data === undefined ? {} : { data }),
		maxRedirects: 0
	});
}

// ─── The matrix ───

test('S3, D3: the route walk finds every page, download, action and API, and the matrix knows each one', () => {
	const keys = HANDLERS.map(keyOf);
	// The walk itself works: it finds what is known to exist.
	expect
		.soft(keys)
		.toEqual(
			expect.arrayContaining([
				'GET /(candidat)/documents/[id]',
				'PUT /api/inscriptions/[numero]',
				'POST /(candidat)/mes-inscriptions/[numero]/pieces ?/deposer',
				'GET /(public)/me-connecter'
			])
		);
	const unknown = HANDLERS.filter((handler) => !handler.routeId.startsWith('/(public)/') && !SPECS[keyOf(handler)]).map(keyOf);
	expect.soft(unknown, 'routes the security matrix does not know: add them to SPECS').toEqual([]);
	const gone = Object.keys(SPECS).filter((key) => !keys.includes(key));
	expect.soft(gone, 'SPECS entries whose route no longer exists').toEqual([]);
	// What B does not post says why.
	for (const [key, spec] of Object.entries(SPECS)) {
		if (spec.area === 'candidate' && key.includes(' ?/') && !spec.post) expect.soft(spec.why, `${key}: post, or why not`).toBeTruthy();
		if (spec.area === 'api' && spec.asOther === 'skip') expect.soft(spec.why, `${key}: why B does not call it`).toBeTruthy();
	}
	// Every route with A's ids in its address is sampled with them, so B's 404 is tested.
	for (const handler of HANDLERS) {
		const spec = specOf(handler);
		if (spec.area === 'candidate' && handler.routeId.includes('[numero]')) expect.soft(spec.path, keyOf(handler)).toContain('{numero}');
	}
});

test('S3: without a session, every candidate page, download and action sends to « Me connecter », every API answers 401 in French', async () => {
	const { anonymous, ids } = world;
	await changesNothing(async () => {
		for (const handler of HANDLERS) {
			const spec = specOf(handler);
			const where = `${keyOf(handler)} without a session`;
			if (spec.area === 'candidate') {
				const pathname = fill(spec.path, ids);
				if (handler.kind === 'action') {
					if (!spec.post) {
						const response = await anonymous.post(app.url(pathname), {
							headers: { origin: app.origin, accept: 'text/html' },
							form: {},
							maxRedirects: 0
						});
						expectRedirect(response, /^\/me-connecter\?suite=/, where);
					} else {
						expectRedirect(await post(anonymous, spec, ids), /^\/me-connecter\?suite=/, where);
					}
					continue;
				}
				expectRedirect(await open(anonymous, handler, pathname), toLogin(pathname), where);
				if (handler.kind === 'page') {
					// The data request answers with Kit's JSON redirect, never with the page's data.
					const data = await anonymous.get(app.url(dataPath(pathname)), { maxRedirects: 0 });
					const body = await bodyOf(data);
					expect.soft(body, `${where} (data)`).toContain('"type":"redirect"');
					expect.soft(body, `${where} (data)`).toContain('/me-connecter?suite=');
				}
			} else if (spec.area === 'api') {
				await expectJsonRefusal(await api(anonymous, handler, spec, ids), [401], where);
			} else if (spec.area === 'logout') {
				const response = await anonymous.fetch(app.url(spec.path), {
					method: handler.method,
					headers: { origin: app.origin },
					maxRedirects: 0
				});
				expectRedirect(response, handler.method === 'GET' ? '/' : '/me-connecter?deconnecte', where);
			}
		}
	});
});

test('D3: with candidate B’s session, candidate A’s registration, draft, document and supporting-document ids answer 404; B’s own pages show nothing of A; nothing changes', async () => {
	const { b, ids, secretsOfA } = world;
	const expectNothingOfA = (text: string, where: string) => {
		for (const secret of secretsOfA) expect.soft(withoutAddressParams(text), `${where} must not hold ${secret}`).not.toContain(secret);
	};
	await changesNothing(async () => {
		for (const handler of HANDLERS) {
			const spec = specOf(handler);
			const where = `${keyOf(handler)} with B’s session`;
			if (spec.area === 'candidate') {
				const pathname = fill(spec.path, ids);
				if (handler.kind === 'action') {
					if (!spec.post) continue; // see spec.why
					const response = await post(b.request, spec, ids);
					if (namesIds(spec.path)) expect.soft(response.status(), `${where}: ${(await bodyOf(response)).slice(0, 200)}`).toBe(404);
					else expectRedirect(response, (spec.postAnswer as { location: string }).location, where);
					expectNothingOfA(await bodyOf(response), where);
					continue;
				}
				const response = await open(b.request, handler, pathname);
				const answer = namesIds(spec.path) ? { status: 404 } : (spec.answer ?? OK);
				expect.soft(response.status(), where).toBe(answer.status);
				if ('location' in answer) expect.soft(response.headers()['location'], where).toBe(answer.location);
				expectNothingOfA(await bodyOf(response), where);
				if (handler.kind === 'page') {
					const data = await b.request.get(app.url(dataPath(pathname)), { maxRedirects: 0 });
					const body = await bodyOf(data);
					if (answer.status === 404) expect.soft(body, `${where} (data)`).toMatch(/"type":"error".*"status":404/);
					expectNothingOfA(body, `${where} (data)`);
				}
			} else if (spec.area === 'api') {
				if (spec.asOther === 'skip') continue; // see spec.why
				const response = await api(b.request, handler, spec, ids);
				if (spec.asOther === 'not-found') await expectJsonRefusal(response, [404], where);
				else expect.soft(response.status(), where).toBe(200);
				expectNothingOfA(await bodyOf(response), where);
			}
		}
		// A's document and supporting document under B's own registration's address are still A's.
		for (const pathname of [`/mes-inscriptions/${world.numeroOfB}/pieces/${ids.piece}`, `/documents/${ids.document}?telecharger`]) {
			const response = await b.request.get(app.url(pathname), { maxRedirects: 0 });
			expect.soft(response.status(), pathname).toBe(404);
			expectNothingOfA(await bodyOf(response), pathname);
		}
	});
});

test('D3, S2: candidate A opens every page and file of their own (the matrix’s samples are real), each page with the security headers and never stored', async () => {
	const { a, ids } = world;
	for (const handler of HANDLERS) {
		const spec = specOf(handler);
		const where = `${keyOf(handler)} with A’s session`;
		if (spec.area === 'candidate' && handler.method === 'GET') {
			const pathname = fill(spec.path, ids);
			const response = await a.request.get(app.url(pathname), { maxRedirects: 0 });
			const answer = spec.answer ?? OK;
			expect.soft(response.status(), where).toBe(answer.status);
			if ('location' in answer) expect.soft(response.headers()['location'], where).toBe(answer.location);
			if (answer.status !== 200) continue;
			const headers = response.headers();
			expect.soft(headers['x-content-type-options'], where).toBe('nosniff');
			expect.soft(headers['cache-control'], where).toMatch(/private.*no-store|no-store.*private/);
			expect.soft(headers['content-security-policy'], where).toContain("frame-ancestors 'none'");
			if (handler.kind === 'page') {
				expect.soft(headers['content-type'], where).toContain('text/html');
				expect.soft(headers['x-frame-options'], where).toBe('DENY');
				expect.soft(['same-origin', 'no-referrer'], where).toContain(headers['referrer-policy']);
				expect.soft(headers['content-security-policy'], where).not.toContain('unsafe-inline');
			} else {
				expect.soft(headers['content-type'], where).toBe(handler.routeId.endsWith('/pieces/[id]') ? PIECE.mimeType : 'application/pdf');
			}
			if (spec.path.includes('{numero}') && handler.kind === 'page') expect.soft(await bodyOf(response), where).toContain(ids.numero);
		} else if (spec.area === 'api' && handler.method === 'GET') {
			const response = await api(a.request, handler, spec, ids);
			expect.soft(response.status(), where).toBe(200);
			if (handler.routeId !== '/api/session') expect.soft(await bodyOf(response), where).toContain('Organisme secret de A');
		}
	}
});

// ─── Hostile input (SPEC S3) ───

/** The JSON writes of the API, as found by the walk. */
const JSON_WRITES = HANDLERS.filter((handler) => handler.kind === 'endpoint' && handler.method !== 'GET' && specOf(handler).area === 'api');

interface Call {
	path: string;
	method: string;
	headers: Record<string, string>;
	data: Record<string, unknown>;
}

/** A well-formed call of candidate A to a JSON write, which the hostile variants alter. */
function wellFormed(handler: Handler): Call {
	const { ids } = world;
	const base = { method: handler.method, path: fill((specOf(handler) as ApiSpec).path, ids) };
	switch (keyOf(handler)) {
		case 'PUT /api/brouillons/[domaine]/[session]': {
			const revision =
				queryOne<{ revision: number }>('SELECT revision FROM registration_drafts WHERE candidate_id = ?', world.a.id)?.revision ?? 0;
			return { ...base, headers: { 'if-match': `"${revision}"` }, data: draftBody(ids.numero, 'Organisme secret de A') };
		}
		case 'POST /api/inscriptions':
			return { ...base, headers: { 'idempotency-key': idempotencyKey('hostile') }, data: submission() };
		case 'POST /api/session':
			return { ...base, headers: {}, data: { prolonger: true } };
		case 'PUT /api/inscriptions/[numero]':
			return {
				...base,
				headers: { 'idempotency-key': idempotencyKey('hostile'), 'if-match': `"${versionOf(ids.numero)}"` },
				data: submission()
			};
	}
	throw new Error(`No well-formed call of ${keyOf(handler)}: add one to wellFormed() in tests/013-security-suite.uat.ts`);
}

/** Sends `call` as candidate A (or `context`), with the body as raw bytes of the given type. */
function send(
	call: Call,
	body: string | Buffer | undefined,
	headers: Record<string, string> = {},
	context = world.a.request
): Promise<APIResponse> {
	return context.fetch(app.url(call.path), {
		method: call.method,
		headers: { origin: app.origin, 'content-type': 'application/json', ...call.headers, ...headers },
		...(body === undefined ? {} : { data: typeof body === 'string' ? Buffer.from(body, 'utf8') : body }),
		maxRedirects: 0
	});
}

/** Sends each body with its Content-Type to every JSON write, as candidate A: 415 or 400 in French. */
async function expectMediaTypesRefused(bodies: (json: string) => Array<[string, string]>): Promise<void> {
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			for (const [type, body] of bodies(JSON.stringify(wellFormed(handler).data))) {
				await expectJsonRefusal(
					await send(wellFormed(handler), body, { 'content-type': type }),
					[400, 415],
					`${keyOf(handler)} with Content-Type ${type}`
				);
			}
		}
	});
}

test('S3: the JSON APIs refuse form, multipart and XML bodies (415 or 400, in French) and change nothing', async () => {
	await expectMediaTypesRefused((json) => [
		['application/xml', `<inscription>${json}</inscription>`],
		['application/x-www-form-urlencoded', `data=${encodeURIComponent(json)}`],
		['multipart/form-data; boundary=limite', `--limite\r\nContent-Disposition: form-data; name="data"\r\n\r\n${json}\r\n--limite--\r\n`]
	]);
});

test('S3: the JSON APIs refuse JSON sent under another media type (text/plain, octet-stream): 415 in French, and change nothing', async () => {
	// text/plain is what a form of another site can send without a preflight.
	await expectMediaTypesRefused((json) => [
		['text/plain', json],
		['text/plain;charset=UTF-8', json],
		['application/octet-stream', json]
	]);
});

test('S3: other sites’ form posts are refused (403) on every form action, « Se déconnecter » and the JSON APIs, and change nothing', async () => {
	const { b, ids, numeroOfB } = world;
	// B acts on B's own registration: had a post passed, B's data would change, not the world's.
	const idsOfB = { ...ids, numero: numeroOfB };
	const logout = await signIn(b.person);
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			const call = wellFormed(handler);
			const response = await send(call, JSON.stringify(call.data), { origin: EVIL_ORIGIN, 'content-type': 'text/plain' });
			expect.soft(response.status(), `${keyOf(handler)} from ${EVIL_ORIGIN} (text/plain)`).toBe(403);
		}
		for (const handler of HANDLERS.filter((entry) => entry.kind === 'action' && specOf(entry).area === 'candidate')) {
			const spec = specOf(handler) as CandidateSpec;
			const response = await b.request.post(app.url(fill(spec.path, idsOfB)), {
				headers: { origin: EVIL_ORIGIN, accept: 'text/html' },
				multipart: { typeCode: 'identity-document', fichier: PIECE, password: 'Remplacé 2027 !', passwordConfirmation: 'Remplacé 2027 !' },
				maxRedirects: 0
			});
			expect.soft(response.status(), `${keyOf(handler)} from ${EVIL_ORIGIN}`).toBe(403);
		}
		const response = await logout.post(app.url('/se-deconnecter'), { headers: { origin: EVIL_ORIGIN }, form: {}, maxRedirects: 0 });
		expect.soft(response.status(), `POST /se-deconnecter from ${EVIL_ORIGIN}`).toBe(403);
	});
	await logout.dispose();
});

test('S3: other sites’ JSON calls are refused (403, in French) on every JSON API, and change nothing', async () => {
	// Kit checks Origin only for form media types; a browser would also need a CORS preflight, and
	// SameSite=Lax keeps the cookie home: this is defence in depth.
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			const call = wellFormed(handler);
			const response = await send(call, JSON.stringify(call.data), { origin: EVIL_ORIGIN });
			await expectJsonRefusal(response, [403], `${keyOf(handler)} from ${EVIL_ORIGIN} (application/json)`);
		}
	});
});

/** Every leaf and branch of a JSON value, by path. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<{ path: Array<string | number>; value: unknown }> {
	const here = prefix.length > 0 ? [{ path: prefix, value }] : [];
	if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
	if (value && typeof value === 'object')
		return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
	return here;
}

function withValue(data: unknown, at: Array<string | number>, value: unknown): unknown {
	const copy = structuredClone(data) as Record<string | number, unknown>;
	let node = copy;
	for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
	node[at[at.length - 1]] = value;
	return copy;
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Null and two values of other JSON types than `value`'s own (a scalar for a structure, a structure for a scalar). */
function wrongTypes(value: unknown): unknown[] {
	const others: Record<string, unknown[]> = {
		string: [2027, ['texte']],
		number: ['2027', { valeur: 2027 }],
		boolean: ['true', [true]],
		array: ['texte', { 0: 'E41' }],
		object: [[], 'texte'],
		null: ['texte', {}]
	};
	return [...(value === null ? [] : [null]), ...others[typeOf(value)]];
}

test('S3: malformed JSON and wrong types get 400 (422 for a content the API validates) in French, never a server error, and change nothing', async () => {
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			const name = keyOf(handler);
			const malformed = [
				'',
				'{',
				'{"examDomainCode":',
				'nul',
				'{}}',
				"{'examDomainCode':'BCP'}",
				'{"a":1,}',
				'\u0000',
				'null',
				'true',
				'42',
				'"texte"',
				'[]',
				'{}',
				'[{}]',
				'{"__proto__":{"admin":true}}',
				'{"constructor":{"prototype":{"admin":true}}}',
				'{"examDomainCode":"\\ud800","sessionYear":1e400,"academyCode":"08"}',
				// Nesting, a little.
				'['.repeat(100) + ']'.repeat(100),
				`{"examDomainCode":"BCP","sessionYear":2027,"academyCode":"08","content":${'{"choice":'.repeat(100)}1${'}'.repeat(100)}}`
			];
			for (const body of malformed) {
				await expectJsonRefusal(
					await send(wellFormed(handler), body),
					[400, 422],
					`${name} with the body ${JSON.stringify(body.slice(0, 60))}`
				);
			}
			const call = wellFormed(handler);
			for (const { path: at, value } of pathsOf(call.data)) {
				// A draft of a new registration has no number and no version: null is right there.
				const nullable = name.startsWith('PUT /api/brouillons') && ['registrationNumber', 'baseVersion'].includes(String(at.at(-1)));
				for (const wrong of wrongTypes(value).filter((candidate) => !(nullable && candidate === null))) {
					const data = withValue(call.data, at, wrong);
					const where = `${name} with ${at.join('.')} = ${JSON.stringify(wrong)}`;
					await expectJsonRefusal(await send(wellFormed(handler), JSON.stringify(data)), [400, 422], where);
				}
			}
		}
	});
});

test('S3: headers and addresses that are not what the API expects get 400, 404, 410, 412 or 428 in French, never a server error, and change nothing', async () => {
	const { ids } = world;
	const long = 'x'.repeat(5_000);
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			const name = keyOf(handler);
			const call = wellFormed(handler);
			const json = JSON.stringify(call.data);
			if ('idempotency-key' in call.headers) {
				for (const key of ['', 'court', 'x'.repeat(101), 'clé-avec-accents-0000000', 'x'.repeat(10_000), '../../etc/passwd-000000']) {
					await expectJsonRefusal(
						await send(wellFormed(handler), json, { 'idempotency-key': key }),
						[400],
						`${name} with Idempotency-Key ${JSON.stringify(key.slice(0, 40))}`
					);
				}
			}
			if ('if-match' in call.headers) {
				for (const version of ['', 'abc', '"-1"', '"1.5"', '*', '9'.repeat(400), '"' + '1'.repeat(10_000) + '"']) {
					const where = `${name} with If-Match ${JSON.stringify(version.slice(0, 40))}`;
					const response = await send(wellFormed(handler), json, { 'if-match': version });
					// A number that is no revision is an outdated one: the documented 412 with the server's copy
					// (SPEC O5), or 410 for a draft already saved as a registration.
					if (response.status() === 412) expect.soft(((await response.json()) as { code?: string }).code, where).toBe('conflict');
					else await expectJsonRefusal(response, [400, 410, 428], where);
				}
			}
		}
		// Addresses with ids that are not ids.
		const a = world.a.request;
		// A's number with another check character, with a space, in SQL, as a path, 5 000 characters.
		const otherCheck = ids.numero.slice(0, -1) + (ids.numero.endsWith('0') ? '1' : '0');
		for (const numero of [long, '%00', '..%2F..%2Fapi', otherCheck, `${ids.numero}%20`, "2708000001X'%20OR%20'1'='1"]) {
			const modify = await a.put(app.url(`/api/inscriptions/${numero}`), {
				headers: jsonHeaders({ origin: app.origin, 'idempotency-key': idempotencyKey('adresse'), 'if-match': '"1"' }),
				data: submission(),
				maxRedirects: 0
			});
			await expectJsonRefusal(modify, [400, 404], `PUT /api/inscriptions/${numero.slice(0, 40)}`);
			for (const page of [
				`/mes-inscriptions/${numero}`,
				`/mes-inscriptions/${numero}/confirmation-pdf`,
				`/documents/${numero}`,
				`/mes-inscriptions/${ids.numero}/pieces/${numero}`
			]) {
				const response = await a.get(app.url(page), { maxRedirects: 0 });
				expect.soft([400, 404], `${page.slice(0, 80)}: ${response.status()}`).toContain(response.status());
			}
		}
		for (const [domain, session] of [
			[long, long],
			['BCP', '2027.5'],
			['BCP', '-1'],
			['BCP', '1e400'],
			['%00', '2027'],
			['ZZZ', '2027']
		]) {
			const pathname = `/api/brouillons/${domain}/${session}`;
			const read = await a.get(app.url(pathname), { maxRedirects: 0 });
			expect.soft([200, 400, 404], `GET ${pathname.slice(0, 80)}`).toContain(read.status());
			if (read.status() === 200) expect.soft(((await read.json()) as { draft: unknown }).draft, `GET ${pathname.slice(0, 80)}`).toBeNull();
			else await expectJsonRefusal(read, [400, 404], `GET ${pathname.slice(0, 80)}`);
			const write = await a.put(app.url(pathname), {
				headers: jsonHeaders({ origin: app.origin, 'if-match': '"0"' }),
				data: draftBody(null),
				maxRedirects: 0
			});
			await expectJsonRefusal(write, [400, 404], `PUT ${pathname.slice(0, 80)}`);
		}
	});
});

test('S3: oversized bodies get 413 in French, and change nothing', async () => {
	const { b, numeroOfB } = world;
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			const name = keyOf(handler);
			const call = wellFormed(handler);
			// Just over the API's 64 kB, then over the server's whole-body limit (BODY_SIZE_LIMIT, 6 MB),
			// where the API's own Content-Length check answers first (the drafts' case is below).
			for (const size of [64 * 1024 + 1, ...(handler.routeId.startsWith('/api/brouillons') ? [] : [7 * 1024 * 1024])]) {
				const padded = JSON.stringify({ ...call.data, padding: 'x'.repeat(size) });
				await expectJsonRefusal(await send(wellFormed(handler), padded), [413], `${name} with ${padded.length} bytes`);
			}
		}
		// A supporting document over 5 MB, posted on B's own registration.
		const big = Buffer.concat([PIECE.buffer, Buffer.alloc(5 * 1024 * 1024 + 100_000, 0)]);
		const upload = await b.request.post(app.url(`/mes-inscriptions/${numeroOfB}/pieces?/deposer`), {
			headers: { origin: app.origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
			multipart: { typeCode: 'identity-document', fichier: { ...PIECE, buffer: big } },
			maxRedirects: 0
		});
		await expectActionRefusal(upload, [413], 'POST ?/deposer with a 5.1 MB file');
		// A form over the server's whole-body limit.
		const identity = await world.c.request.post(app.url('/modifier-mon-compte?/identite'), {
			headers: { origin: app.origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
			form: { birthName: 'x'.repeat(7 * 1024 * 1024) },
			maxRedirects: 0
		});
		// Kit refuses to read it; the form then reads as empty: 400 with each field's message is as clear.
		await expectActionRefusal(identity, [400, 413], 'POST /modifier-mon-compte?/identite with 7 MB');
	});
});

/** A form action's refusal as `use:enhance` receives it: a failure (or an error) with a French message. */
async function expectActionRefusal(response: APIResponse, statuses: number[], where: string): Promise<void> {
	const text = await bodyOf(response);
	let answer: { type?: string; status?: number; data?: string; error?: { message?: string } };
	try {
		answer = JSON.parse(text);
	} catch {
		throw new Error(`${where}: HTTP ${response.status()}, not an action's JSON answer: ${text.slice(0, 200)}`);
	}
	const status = answer.type === 'error' ? response.status() : answer.status;
	expect.soft(['failure', 'error'], `${where}: ${text.slice(0, 300)}`).toContain(answer.type);
	expect.soft(statuses, `${where}: ${text.slice(0, 300)}`).toContain(status);
	const message = answer.type === 'error' ? answer.error?.message : (answer.data ?? '').replaceAll(/x{1000,}/g, '');
	expectFrench(message, where);
	if (answer.type === 'error') expect.soft(message, `${where}: a message that says what is wrong`).not.toBe('Une erreur est survenue.');
}

test('S3: 100 000-character strings in every field get 400, 413 or 422 in French, never a server error, and change nothing', async () => {
	const { numeroOfB, b, c } = world;
	const huge = 'x'.repeat(100_000);
	// Just under the API's 64 kB: the length check of the field itself is reached.
	const long = 'x'.repeat(30_000);
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			const call = wellFormed(handler);
			for (const { path: at, value } of pathsOf(call.data)) {
				if (typeof value !== 'string' && typeof value !== 'number') continue;
				for (const [text, statuses] of [
					[huge, [413]],
					[long, [400, 422]]
				] as const) {
					const data = withValue(call.data, at, text);
					await expectJsonRefusal(
						await send(wellFormed(handler), JSON.stringify(data)),
						[...statuses],
						`${keyOf(handler)} with ${at.join('.')} of ${text.length} characters`
					);
				}
			}
			// A key of 30 000 characters in a record.
			if (!('content' in call.data)) continue;
			const data = withValue(call.data, ['content', 'choice', 'languages'], { [long]: 'en' });
			await expectJsonRefusal(
				await send(wellFormed(handler), JSON.stringify(data)),
				[400, 422],
				`${keyOf(handler)} with a language key of 30 000 characters`
			);
		}

		// The candidate space's forms: every field 100 000 characters long.
		const forms: Array<[APIRequestContext, string, Record<string, string>]> = [
			[
				c.request,
				'/modifier-mon-compte?/identite',
				Object.fromEntries(
					[
						'civility',
						'birthName',
						'usageName',
						'firstNames',
						'birthDate',
						'birthPlace',
						'birthCountry',
						'nationality',
						'addressLine1',
						'addressLine2',
						'postalCode',
						'city',
						'country',
						'phone'
					].map((field) => [field, huge])
				)
			],
			[c.request, '/modifier-mon-compte?/adresse', { newEmail: huge, currentPassword: huge }],
			[c.request, '/modifier-mon-compte?/adresse', { newEmail: `${'x'.repeat(99_990)}@exemple.fr`, currentPassword: c.person.password }],
			[c.request, '/modifier-mon-compte?/motDePasse', { currentPassword: huge, password: huge, passwordConfirmation: huge }],
			[c.request, '/modifier-mon-compte?/motDePasse', { currentPassword: c.person.password, password: huge, passwordConfirmation: huge }],
			[c.request, '/candidat-scolaire/mot-de-passe', { password: huge, passwordConfirmation: huge }]
		];
		for (const [context, pathname, form] of forms) {
			const response = await context.post(app.url(pathname), {
				headers: { origin: app.origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
				form,
				maxRedirects: 0
			});
			await expectActionRefusal(response, [400, 413, 422], `POST ${pathname} with ${Object.keys(form).join(', ')} of 100 000 characters`);
		}
		const upload = await b.request.post(app.url(`/mes-inscriptions/${numeroOfB}/pieces?/deposer`), {
			headers: { origin: app.origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
			multipart: { typeCode: huge, fichier: { ...PIECE, name: `${huge}.png` } },
			maxRedirects: 0
		});
		await expectActionRefusal(upload, [400, 413, 422], 'POST ?/deposer with a type and a file name of 100 000 characters');
	});
});

/**
 * Sends `call`'s headers as candidate A, declaring a body of `declaredBytes`, and writes none of it:
 * the answer must come from the Content-Length alone. (Writing 7 MB to a server that has answered
 * and closed made the client fail with EPIPE, at random, before it read the answer.)
 */
async function sendHeadersOnly(call: Call, declaredBytes: number): Promise<Received> {
	const { cookies } = await world.a.request.storageState();
	const url = new URL(app.url(call.path));
	const headers = {
		origin: app.origin,
		'content-type': 'application/json',
		...call.headers,
		cookie: cookies
			.filter((cookie) => cookie.domain === url.hostname)
			.map((cookie) => `${cookie.name}=${cookie.value}`)
			.join('; '),
		'content-length': String(declaredBytes)
	};
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: call.method, headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const body = Buffer.concat(chunks);
				const answerHeaders = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
				resolve({ status: () => response.statusCode ?? 0, headers: () => answerHeaders, body: async () => body });
				request.destroy();
			});
		});
		request.on('error', reject);
		request.setTimeout(30_000, () => request.destroy(new Error(`no answer to ${call.method} ${call.path} before its body`)));
		request.flushHeaders();
	});
}

test('S3: a draft over the server’s whole-body limit (6 MB) gets 413 with a message that says so, not a logged server error', async () => {
	// The declared Content-Length is refused before a byte is read (no logged server error).
	await changesNothing(async () => {
		const call = wellFormed(JSON_WRITES.find((handler) => handler.routeId.startsWith('/api/brouillons'))!);
		const response = await sendHeadersOnly(call, 7 * 1024 * 1024);
		await expectJsonRefusal(response, [413], 'PUT /api/brouillons with 7 MB');
		expect.soft((JSON.parse(await bodyOf(response)) as { message?: string }).message).not.toBe('Une erreur est survenue.');
	});
});

// Last in the file: a failed test restarts the worker, and with it the server and the set-up.
test('S3: deeply nested JSON (as deep as 64 kB allows) gets 400 or 422 in French, never a server error, and changes nothing', async () => {
	// Such a body once overflowed the recursive hash of a request (a 500): the API refuses JSON nested
	// deeper than a registration can be.
	await changesNothing(async () => {
		for (const handler of JSON_WRITES) {
			for (const body of [
				'['.repeat(30_000) + ']'.repeat(30_000),
				'{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
				`{"examDomainCode":"BCP","sessionYear":2027,"academyCode":"08","content":${'{"choice":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
				`{"examDomainCode":"BCP","sessionYear":2027,"academyCode":"08","content":{"choice":{"optionalUnits":${'['.repeat(20_000)}${']'.repeat(20_000)}}}}`
			]) {
				await expectJsonRefusal(
					await send(wellFormed(handler), body),
					[400, 422],
					`${keyOf(handler)} with the body ${JSON.stringify(body.slice(0, 60))}…`
				);
			}
		}
	});
});
