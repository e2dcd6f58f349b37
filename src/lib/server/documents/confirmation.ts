// The confirmation of registration (SPEC R8): its content, gathered once and rendered twice, as a
// PDF (pdf-lib, DejaVu Sans embedded so that every name renders) and as an accessible HTML page.
//
// The PDF is drawn in a worker thread (confirmation-pdf.worker.js), one per process, started with
// the first confirmation and kept: drawn on the server's event loop, each document held every
// request back for 50 to 250 ms (issue #17). A thread rather than a process of its own for the
// queue: it dies with its process (a SIGKILL leaves no orphan, and the leases are released as
// before), and the queue's writes stay on the server's one connection, where another process's
// commits would make the server's transactions wait for the write lock.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { workerUrl } from '../worker-source';
import { FONT_FEATURES, fontCutFor, fontPaths } from './pdf';
import { versionLabel } from '../../domain/registration-api';
import { formatParisDate } from '../../domain/registration-window';
import { OFFICE_CONTACT_PENDING } from '../../domain/admin-windows';

export interface ConfirmationData {
	registrationNumber: string;
	candidateNumber: string;
	version: number;
	issuedAt: string;
	exam: { domainName: string; sessionYear: number; academyName: string; specialtyName: string; optionName: string | null };
	identity: Array<[string, string]>;
	choices: Array<[string, string]>;
	unitsToSit: string[];
	exemptions: string[];
	accommodationsApplied: string;
	supportingDocuments: Array<{ label: string; uploaded: boolean }>;
	/** Only confirmed values (SPEC M2): null where the catalogue still holds a placeholder. */
	office: { serviceName: string | null; addressLines: string[] | null; email: string | null; phone: string | null };
	returnDate: string | null;
}

export const CONFIRMATION_TITLE = 'Confirmation d’inscription';

export function confirmationFileName(registrationNumber: string, version: number): string {
	return `confirmation-inscription-${registrationNumber}-version-${String(version).padStart(2, '0')}.pdf`;
}

/** A document taking longer than this is given up and the worker restarted: the job retries it later. */
export const RENDER_TIMEOUT_MS = 60_000;

interface Renderer {
	worker: Worker;
	pending: Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>;
	stopped: boolean;
}

let renderer: Promise<Renderer> | undefined;
let nextRequest = 0;

async function startRenderer(): Promise<Renderer> {
	// pdf-lib and fontkit are run-time dependencies (external to the bundle): loaded by absolute path.
	const require = createRequire(import.meta.url);
	const worker = new Worker(
		await workerUrl(() => import('./confirmation-pdf.worker.js?raw'), new URL('./confirmation-pdf.worker.js', import.meta.url)),
		{
			workerData: {
				role: 'confirmation-pdf',
				pdfLibPath: require.resolve('pdf-lib'),
				fontkitPath: require.resolve('@pdf-lib/fontkit'),
				fonts: fontPaths(),
				features: FONT_FEATURES
			}
		}
	);
	// Idle, it never keeps the process alive; drawing, it does (`npm run jobs` awaits its documents).
	worker.unref();
	const current: Renderer = { worker, pending: new Map(), stopped: false };
	const stop = (error: Error) => {
		if (!current.stopped) {
			current.stopped = true;
			renderer = undefined;
			void worker.terminate();
		}
		for (const pending of current.pending.values()) {
			clearTimeout(pending.timer);
			pending.reject(error);
		}
		current.pending.clear();
	};
	worker.on('message', (answer: { id: number; bytes?: Uint8Array; error?: string }) => {
		const pending = current.pending.get(answer.id);
		if (!pending) return;
		current.pending.delete(answer.id);
		clearTimeout(pending.timer);
		if (current.pending.size === 0) worker.unref();
		if (answer.bytes) pending.resolve(answer.bytes);
		else pending.reject(new Error(`The confirmation could not be drawn: ${answer.error}`));
	});
	worker.on('error', stop);
	worker.on('exit', (code) => stop(new Error(`The confirmation renderer stopped (exit code ${code}).`)));
	return current;
}

function currentRenderer(): Promise<Renderer> {
	renderer ??= startRenderer().catch((error: unknown) => {
		renderer = undefined;
		throw error;
	});
	return renderer;
}

/** The confirmation as a PDF, drawn in the worker thread. */
export async function renderConfirmationPdf(data: ConfirmationData): Promise<Uint8Array> {
	let current = await currentRenderer();
	// Stopped meanwhile (a document over time, a crash): the next one starts.
	if (current.stopped) current = await currentRenderer();
	const { worker, pending } = current;
	const id = nextRequest++;
	const texts = {
		versionLabel: versionLabel(data.version),
		issuedOn: formatParisDate(data.issuedAt),
		officePending: OFFICE_CONTACT_PENDING
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			pending.delete(id);
			reject(new Error(`The confirmation took more than ${RENDER_TIMEOUT_MS / 1000} s to draw.`));
			void worker.terminate();
		}, RENDER_TIMEOUT_MS);
		timer.unref();
		pending.set(id, { resolve, reject, timer });
		worker.ref();
		worker.postMessage({ id, data, texts, title: CONFIRMATION_TITLE, cut: fontCutFor({ data, texts, title: CONFIRMATION_TITLE }) });
	});
}
