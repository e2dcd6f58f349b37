// What every JSON endpoint of the candidate's space checks and answers the same way (SPEC S3): who
// asks, the headers, the body's size and type, its JSON, and the French refusals, never stored.
import { json } from '@sveltejs/kit';
import { IDEMPOTENCY_KEY_PATTERN } from '../../domain/registration-api';
import { getConfig } from '../config';

/** A whole registration or draft is a few kilobytes; anything much larger is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A registration nests five levels deep. Far deeper is hostile: it would overflow the recursive hash of a request. */
export const MAX_JSON_DEPTH = 32;

const NO_STORE = { 'Cache-Control': 'no-store' };

const SESSION_EXPIRED = 'Votre session a expiré : reconnectez-vous, votre brouillon est conservé sur cet appareil.';
const NOT_JSON = 'La demande n’est pas au format attendu (JSON) : rechargez la page et réessayez.';
const TOO_LARGE = 'La demande est trop volumineuse.';
const UNREADABLE = 'La demande est illisible : rechargez la page et réessayez.';
const INCOMPLETE = 'La demande est incomplète : rechargez la page et réessayez.';
const NO_BASE_VERSION = 'La version de départ de la modification manque : rechargez la page.';
const OTHER_SITE = 'Cette demande ne vient pas du Portail candidat : elle est refusée.';

/** Every answer of the JSON API is one person's data: no cache keeps it. */
export function answerWith(result: { status: number; body: unknown }): Response {
	return json(result.body, { status: result.status, headers: NO_STORE });
}

/** The refusal every JSON client reads: `{ ok: false, code, message }`, the message in French. */
export function refuse(status: number, code: string, message: string): Response {
	return answerWith({ status, body: { ok: false, code, message } });
}

/** The candidate an endpoint acts for. A fetch cannot follow the pages' redirect to the login page: 401. */
export function requireCandidate(locals: App.Locals): string | Response {
	if (!locals.user || locals.session?.audience !== 'candidate') return refuse(401, 'bad-request', SESSION_EXPIRED);
	return locals.user.candidateId;
}

/** `If-Match: "N"` (also `W/"N"` or `N`): the version or revision a write starts from. */
export function readIfMatch(request: Request): number | Response {
	const match = /^(?:W\/)?(?:"(\d{1,15})"|(\d{1,15}))$/.exec(request.headers.get('If-Match')?.trim() ?? '');
	if (!match) return refuse(428, 'bad-request', NO_BASE_VERSION);
	return Number(match[1] ?? match[2]);
}

export function readIdempotencyKey(request: Request): string | Response {
	const key = request.headers.get('Idempotency-Key') ?? '';
	return IDEMPOTENCY_KEY_PATTERN.test(key) ? key : refuse(400, 'bad-request', INCOMPLETE);
}

function isJson(request: Request): boolean {
	const mediaType = request.headers.get('Content-Type')?.split(';')[0].trim().toLowerCase();
	return mediaType === 'application/json';
}

/** Whether the declared size is already too much, before a byte is read. */
function declaresMoreThan(request: Request, maxBytes: number): boolean {
	const declared = request.headers.get('Content-Length')?.trim() ?? '';
	return /^\d+$/.test(declared) && Number(declared) > maxBytes;
}

/** The body's bytes, or null once they pass the limit: a missing or lying Content-Length reads no further. */
async function readBytesUpTo(request: Request, maxBytes: number): Promise<Uint8Array | null> {
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		size += read.value.byteLength;
		if (size > maxBytes) {
			await reader.cancel();
			return null;
		}
		chunks.push(read.value);
	}
	return Buffer.concat(chunks, size);
}

function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
	const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
	for (let item = pending.pop(); item; item = pending.pop()) {
		if (item.value === null || typeof item.value !== 'object') continue;
		if (item.depth > maxDepth) return true;
		for (const child of Object.values(item.value)) pending.push({ value: child, depth: item.depth + 1 });
	}
	return false;
}

/** The parsed JSON body, or its refusal: 415 not JSON, 413 over `maxBytes` bytes, 400 not UTF-8 JSON or nested too deep. */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<{ body: unknown } | Response> {
	if (!isJson(request)) return refuse(415, 'bad-request', NOT_JSON);
	if (declaresMoreThan(request, maxBytes)) return refuse(413, 'too-large', TOO_LARGE);
	const bytes = await readBytesUpTo(request, maxBytes);
	if (!bytes) return refuse(413, 'too-large', TOO_LARGE);
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		return refuse(400, 'bad-request', UNREADABLE);
	}
	return nestsDeeperThan(body, MAX_JSON_DEPTH) ? refuse(400, 'bad-request', UNREADABLE) : { body };
}

export interface WriteNeeds {
	idempotencyKey?: boolean;
	ifMatch?: boolean;
}

/** What `readCandidateWrite` found: the key and the version only when they were asked for. */
export type CandidateWrite<N extends WriteNeeds> = { candidateId: string; body: unknown } & (N['idempotencyKey'] extends true
	? { idempotencyKey: string }
	: unknown) &
	(N['ifMatch'] extends true ? { ifMatch: number } : unknown);

/**
 * A write sent by another site's page. Kit's own check covers form posts only; a browser names the
 * page's origin on every cross-origin write, so a JSON write from elsewhere is refused too (the
 * SameSite cookie and CORS already stop it: this is the third wall). No Origin: not a browser's.
 */
function comesFromAnotherSite(request: Request): boolean {
	const origin = request.headers.get('Origin');
	return origin !== null && origin !== getConfig().origin;
}

/** A candidate's JSON write with the headers it needs, cheapest refusal first: 403, 401, the headers (400, 428), then the body. */
export async function readCandidateWrite<const N extends WriteNeeds>(
	event: { request: Request; locals: App.Locals },
	needs: N
): Promise<CandidateWrite<N> | Response> {
	const { request } = event;
	if (comesFromAnotherSite(request)) return refuse(403, 'bad-request', OTHER_SITE);
	const candidateId = requireCandidate(event.locals);
	if (candidateId instanceof Response) return candidateId;
	const idempotencyKey = needs.idempotencyKey ? readIdempotencyKey(request) : undefined;
	if (idempotencyKey instanceof Response) return idempotencyKey;
	const ifMatch = needs.ifMatch ? readIfMatch(request) : undefined;
	if (ifMatch instanceof Response) return ifMatch;
	const read = await readJsonBody(request);
	if (read instanceof Response) return read;
	return { candidateId, body: read.body, idempotencyKey, ifMatch } as CandidateWrite<N>;
}
