// The content check of an uploaded file (SPEC R12, S3, S4), run in a worker thread that
// upload-check.ts starts with memory and time limits for every upload.
//
// Self-contained on purpose: upload-check.ts imports this file as text (Vite's `?raw`, inlined into
// the server bundle) and starts it from a `data:` URL, so the production build needs no file beside
// the bundle. It may import node built-ins only; pdf-lib arrives by absolute path in workerData.
// Plain JavaScript for the same reason: the text is run as it is, never compiled.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';

/** @typedef {'application/pdf' | 'image/jpeg' | 'image/png'} MediaType */
/** @typedef {{ ok: true, mediaType: MediaType, bytes: Uint8Array } | { ok: false, reason: string }} Verdict */
/** @typedef {{ maxImageSide: number, maxImagePixels: number, maxInflatedBytes: number }} Limits */

/** @param {string} reason @returns {Verdict} */
const refuse = (reason) => ({ ok: false, reason });

const SAVE_AGAIN =
	'Enregistrez-le de nouveau au format PDF (« Imprimer » puis « Enregistrer au format PDF »), puis déposez le nouveau fichier.';
const PDF_DAMAGED = 'Ce PDF est abîmé et ne peut pas être lu.';
const PDF_ACTIVE = `Ce PDF contient des éléments actifs (JavaScript, action automatique, fichier joint ou formulaire XFA) : il est refusé. ${SAVE_AGAIN}`;
const PNG_DAMAGED = 'Cette image PNG est abîmée.';
const PNG_INCOMPLETE = 'Cette image PNG est incomplète ou abîmée.';
const JPEG_DAMAGED = 'Cette photo JPEG est abîmée.';
const JPEG_INCOMPLETE = 'Cette photo JPEG est incomplète.';
/** @param {string} what */
const trailingData = (what) =>
	`${what} est suivie de données inconnues (peut-être un autre fichier caché) : elle est refusée. Enregistrez-la de nouveau puis déposez-la.`;

/**
 * Inflates zlib data chunk by chunk, counting what comes out and stopping past `limit`, so a bomb
 * costs a few chunks of memory. Keeps the output only when asked (object streams, read for names).
 * @param {Uint8Array} data
 * @param {number} limit
 * @param {{ keep?: boolean, lenient?: boolean }} options lenient: a cut stream counts what it gave
 * @returns {Promise<{ size: number, exceeded: boolean, ended: boolean, output: Buffer | null }>}
 */
function inflateCounting(data, limit, { keep = false, lenient = false } = {}) {
	return new Promise((resolve) => {
		const inflater = zlib.createInflate({ chunkSize: 64 * 1024, ...(lenient ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {}) });
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		/** @param {boolean} ended */
		const finish = (ended) => {
			inflater.removeAllListeners();
			inflater.on('error', () => {});
			inflater.destroy();
			resolve({ size, exceeded: size > limit, ended, output: keep ? Buffer.concat(chunks) : null });
		};
		inflater.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > limit) finish(false);
			else if (keep) chunks.push(chunk);
		});
		inflater.on('end', () => finish(true));
		inflater.on('error', () => finish(false));
		inflater.end(data);
	});
}

// ---------------------------------------------------------------------------------------------
// PDF

// Names that make a PDF act on its own or carry other files: scripts, actions run on events,
// launching programs, attachments, XFA forms, Flash/3D media. /OpenAction is judged after the parse
// (harmlessOpening): LaTeX and many other tools set one that only shows the first page.
const FORBIDDEN_PDF_NAMES = new Set(['JavaScript', 'JS', 'AA', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'XFA', 'RichMedia']);
const WS = '\\0\\t\\n\\f\\r ';
const NAME_CHARS = `[^${WS}()<>\\[\\]{}/%]`;
const PDF_NAME = new RegExp(`/(${NAME_CHARS}*)`, 'g');

/** PDF names may escape any character as #xx (`/J#61vaScript`): compare them decoded. @param {string} raw */
const decodePdfName = (raw) => raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));

/** @param {string} text @returns {string | null} */
function forbiddenNameIn(text) {
	for (const match of text.matchAll(PDF_NAME)) {
		const name = decodePdfName(match[1]);
		if (FORBIDDEN_PDF_NAMES.has(name)) return name;
	}
	return null;
}

