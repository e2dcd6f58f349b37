// How every download of a candidate's file answers (SPEC D3, S2): typed by the server and never
// sniffed, kept by no cache, and sandboxed so that a file opened in the browser runs nothing of ours.
import { contentDisposition } from '../content-disposition';

const SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox";

export function answerPrivateFile(
	bytes: Uint8Array,
	file: { mediaType: string; fileName: string; disposition?: 'inline' | 'attachment' }
): Response {
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': file.mediaType,
			'Content-Length': String(bytes.byteLength),
			'Content-Disposition': contentDisposition(file.disposition ?? 'inline', file.fileName),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': SANDBOX
		}
	});
}
