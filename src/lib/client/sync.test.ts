// A model-based test of the sync engine (SPEC O3–O5): the real module, real IndexedDB semantics
// (fake-indexeddb), the real `+server.ts` handlers over the real services on an in-memory
// database, and a network that fails.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActivatedCandidate } from '$lib/server/accounts/test-fixtures';
import type { Db } from '$lib/server/db';
import { registrations } from '$lib/server/db/schema';
import { callEndpoint, candidateLocals } from '$lib/server/http/test-helpers';
import { getDraft, writeDraft } from '$lib/server/registrations/drafts';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb } from '$lib/server/registrations/test-fixtures';
import type { RegistrationContent } from '$lib/domain/registration-content';
import * as draftEndpoint from '../../routes/api/brouillons/[domaine]/[session]/+server';
import * as registrationsEndpoint from '../../routes/api/inscriptions/+server';
import * as registrationEndpoint from '../../routes/api/inscriptions/[numero]/+server';
import { loadDraft, newIdempotencyKey, saveDraft, updateDraft, type DeviceDraft } from './drafts';
import { keepMine, pullDraft, pushDraft, queueSubmission, sendPending, type SyncDeps } from './sync';

// The handlers call getDb(): it gives the database of the world being run.
let serverDb: Db;
vi.mock('$lib/server/db', async (original) => ({ ...(await original<typeof import('$lib/server/db')>()), getDb: () => serverDb }));

afterEach(() => {
	vi.useRealTimers();
});

interface World {
	db: Db;
	candidateId: string;
	key: string;
	/** 'lost': the request reaches the server, which acts on it, but the answer never comes back. */
	network: 'up' | 'down' | 'failing' | 'lost';
	clock: number;
	/** What the device last showed the candidate as their registration. */
	deviceContent: RegistrationContent;
	/** What both the device and the server must end with (the candidate keeps theirs on a conflict). */
	expected: RegistrationContent;
	/** The content the device sent with its first « Enregistrer », once pressed. */
	savedContent: RegistrationContent | null;
	answered: boolean;
}

/** What a `+server.ts` exports; method syntax, so that each route's own event type fits. */
interface Endpoint {
	GET?(event: RequestEvent): Response | Promise<Response>;
	PUT?(event: RequestEvent): Response | Promise<Response>;
	POST?(event: RequestEvent): Response | Promise<Response>;
}

/** The API's routes by their SvelteKit id, each with the module its `+server.ts` exports. */
const ENDPOINTS: Record<string, Endpoint> = {
	'/api/brouillons/[domaine]/[session]': draftEndpoint,
	'/api/inscriptions': registrationsEndpoint,
	'/api/inscriptions/[numero]': registrationEndpoint
};

/** The route of a path: each `[name]` of an id stands for one segment, as in SvelteKit's router. */
function routeOf(pathname: string) {
	for (const [id, endpoint] of Object.entries(ENDPOINTS)) {
		const match = new RegExp(`^${id.replace(/\[(\w+)\]/g, '(?<$1>[^/]+)')}$`).exec(pathname);
		if (match) return { id, endpoint, params: { ...match.groups } };
	}
	return null;
}

/** The server as the device reaches it: the network of the world, then the route's own handler. */
function serverFetch(world: World): SyncDeps['fetch'] {
	return async (url, init) => {
		if (world.network === 'down') throw new TypeError('Failed to fetch');
		if (world.network === 'failing') return new Response('Bad gateway', { status: 502 });
		const request = new Request(new URL(url, 'http://localhost'), init);
		const route = routeOf(new URL(request.url).pathname);
		const handler = route?.endpoint[request.method as keyof Endpoint];
		if (!route) return new Response('Not found', { status: 404 });
		if (!handler) return new Response('Method not allowed', { status: 405 });
		serverDb = world.db;
		// The handlers read the server's clock (new Date()): it shows the world's time.
		vi.setSystemTime(TEST_NOW.getTime() + world.clock);
		const response = await callEndpoint(handler, request, {
			params: route.params,
			locals: candidateLocals(world.candidateId),
			routeId: route.id
		});
		if (world.network === 'lost') throw new TypeError('Failed to fetch');
		return response;
	};
}

function deps(world: World): SyncDeps {
	return {
		fetch: serverFetch(world),
		now: () => TEST_NOW.getTime() + world.clock,
		store: { load: loadDraft, update: updateDraft }
	};
}

type Command = fc.AsyncCommand<object, World>;

const check = () => true;

