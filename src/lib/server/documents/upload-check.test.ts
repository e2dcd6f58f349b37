import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkUpload, MAX_UPLOAD_BYTES } from './upload-check';
import { pngImage } from './fixtures/images';

const PHOTO = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'photo.jpg')));

/** A real PNG, or one that only claims a size in its header. */
function png(width: number, height: number, rows = height): Uint8Array {
	return new Uint8Array(pngImage(width, height, rows));
}

async function pdf(): Promise<Uint8Array> {
	const document = await PDFDocument.create();
	document.addPage().drawText('Pièce d’identité');
	return document.save();
}

const text = (content: string) => new TextEncoder().encode(content);

describe('R12: what a supporting document may be, by its content', () => {
	it('accepts a PDF, a JPEG photo and a PNG image', async () => {
		expect(await checkUpload(await pdf())).toEqual({ ok: true, mediaType: 'application/pdf' });
		expect(await checkUpload(PHOTO)).toEqual({ ok: true, mediaType: 'image/jpeg' });
		expect(await checkUpload(png(40, 30))).toEqual({ ok: true, mediaType: 'image/png' });
	});

	it('judges a PNG renamed .pdf as the PNG it is: the name is never read', async () => {
		expect(await checkUpload(png(10, 10))).toEqual({ ok: true, mediaType: 'image/png' });
	});

	it.each([
		['an empty file', () => new Uint8Array(0), 'Le fichier est vide.'],
		['HTML renamed .pdf', () => text('<!doctype html><html><script>alert(1)</script></html>'), 'Ce fichier n’est pas accepté'],
		['an SVG image', () => text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'Ce fichier n’est pas accepté'],
		['a ZIP archive', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0]), 'Une archive (ZIP, document Word…) n’est pas acceptée.'],
		['a text file that starts like a PDF', () => text('%PDF-1.7\nnot really\n%%EOF'), 'Ce PDF est abîmé'],
		['a 20,000 × 20,000 PNG', () => png(20_000, 20_000, 1), 'Cette image est trop grande (20000 × 20000 pixels)'],
		['a PNG with a damaged chunk', () => {
			const bytes = png(40, 30);
			bytes[40] ^= 0xff;
			return bytes;
		}, 'Cette image PNG est abîmée.'],
		['a truncated JPEG', () => PHOTO.subarray(0, PHOTO.length - 200), 'Cette photo JPEG est incomplète.']
	])('refuses %s with a French reason', async (_name, make, reason) => {
		const verdict = await checkUpload(make());
		expect(verdict.ok).toBe(false);
		expect((verdict as { reason: string }).reason).toContain(reason);
	});

	it('refuses a truncated PDF and a file over 5 MB', async () => {
		const whole = await pdf();
		const truncated = await checkUpload(whole.subarray(0, Math.floor(whole.length / 2)));
		expect(truncated).toEqual({ ok: false, reason: 'Ce PDF est incomplet : le fichier a peut-être été coupé pendant l’envoi.' });
		const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
		big.set(whole);
		expect(await checkUpload(big)).toMatchObject({ ok: false, reason: expect.stringContaining('dépasse 5 Mo') });
	});
});
