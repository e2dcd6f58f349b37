// What every PDF of the product shares (the confirmation, the reminder, the login slips): the A4
// page, DejaVu Sans embedded so that every French name prints, and word wrapping.
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { findProjectPath } from '../paths';

export const A4 = { width: 595.28, height: 841.89 };

let fontFiles: { regular: Uint8Array; bold: Uint8Array } | undefined;

/** Which of the two fonts a document's PDFFont is: widths are the same in every document. */
const fontKinds = new WeakMap<PDFFont, 'regular' | 'bold'>();
/**
 * Widths already measured (fontkit shapes the whole text for each): wrapping measures every line
 * prefix, and most of a confirmation's text is the same from one to the next. Bounded.
 */
const widths = new Map<string, number>();
const MAX_KEPT_WIDTHS = 20_000;

function widthOf(font: PDFFont, text: string, size: number): number {
	const kind = fontKinds.get(font);
	if (!kind) return font.widthOfTextAtSize(text, size);
	const key = `${kind}\u0000${size}\u0000${text}`;
	let width = widths.get(key);
	if (width === undefined) {
		if (widths.size >= MAX_KEPT_WIDTHS) widths.clear();
		widths.set(key, (width = font.widthOfTextAtSize(text, size)));
	}
	return width;
}

/** A new document with the regular and bold fonts embedded (subset: only the glyphs used). */
export async function newPdf(): Promise<{ pdf: PDFDocument; regular: PDFFont; bold: PDFFont }> {
	fontFiles ??= {
		regular: fs.readFileSync(findProjectPath('assets/fonts/DejaVuSans.ttf')),
		bold: fs.readFileSync(findProjectPath('assets/fonts/DejaVuSans-Bold.ttf'))
	};
	const pdf = await PDFDocument.create();
	pdf.registerFontkit(fontkit);
	const regular = await pdf.embedFont(fontFiles.regular, { subset: true });
	const bold = await pdf.embedFont(fontFiles.bold, { subset: true });
	fontKinds.set(regular, 'regular');
	fontKinds.set(bold, 'bold');
	return { pdf, regular, bold };
}

/** The lines of a text that fit a width; a word longer than the width stands on its own line. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		const attempt = line ? `${line} ${word}` : word;
		if (widthOf(font, attempt, size) <= width || !line) line = attempt;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	return lines;
}
