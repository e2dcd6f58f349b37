// What every PDF of the product shares (the confirmation, the reminder, the login slips): the A4
// page, DejaVu Sans embedded so that every French name prints, and word wrapping.
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { findProjectPath } from '../paths';

export const A4 = { width: 595.28, height: 841.89 };

let fontFiles: { regular: Uint8Array; bold: Uint8Array } | undefined;

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
	return { pdf, regular, bold };
}

/** The lines of a text that fit a width; a word longer than the width stands on its own line. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		const attempt = line ? `${line} ${word}` : word;
		if (font.widthOfTextAtSize(attempt, size) <= width || !line) line = attempt;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	return lines;
}