/**
 * Where a stream's data ends, as pdf-lib finds it: at its direct /Length if `endstream` follows,
 * else at the `endstream` that closes it, counting `stream` keywords met on the way.
 * @param {string} text @param {string} dict @param {number} start @returns {number}
 */
function streamEnd(text, dict, start) {
	const length = new RegExp(`/Length[${WS}]+(\\d+)(?![${WS}]+\\d+[${WS}]+R)`).exec(dict);
	if (length && new RegExp(`^[${WS}]*endstream`).test(text.slice(start + Number(length[1]), start + Number(length[1]) + 64))) {
		return start + Number(length[1]);
	}
	const keyword = /(end)?stream/g;
	keyword.lastIndex = start;
	let depth = 1;
	for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
		depth += match[1] ? -1 : 1;
		if (depth === 0) return match.index;
	}
	return -1;
}

/**
 * Finds the streams without a full parse: a dictionary, whitespace or comments, the `stream`
 * keyword. Every such place counts as a stream, even inside another one's data: a stream hidden
 * there is still counted and checked. The object syntax is what lies outside the streams taken in
 * order; their data (images, fonts) is binary and is not searched for names, where `/JS` would
 * turn up by chance.
 * @param {string} text the file as latin1
 * @returns {{ syntax: string[], streams: { dict: string, data: [number, number] }[] } | null}
 */
function splitPdf(text) {
	const keyword = new RegExp(`>>(?:[${WS}]|%[^\\r\\n]*[\\r\\n])*stream(?: \\r\\n|\\r\\n|\\r|\\n)?`, 'g');
	/** @type {string[]} */
	const syntax = [];
	/** @type {{ dict: string, data: [number, number] }[]} */
	const streams = [];
	let cursor = 0;
	for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
		const dictEnd = match.index + 2;
		const dictStart = Math.max(text.lastIndexOf('obj', dictEnd), dictEnd - 64 * 1024, 0);
		const dict = decodePdfName(text.slice(dictStart, dictEnd));
		const start = match.index + match[0].length;
		const end = streamEnd(text, dict, start);
		if (end === -1) return null;
		streams.push({ dict, data: [start, end] });
		if (match.index >= cursor) {
			syntax.push(text.slice(cursor, start));
			cursor = end;
		}
		keyword.lastIndex = start;
	}
	syntax.push(text.slice(cursor));
	return { syntax, streams };
}

/** The values given to `key` in a stream dictionary (names already decoded): names, arrays or references. @param {string} dict @param {string} key */
function valuesOf(dict, key) {
	const value = new RegExp(`/${key}[${WS}]*(\\[[^\\]]*\\]|/${NAME_CHARS}*|\\d+[${WS}]+\\d+[${WS}]+R)`, 'g');
	return [...dict.matchAll(value)].map((match) => match[1]);
}

/**
 * Before pdf-lib parses anything: no forbidden name in the object syntax or inside object streams,
 * and the Flate streams together inflate to at most `maxInflatedBytes`.
 * @param {Uint8Array} bytes @param {Limits} limits @returns {Promise<Verdict | null>}
 */
