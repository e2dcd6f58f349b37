// What a supporting document may be (SPEC R12): PDF, JPEG or PNG up to 5 MB, recognised by its
// content (magic bytes, then the file really parses as that type), never by its name or the type
// the browser declares. Images are capped in pixels: a small file can decode to gigabytes.
//
// SPEC S4: the content check runs in a worker thread (upload-check.worker.js) with a heap limit and
// a deadline, a few at a time, so a hostile file costs at most one worker, never the server.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { workerUrl } from '../worker-source';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 10_000;
export const MAX_IMAGE_PIXELS = 40_000_000;
/** All Flate streams of a PDF together, once inflated. */
export const MAX_INFLATED_BYTES = 50 * 1024 * 1024;

export type CheckLimits = {
	/** Wall-clock time of one check, worker start included. */
	timeoutMs: number;
	maxOldGenerationSizeMb: number;
	maxYoungGenerationSizeMb: number;
};

/** Measured: a 400-page text PDF passes with a 32 MB heap in about a second; 4.7 MB of numbers need over 96 MB. */
export const CHECK_LIMITS: CheckLimits = { timeoutMs: 10_000, maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
/** Checks running at once; the others wait their turn (each may hold ~150 MB). */
export const MAX_CONCURRENT_CHECKS = 2;

export type AcceptedMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** `bytes` is what to store: images lose their metadata (location included) and anything after their end. */
export type UploadVerdict = { ok: true; mediaType: AcceptedMediaType; bytes: Uint8Array } | { ok: false; reason: string };

const NOT_ACCEPTED = 'Ce fichier n’est pas accepté : déposez un PDF, une photo JPEG ou une image PNG.';
const SIMPLER_FILE = 'Déposez un fichier plus simple (par exemple une photo, ou le PDF enregistré de nouveau).';
const TOO_SLOW = `L’analyse de ce fichier a pris trop de temps : il est refusé. ${SIMPLER_FILE}`;
const TOO_MUCH_MEMORY = `L’analyse de ce fichier demande trop de mémoire : il est refusé. ${SIMPLER_FILE}`;

let checkerUrl: Promise<URL> | undefined;
const checkerWorkerUrl = () =>
	(checkerUrl ??= workerUrl(() => import('./upload-check.worker.js?raw'), new URL('./upload-check.worker.js', import.meta.url)));
let pdfLibPath: string | undefined;

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
	return signature.every((byte, index) => bytes[index] === byte);
}

function mediaTypeOf(bytes: Uint8Array): AcceptedMediaType | null {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	return null;
}

let running = 0;
const waiting: (() => void)[] = [];

async function inCheckSlot<T>(task: () => Promise<T>): Promise<T> {
	if (running < MAX_CONCURRENT_CHECKS) running++;
	else await new Promise<void>((resolve) => waiting.push(resolve));
	try {
		return await task();
	} finally {
		// The slot goes straight to the next waiting check, if any.
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

async function checkInWorker(mediaType: AcceptedMediaType, bytes: Uint8Array, limits: CheckLimits): Promise<UploadVerdict> {
	// pdf-lib is a run-time dependency (external to the bundle): the worker loads it by absolute path.
	pdfLibPath ??= createRequire(import.meta.url).resolve('pdf-lib');
	const url = await checkerWorkerUrl();
	return new Promise((resolve, reject) => {
		const worker = new Worker(url, {
			workerData: {
				role: 'upload-check',
				mediaType,
				bytes,
				pdfLibPath,
				limits: { maxImageSide: MAX_IMAGE_SIDE, maxImagePixels: MAX_IMAGE_PIXELS, maxInflatedBytes: MAX_INFLATED_BYTES }
			},
			resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb }
		});
		let settled = false;
		const settle = (answer: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(deadline);
			void worker.terminate();
			answer();
		};
		const deadline = setTimeout(() => settle(() => resolve({ ok: false, reason: TOO_SLOW })), limits.timeoutMs);
		worker.once('message', (verdict: UploadVerdict) => settle(() => resolve(verdict)));
		worker.once('error', (error: Error & { code?: string }) => {
			if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle(() => resolve({ ok: false, reason: TOO_MUCH_MEMORY }));
			else settle(() => reject(error));
		});
		worker.once('exit', (code) => settle(() => reject(new Error(`The upload check stopped (exit code ${code}) without a verdict.`))));
	});
}

export async function checkUpload(bytes: Uint8Array, limits: CheckLimits = CHECK_LIMITS): Promise<UploadVerdict> {
	if (bytes.length === 0) return { ok: false, reason: 'Le fichier est vide.' };
	if (bytes.length > MAX_UPLOAD_BYTES)
		return {
			ok: false,
			reason: 'Le fichier dépasse 5 Mo : réduisez-le (par exemple en photographiant en qualité moyenne) puis déposez-le de nouveau.'
		};
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
		return { ok: false, reason: `${NOT_ACCEPTED} Une archive (ZIP, document Word…) n’est pas acceptée.` };
	const mediaType = mediaTypeOf(bytes);
	if (!mediaType) return { ok: false, reason: NOT_ACCEPTED };
	return inCheckSlot(() => checkInWorker(mediaType, bytes, limits));
}