class Edit implements Command {
	constructor(
		readonly option: 'A' | 'B',
		readonly applied: 'yes' | 'no'
	) {}
	check = check;
	async run(_: object, world: World) {
		if (world.savedContent) return; // the wizard shows « N°Inscription » once « Enregistrer » is pressed
		world.clock += 1000;
		const draft = (await loadDraft(world.key))!;
		const content = {
			...draft.content,
			choice: { ...draft.content.choice, optionCode: this.option },
			accommodations: { applied: this.applied }
		};
		await saveDraft({ ...draft, content, dirty: true, updatedAt: TEST_NOW.getTime() + world.clock });
		world.deviceContent = content;
		world.expected = content;
	}
	toString = () => `edit(${this.option}, ${this.applied})`;
}

class Network implements Command {
	constructor(readonly state: World['network']) {}
	check = check;
	async run(_: object, world: World) {
		world.network = this.state;
	}
	toString = () => `network ${this.state}`;
}

class Sync implements Command {
	check = check;
	async run(_: object, world: World) {
		const result = await pushDraft(deps(world), world.key);
		if (result === 'conflict') await keepMine(deps(world), world.key);
	}
	toString = () => 'sync';
}

class Save implements Command {
	constructor(readonly presses: 1 | 2) {}
	check = check;
	async run(_: object, world: World) {
		const draft = (await loadDraft(world.key))!;
		if (!world.savedContent) {
			world.savedContent = draft.content;
			await queueSubmission(deps(world), world.key, {
				url: '/api/inscriptions',
				method: 'POST',
				idempotencyKey: draft.idempotencyKey,
				body: { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08', content: draft.content }
			});
		}
		for (let press = 0; press < this.presses; press++) {
			const answer = await sendPending(deps(world), world.key);
			if (typeof answer === 'object') {
				expect(answer).toMatchObject({ ok: true });
				world.answered = true;
			}
		}
	}
	toString = () => `save ×${this.presses}`;
}

class OtherDevice implements Command {
	check = check;
	async run(_: object, world: World) {
		if (world.savedContent) return;
		world.clock += 1000;
		const current = getDraft(world.db, world.candidateId, 'BCP', 2027);
		const content = {
			...SAMPLE_CONTENT,
			situation: { ...SAMPLE_CONTENT.situation, trainingOrganisation: `autre appareil ${world.clock}` }
		};
		// Unsynced changes on this device will meet this write as a conflict, and the candidate keeps
		// theirs; otherwise this device takes the newer copy when it next pulls.
		if (!(await loadDraft(world.key))!.dirty) world.expected = content;
		writeDraft(
			world.db,
			world.candidateId,
			'BCP',
			2027,
			{ basedOn: current?.revision ?? 0, body: { academyCode: '08', registrationNumber: null, baseVersion: null, tab: 'choice', content } },
			new Date(TEST_NOW.getTime() + world.clock)
		);
	}
	toString = () => 'edit on another device';
}

class Reload implements Command {
	check = check;
	async run(_: object, world: World) {
		// Nothing of the engine lives in memory: the draft is all there is after a reload.
		expect((await loadDraft(world.key))!.content).toEqual(world.deviceContent);
	}
	toString = () => 'reload';
}

const commands = [
	fc
		.tuple(fc.constantFrom('A' as const, 'B' as const), fc.constantFrom('yes' as const, 'no' as const))
		.map(([option, applied]) => new Edit(option, applied)),
	fc.constantFrom('up' as const, 'down' as const, 'failing' as const, 'lost' as const).map((state) => new Network(state)),
	fc.constant(new Sync()),
	fc.constantFrom(1 as const, 2 as const).map((presses) => new Save(presses)),
	fc.constant(new OtherDevice()),
	fc.constant(new Reload())
];

/** Run first, every time: the server saves but its answer is lost, so the retry must reuse the key (SPEC O4). */
const LOST_ANSWER: Command[] = [new Network('lost'), new Save(1), new Network('up'), new Save(1)];

describe('O3–O5: the sync engine against the real server', () => {
	it('ends with the last state the device acknowledged and never two registrations', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (scenario) => {
				const db = seededTestDb();
				const candidateId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG });
				const key = `${candidateId}:BCP:2027:${run++}`;
				const start: DeviceDraft = {
					key,
					candidateId,
					examDomainCode: 'BCP',
					sessionYear: 2027,
					academyCode: '08',
					tab: 'choice',
					content: SAMPLE_CONTENT,
					idempotencyKey: newIdempotencyKey(),
					updatedAt: TEST_NOW.getTime(),
					dirty: true,
					revision: 0
				};
				await saveDraft(start);
				const world: World = {
					db,
					candidateId,
					key,
					network: 'up',
					clock: 0,
					deviceContent: SAMPLE_CONTENT,
					expected: SAMPLE_CONTENT,
					savedContent: null,
					answered: false
				};
				await fc.asyncModelRun(() => ({ model: {}, real: world }), scenario);

				// The network comes back: the engine finishes what it started.
				world.network = 'up';
				for (let attempt = 0; attempt < 5; attempt++) {
					if ((await pushDraft(deps(world), key)) === 'conflict') await keepMine(deps(world), key);
				}
				if (world.savedContent) await sendPending(deps(world), key);
				else await pullDraft(deps(world), { key, candidateId, examDomainCode: 'BCP', sessionYear: 2027 }, newIdempotencyKey);

				const registrationsCount = db.select({ n: count() }).from(registrations).get()!.n;
				if (world.savedContent) {
					expect(registrationsCount).toBe(1);
					const draft = await loadDraft(key);
					expect(draft?.answer).toMatchObject({ ok: true });
				} else {
					expect(registrationsCount).toBe(0);
					// Device and server agree, on the device's last edit unless the other device wrote after it.
					expect(getDraft(db, candidateId, 'BCP', 2027)?.content).toEqual(world.expected);
					expect((await loadDraft(key))!).toMatchObject({ dirty: false, content: world.expected });
				}
			}),
			{ numRuns: 60, examples: [[LOST_ANSWER]] }
		);
		// 60 scenarios of up to 25 steps, each on its own database with argon2 accounts: about 20 s
		// on an idle 2-core machine, far more on a busy one. A limit to stop a hang, not a speed target.
	}, 120_000);
});