async function scanPdf(bytes, limits) {
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	const parts = splitPdf(text);
	if (!parts) return refuse(PDF_DAMAGED);
	if (parts.syntax.some((segment) => forbiddenNameIn(segment) !== null)) return refuse(PDF_ACTIVE);
	let budget = limits.maxInflatedBytes;
	for (const { dict, data } of parts.streams) {
		const types = valuesOf(dict, 'Type');
		const filters = valuesOf(dict, 'Filter');
		const names = filters.length === 0 ? [] : [...filters[0].matchAll(PDF_NAME)].map((name) => name[1]);
		const flate = names[0] === 'FlateDecode' || names[0] === 'Fl';
		// pdf-lib decodes object and cross-reference streams while parsing: it may decode only what
		// is counted here, so nothing but one direct FlateDecode (a /Type by reference counts too).
		const objectStream = types.some((type) => type === '/ObjStm' || !type.startsWith('/'));
		const decodedByParser = objectStream || types.includes('/XRef');
		if (decodedByParser && (filters.length > 1 || (filters.length === 1 && !(flate && names.length === 1)))) {
			return refuse(`Ce PDF utilise une compression que ce service ne lit pas. ${SAVE_AGAIN}`);
		}
		const raw = bytes.subarray(data[0], data[1]);
		/** @type {Buffer | null} */
		let content = objectStream && filters.length === 0 ? Buffer.from(raw) : null;
		if (flate) {
			const inflated = await inflateCounting(raw, budget, { keep: objectStream, lenient: true });
			if (inflated.exceeded) {
				return refuse(
					`Ce PDF est refusé : une fois décompressé, il dépasserait ${limits.maxInflatedBytes / (1024 * 1024)} Mo. ${SAVE_AGAIN}`
				);
			}
			budget -= inflated.size;
			content = inflated.output;
		}
		// Objects kept in object streams are object syntax too (pdf-lib writes the catalogue there).
		if (content && forbiddenNameIn(content.toString('latin1')) !== null) return refuse(PDF_ACTIVE);
	}
	return null;
}

/**
 * The action run on opening, if any, only shows a page of this document: a destination, or GoTo
 * actions (and what they chain to with /Next). Not a web address, a print, another file, a form.
 * @param {import('pdf-lib').PDFDocument} pdf @param {typeof import('pdf-lib')} pdfLib
 */
function harmlessOpening(pdf, pdfLib) {
	const { PDFArray, PDFDict, PDFName } = pdfLib;
	/** @type {unknown[]} */
	const pending = [pdf.catalog.lookup(PDFName.of('OpenAction'))];
	for (let count = 0; pending.length > 0; count++) {
		const action = pending.pop();
		if (action === undefined || action instanceof PDFArray) continue;
		if (!(action instanceof PDFDict) || count > 16 || action.lookup(PDFName.of('S')) !== PDFName.of('GoTo')) return false;
		const next = action.lookup(PDFName.of('Next'));
		if (!(next instanceof PDFArray)) pending.push(next);
		else for (const item of next.asArray()) pending.push(pdf.context.lookup(item));
	}
	return true;
}

/**
 * After the parse, the same names looked for in every object pdf-lib read: a second opinion that
 * does not depend on where the scan above thought streams begin and end.
 * @param {import('pdf-lib').PDFDocument} pdf @param {typeof import('pdf-lib')} pdfLib
 */
function hasForbiddenObject(pdf, pdfLib) {
	if (!harmlessOpening(pdf, pdfLib)) return true;
	const { PDFArray, PDFDict, PDFName, PDFStream } = pdfLib;
	/** @type {unknown[]} */
	const pending = pdf.context.enumerateIndirectObjects().map(([, object]) => object);
	/** @type {Set<unknown>} */
	const seen = new Set();
	while (pending.length > 0) {
		const object = pending.pop();
		if (object instanceof PDFName) {
			if (seen.has(object)) continue;
			seen.add(object);
			if (FORBIDDEN_PDF_NAMES.has(decodePdfName(object.decodeText()))) return true;
		} else if (object instanceof PDFDict) {
			for (const [key, value] of object.entries()) pending.push(key, value);
		} else if (object instanceof PDFArray) {
			for (const value of object.asArray()) pending.push(value);
		} else if (object instanceof PDFStream) {
			pending.push(object.dict);
		}
	}
	return false;
}

/** @param {Uint8Array} bytes @param {Limits} limits @returns {Promise<Verdict>} */
async function checkPdf(bytes, limits) {
	const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
		.subarray(Math.max(0, bytes.length - 1024))
		.toString('latin1');
	if (!tail.includes('%%EOF')) return refuse('Ce PDF est incomplet : le fichier a peut-être été coupé pendant l’envoi.');
	const scanned = await scanPdf(bytes, limits);
	if (scanned) return scanned;
	/** @type {typeof import('pdf-lib')} */
	const pdfLib = createRequire(workerData.pdfLibPath)(workerData.pdfLibPath);
	/** @type {import('pdf-lib').PDFDocument} */
	let pdf;
	try {
		// No pauses between objects (the default yields to the event loop): this thread has nothing else to do.
		pdf = await pdfLib.PDFDocument.load(bytes, {
			updateMetadata: false,
			throwOnInvalidObject: true,
			parseSpeed: pdfLib.ParseSpeeds.Fastest
		});
		if (pdf.getPageCount() < 1) return refuse('Ce PDF ne contient aucune page.');
	} catch (error) {
		if (/encrypted/i.test(String(error))) return refuse('Ce PDF est protégé par un mot de passe : déposez une version sans protection.');
		return refuse(PDF_DAMAGED);
	}
	if (hasForbiddenObject(pdf, pdfLib)) return refuse(PDF_ACTIVE);
	return { ok: true, mediaType: 'application/pdf', bytes };
}

