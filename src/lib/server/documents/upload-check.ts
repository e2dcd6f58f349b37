// What a supporting document may be (SPEC R12): PDF, JPEG or PNG up to 5 MB, recognised by its
// content (magic bytes, then the file really parses as that type), never by its name or the type
// the browser declares. Images are capped in pixels: a small file can decode to gigabytes.
import { PDFDocument } from 'pdf-lib';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 10_000;
export const MAX_IMAGE_PIXELS = 40_000_000;

export type AcceptedMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export type UploadVerdict = { ok: true; mediaType: AcceptedMediaType } | { ok: false; reason: string };

const NOT_ACCEPTED = 'Ce fichier n’est pas accepté : déposez un PDF, une photo JPEG ou une image PNG.';

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
	return signature.every((byte, index) => bytes[index] === byte);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array, start: number, end: number): number {
	let crc = 0xffffffff;
	for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function imageSizeProblem(width: number, height: number): string | null {
	if (width < 1 || height < 1) return 'Cette image est illisible.';
	if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
		return `Cette image est trop grande (${width} × ${height} pixels) : au plus ${MAX_IMAGE_SIDE} pixels de côté et ${MAX_IMAGE_PIXELS / 1_000_000} millions de pixels.`;
	}
	return null;
}

/** Every chunk's CRC, IHDR first, at least one IDAT, IEND last. */
function checkPng(bytes: Uint8Array): UploadVerdict {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let offset = 8;
	let first = true;
	let sawData = false;
	while (offset + 12 <= bytes.length) {
		const length = view.getUint32(offset);
		const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
		const end = offset + 12 + length;
		if (end > bytes.length) return { ok: false, reason: 'Cette image PNG est incomplète ou abîmée.' };
		if (crc32(bytes, offset + 4, offset + 8 + length) !== view.getUint32(offset + 8 + length)) {
			return { ok: false, reason: 'Cette image PNG est abîmée.' };
		}
		if (first) {
			if (type !== 'IHDR' || length !== 13) return { ok: false, reason: 'Cette image PNG est abîmée.' };
			const problem = imageSizeProblem(view.getUint32(offset + 8), view.getUint32(offset + 12));
			if (problem) return { ok: false, reason: problem };
			first = false;
		}
		if (type === 'IDAT') sawData = true;
		if (type === 'IEND') return sawData ? { ok: true, mediaType: 'image/png' } : { ok: false, reason: 'Cette image PNG est abîmée.' };
		offset = end;
	}
	return { ok: false, reason: 'Cette image PNG est incomplète ou abîmée.' };
}

/** Markers up to the image data: a frame header (SOFn) with the size, then an end (EOI). */
function checkJpeg(bytes: Uint8Array): UploadVerdict {
	let offset = 2;
	let size: { width: number; height: number } | null = null;
	while (offset + 4 <= bytes.length) {
		if (bytes[offset] !== 0xff) return { ok: false, reason: 'Cette photo JPEG est abîmée.' };
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++;
			continue;
		}
		const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
		if (length < 2 || offset + 2 + length > bytes.length) return { ok: false, reason: 'Cette photo JPEG est incomplète ou abîmée.' };
		const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (isFrame) {
			size = { height: (bytes[offset + 5] << 8) | bytes[offset + 6], width: (bytes[offset + 7] << 8) | bytes[offset + 8] };
		}
		if (marker === 0xda) break; // start of scan: the compressed data follows
		offset += 2 + length;
	}
	if (!size) return { ok: false, reason: 'Cette photo JPEG est abîmée.' };
	const problem = imageSizeProblem(size.width, size.height);
	if (problem) return { ok: false, reason: problem };
	let end = bytes.length;
	while (end > 0 && bytes[end - 1] === 0x00) end--; // some cameras pad the file
	if (bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) return { ok: false, reason: 'Cette photo JPEG est incomplète.' };
	return { ok: true, mediaType: 'image/jpeg' };
}

async function checkPdf(bytes: Uint8Array): Promise<UploadVerdict> {
	const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
	if (!tail.includes('%%EOF')) return { ok: false, reason: 'Ce PDF est incomplet : le fichier a peut-être été coupé pendant l’envoi.' };
	try {
		const pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
		if (pdf.getPageCount() < 1) return { ok: false, reason: 'Ce PDF ne contient aucune page.' };
	} catch (error) {
		if (/encrypted/i.test(String(error))) return { ok: false, reason: 'Ce PDF est protégé par un mot de passe : déposez une version sans protection.' };
		return { ok: false, reason: 'Ce PDF est abîmé et ne peut pas être lu.' };
	}
	return { ok: true, mediaType: 'application/pdf' };
}

export async function checkUpload(bytes: Uint8Array): Promise<UploadVerdict> {
	if (bytes.length === 0) return { ok: false, reason: 'Le fichier est vide.' };
	if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, reason: 'Le fichier dépasse 5 Mo : réduisez-le (par exemple en photographiant en qualité moyenne) puis déposez-le de nouveau.' };
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return checkPdf(bytes);
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return checkPng(bytes);
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return checkJpeg(bytes);
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { ok: false, reason: `${NOT_ACCEPTED} Une archive (ZIP, document Word…) n’est pas acceptée.` };
	return { ok: false, reason: NOT_ACCEPTED };
}
