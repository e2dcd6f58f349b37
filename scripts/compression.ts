// Compression of the dynamic responses (issue #17): pages, form answers and JSON go out in brotli or
// gzip, as the browser's Accept-Encoding allows, through @polka/compression. Static files already
// carry adapter-node's precompressed copies (`precompress: true`): a response whose Content-Encoding
// is set is passed through untouched, so nothing is compressed twice. Only the types below are
// compressed: a PDF, an image, a CSV export (streamed row by row, and a download that stalls if the
// browser leaves it) or an event stream go out as the handler writes them.
import type http from 'node:http';
import compression from '@polka/compression';

/** HTML, plain text, CSS, JavaScript, JSON (also `…+json`), XML and SVG; never text/csv or text/event-stream. */
export const COMPRESSIBLE =
	/^(?:text\/(?:html|plain|css|javascript|xml)|application\/(?:json|[\w.-]+\+json|javascript|xml)|image\/svg\+xml)\s*(?:;|$)/i;

/** Brotli and gzip at 5: most of the gain of the defaults for less CPU on every page. */
const LEVEL = 5;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** `handler`, with its compressible answers compressed; every answer says it varies with Accept-Encoding. */
export function withCompression(handler: Handler): Handler {
	const compress = compression({ brotli: true, gzip: true, level: LEVEL, mimes: COMPRESSIBLE });
	return (req, res) => {
		// Set before the handler: a cache must keep one copy per encoding, of pages as of static files.
		res.setHeader('Vary', 'Accept-Encoding');
		compress(req, res, () => handler(req, res));
	};
}