// ---------------------------------------------------------------------------------------------
// Images

/** @param {number} width @param {number} height @param {Limits} limits @returns {string | null} */
function imageSizeProblem(width, height, limits) {
	if (width < 1 || height < 1) return 'Cette image est illisible.';
	if (width > limits.maxImageSide || height > limits.maxImageSide || width * height > limits.maxImagePixels) {
		return `Cette image est trop grande (${width} × ${height} pixels) : au plus ${limits.maxImageSide} pixels de côté et ${limits.maxImagePixels / 1_000_000} millions de pixels.`;
	}
	return null;
}

/** @param {Uint8Array} bytes @param {number} start @param {number} end */
const latin1 = (bytes, start, end) => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

// Channels per colour type, and the bit depths the PNG specification allows for it.
/** @type {Record<number, { channels: number, depths: number[] }>} */
const PNG_COLOUR_TYPES = {
	0: { channels: 1, depths: [1, 2, 4, 8, 16] },
	2: { channels: 3, depths: [8, 16] },
	3: { channels: 1, depths: [1, 2, 4, 8] },
	4: { channels: 2, depths: [8, 16] },
	6: { channels: 4, depths: [8, 16] }
};
// Adam7 passes: first column, first row, column step, row step.
const ADAM7 = [
	[0, 0, 8, 8],
	[4, 0, 8, 8],
	[0, 4, 4, 8],
	[2, 0, 4, 4],
	[0, 2, 2, 4],
	[1, 0, 2, 2],
	[0, 1, 1, 2]
];
// What is kept of a PNG: the image and how to show its colours. Text, eXIf (camera data, GPS),
// dates and private chunks are left out of the stored file.
const PNG_KEPT_CHUNKS = new Set([
	'IHDR',
	'PLTE',
	'IDAT',
	'IEND',
	'tRNS',
	'gAMA',
	'cHRM',
	'sRGB',
	'iCCP',
	'sBIT',
	'pHYs',
	'bKGD',
	'cICP',
	'mDCv',
	'cLLi'
]);

/** The size of the filtered scanlines once inflated. @param {number} width @param {number} height @param {number} bitsPerPixel @param {boolean} interlaced */
function pngDataSize(width, height, bitsPerPixel, interlaced) {
	const passes = interlaced ? ADAM7 : [[0, 0, 1, 1]];
	let size = 0;
	for (const [x0, y0, dx, dy] of passes) {
		const columns = width > x0 ? Math.ceil((width - x0) / dx) : 0;
		const rows = height > y0 ? Math.ceil((height - y0) / dy) : 0;
		if (columns > 0 && rows > 0) size += rows * (1 + Math.ceil((columns * bitsPerPixel) / 8));
	}
	return size;
}

/**
 * Every chunk's CRC, IHDR first, one run of IDAT that inflates to exactly the pixels the header
 * announces, IEND last and nothing after it.
 * @param {Uint8Array} bytes @param {Limits} limits @returns {Promise<Verdict>}
 */