describe('O5: no false conflict from this very page', () => {
	it('two sends of one draft at once (form and logout dialog) reach the server one after the other', async () => {
		const db = seededTestDb();
		const candidateId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG });
		const key = `${candidateId}:BCP:2027:concurrent`;
		await saveDraft({
			key,
			candidateId,
			examDomainCode: 'BCP',
			sessionYear: 2027,
			academyCode: '08',
			tab: 'choice',
			content: SAMPLE_CONTENT,
			idempotencyKey: newIdempotencyKey(),
			updatedAt: TEST_NOW.getTime(),
			dirty: true,
			revision: 0
		});
		const world: World = {
			db,
			candidateId,
			key,
			network: 'up',
			clock: 0,
			deviceContent: SAMPLE_CONTENT,
			expected: SAMPLE_CONTENT,
			savedContent: null,
			answered: false
		};
		const results = await Promise.all([pushDraft(deps(world), key), pushDraft(deps(world), key)]);
		expect(results).toEqual(['synced', 'nothing']);
		expect(await loadDraft(key)).toMatchObject({ dirty: false, revision: 1 });
		expect((await loadDraft(key))!.conflict).toBeUndefined();
	});

	it('a send holds the draft’s Web Lock, so another tab of this device waits for it', async () => {
		const db = seededTestDb();
		const candidateId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG });
		const key = `${candidateId}:BCP:2027:locked`;
		await saveDraft({
			key,
			candidateId,
			examDomainCode: 'BCP',
			sessionYear: 2027,
			academyCode: '08',
			tab: 'choice',
			content: SAMPLE_CONTENT,
			idempotencyKey: newIdempotencyKey(),
			updatedAt: TEST_NOW.getTime(),
			dirty: true,
			revision: 0
		});
		const world: World = {
			db,
			candidateId,
			key,
			network: 'up',
			clock: 0,
			deviceContent: SAMPLE_CONTENT,
			expected: SAMPLE_CONTENT,
			savedContent: null,
			answered: false
		};
		// The browser's lock manager, as another tab sees it: held names, granted one at a time.
		const held: string[] = [];
		const request = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
			held.push(name);
			try {
				return await work();
			} finally {
				held.splice(held.indexOf(name), 1);
			}
		};
		let heldDuringSend: string[] = [];
		const lockingDeps = deps(world);
		const fetchThroughServer = lockingDeps.fetch;
		lockingDeps.fetch = (url, init) => {
			heldDuringSend = [...held];
			return fetchThroughServer(url, init);
		};
		const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
		Object.defineProperty(globalThis, 'navigator', { value: { locks: { request } }, configurable: true });
		try {
			expect(await pushDraft(lockingDeps, key)).toBe('synced');
		} finally {
			if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
			else Reflect.deleteProperty(globalThis, 'navigator');
		}
		expect(heldDuringSend).toEqual([`portail-draft:${key}`]);
		expect(held).toEqual([]);
	});
});