async function checkPng(bytes, limits) {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	/** @type {Uint8Array[]} */
	const kept = [bytes.subarray(0, 8)];
	/** @type {Uint8Array[]} */
	const data = [];
	/** @type {{ width: number, height: number, bitsPerPixel: number, interlaced: boolean, palette: boolean } | null} */
	let header = null;
	let sawPalette = false;
	let dataEnded = false;
	let offset = 8;
	while (offset + 12 <= bytes.length) {
		const length = view.getUint32(offset);
		const type = latin1(bytes, offset + 4, offset + 8);
		const end = offset + 12 + length;
		if (end > bytes.length) return refuse(PNG_INCOMPLETE);
		if (zlib.crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) return refuse(PNG_DAMAGED);
		if (!header) {
			if (type !== 'IHDR' || length !== 13) return refuse(PNG_DAMAGED);
			const width = view.getUint32(offset + 8);
			const height = view.getUint32(offset + 12);
			const problem = imageSizeProblem(width, height, limits);
			if (problem) return refuse(problem);
			const [depth, colourType, compression, filter, interlace] = bytes.subarray(offset + 16, offset + 21);
			const colour = PNG_COLOUR_TYPES[colourType];
			if (!colour || !colour.depths.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) return refuse(PNG_DAMAGED);
			header = { width, height, bitsPerPixel: colour.channels * depth, interlaced: interlace === 1, palette: colourType === 3 };
		} else if (type === 'IHDR') {
			return refuse(PNG_DAMAGED);
		}
		if (type === 'PLTE') sawPalette = true;
		if (type === 'IDAT') {
			if (dataEnded || (header.palette && !sawPalette)) return refuse(PNG_DAMAGED);
			data.push(bytes.subarray(offset + 8, offset + 8 + length));
		} else if (data.length > 0) {
			dataEnded = true;
		}
		// An unknown critical chunk (capital first letter) means a decoder cannot show the image.
		if (!PNG_KEPT_CHUNKS.has(type) && type.charCodeAt(0) < 0x61) return refuse(PNG_DAMAGED);
		if (PNG_KEPT_CHUNKS.has(type)) kept.push(bytes.subarray(offset, end));
		if (type === 'IEND') {
			if (length !== 0 || data.length === 0) return refuse(PNG_DAMAGED);
			if (end !== bytes.length) return refuse(trailingData('Cette image PNG'));
			const expected = pngDataSize(header.width, header.height, header.bitsPerPixel, header.interlaced);
			const inflated = await inflateCounting(Buffer.concat(data), expected);
			if (!inflated.ended || inflated.size !== expected) return refuse(PNG_INCOMPLETE);
			return { ok: true, mediaType: 'image/png', bytes: Buffer.concat(kept) };
		}
		offset = end;
	}
	return refuse(PNG_INCOMPLETE);
}

const EXIF_HEADER = 'Exif\0\0';

/** The Orientation tag (0x0112) of IFD0 in an APP1 Exif payload, if there is a valid one. @param {Uint8Array} payload */
function exifOrientation(payload) {
	if (payload.length < 14 || latin1(payload, 0, 6) !== EXIF_HEADER) return null;
	const tiff = payload.subarray(6);
	const little = tiff[0] === 0x49 && tiff[1] === 0x49;
	if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
	const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
	if (view.getUint16(2, little) !== 42) return null;
	const ifd = view.getUint32(4, little);
	if (ifd + 2 > tiff.length) return null;
	const count = view.getUint16(ifd, little);
	for (let index = 0; index < count; index++) {
		const entry = ifd + 2 + index * 12;
		if (entry + 12 > tiff.length) return null;
		if (view.getUint16(entry, little) === 0x0112 && view.getUint16(entry + 2, little) === 3) {
			const orientation = view.getUint16(entry + 8, little);
			return orientation >= 1 && orientation <= 8 ? orientation : null;
		}
	}
	return null;
}

/** An APP1 Exif segment with the orientation only: the photo still shows upright, and says nothing else. @param {number} orientation */
function orientationSegment(orientation) {
	const exif = [...EXIF_HEADER].map((char) => char.charCodeAt(0));
	// Big-endian TIFF header, IFD0 at 8 with one SHORT entry, no next IFD.
	const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
	const length = 2 + exif.length + tiff.length;
	return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...exif, ...tiff]);
}

/** @param {number} marker */
const isFrameHeader = (marker) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
// What is kept of a JPEG's application segments: JFIF (APP0), the colour profile (APP2
// ICC_PROFILE) and Adobe's colour transform (APP14). Exif and XMP (APP1: camera, date, GPS),
// IPTC (APP13), the others and comments are left out; the orientation is written back alone.
/** @param {number} marker @param {Uint8Array} payload */
const keepsJpegSegment = (marker, payload) =>
	!((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) ||
	marker === 0xe0 ||
	marker === 0xee ||
	(marker === 0xe2 && latin1(payload, 0, Math.min(12, payload.length)) === 'ICC_PROFILE\0');

/**
 * Segment by segment up to the end marker (EOI), through the compressed data of every scan: a
 * frame header (SOFn) with the size first, nothing after EOI but zero padding or the extra images
 * of a multi-picture file (MPF, phone cameras), which are left out of the stored file.
 * @param {Uint8Array} bytes @param {Limits} limits @returns {Verdict}
 */
function checkJpeg(bytes, limits) {
	/** @type {Uint8Array[]} */
	const kept = [bytes.subarray(0, 2)];
	let sawFrame = false;
	let sawScan = false;
	let multiPicture = false;
	let offset = 2;
	for (;;) {
		if (offset + 2 > bytes.length) return refuse(JPEG_INCOMPLETE);
		if (bytes[offset] !== 0xff) return refuse(JPEG_DAMAGED);
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++; // fill byte
			continue;
		}
		if (marker === 0xd9) break;
		if (marker === 0xd8 || marker === 0x00) return refuse(JPEG_DAMAGED);
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			kept.push(bytes.subarray(offset, offset + 2));
			offset += 2;
			continue;
		}
		if (offset + 4 > bytes.length) return refuse(JPEG_INCOMPLETE);
		const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
		const end = offset + 2 + length;
		if (length < 2 || end > bytes.length) return refuse(JPEG_INCOMPLETE);
		const payload = bytes.subarray(offset + 4, end);
		if (isFrameHeader(marker)) {
			if (length < 8) return refuse(JPEG_DAMAGED);
			const problem = imageSizeProblem((payload[3] << 8) | payload[4], (payload[1] << 8) | payload[2], limits);
			if (problem) return refuse(problem);
			sawFrame = true;
		}
		if (marker === 0xe2 && latin1(payload, 0, Math.min(4, payload.length)) === 'MPF\0') multiPicture = true;
		if (keepsJpegSegment(marker, payload)) kept.push(bytes.subarray(offset, end));
		else if (marker === 0xe1) {
			const orientation = exifOrientation(payload);
			if (orientation && orientation !== 1) kept.push(orientationSegment(orientation));
		}
		offset = end;
		if (marker === 0xda) {
			if (!sawFrame) return refuse(JPEG_DAMAGED);
			sawScan = true;
			// Compressed data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
			let scan = offset;
			for (;;) {
				const candidate = bytes.indexOf(0xff, scan);
				if (candidate === -1 || candidate + 1 >= bytes.length) return refuse(JPEG_INCOMPLETE);
				const next = bytes[candidate + 1];
				if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
					scan = candidate + (next === 0xff ? 1 : 2);
					continue;
				}
				kept.push(bytes.subarray(offset, candidate));
				offset = candidate;
				break;
			}
		}
	}
	if (!sawScan) return refuse(JPEG_DAMAGED);
	const trailing = bytes.subarray(offset + 2);
	const padding = trailing.every((byte) => byte === 0);
	const extraImages = multiPicture && trailing[0] === 0xff && trailing[1] === 0xd8 && trailing[2] === 0xff;
	if (!padding && !extraImages) return refuse(trailingData('Cette photo JPEG'));
	kept.push(bytes.subarray(offset, offset + 2));
	return { ok: true, mediaType: 'image/jpeg', bytes: Buffer.concat(kept) };
}

// ---------------------------------------------------------------------------------------------

/** @param {MediaType} mediaType @param {Uint8Array} bytes @param {Limits} limits @returns {Promise<Verdict>} */
async function checkContent(mediaType, bytes, limits) {
	if (mediaType === 'application/pdf') return checkPdf(bytes, limits);
	if (mediaType === 'image/png') return checkPng(bytes, limits);
	return checkJpeg(bytes, limits);
}

if (parentPort && workerData?.role === 'upload-check') {
	const port = parentPort;
	// An unexpected error is left uncaught: the parent receives it as the worker's 'error'.
	const verdict = await checkContent(workerData.mediaType, workerData.bytes, workerData.limits);
	port.postMessage(verdict);
}
