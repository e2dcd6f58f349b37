// What every PDF of the product shares (the confirmation, the reminder, the login slips): the A4
// page, DejaVu Sans embedded so that every French name prints, and word wrapping.
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { findProjectPath } from '../paths';
import { keptAnswers } from '../../domain/kept-answers';

export const A4 = { width: 595.28, height: 841.89 };

/** The full DejaVu Sans and its Latin cuts (`scripts/subset-fonts.ts`), regular and bold. */
export type FontCut = 'latin' | 'full';
export type FontPaths = Record<FontCut, { regular: string; bold: string }>;

export function fontPaths(): FontPaths {
	const find = (file: string) => findProjectPath(`assets/fonts/${file}`);
	return {
		latin: { regular: find('DejaVuSans-Latin.ttf'), bold: find('DejaVuSans-Bold-Latin.ttf') },
		full: { regular: find('DejaVuSans.ttf'), bold: find('DejaVuSans-Bold.ttf') }
	};
}

/**
 * Kerning off: pdf-lib places glyphs by their advance widths and never uses the positions fontkit
 * computes, so the page is the same, and shaping a line takes half the time.
 */
export const FONT_FEATURES = { kern: false };

let fontFiles: Record<FontCut, { regular: Uint8Array; bold: Uint8Array }> | undefined;
/** The characters both Latin cuts have a glyph for, read from their character maps once. */
let latinCharacters: Set<number> | undefined;

function loadFonts() {
	if (!fontFiles) {
		const paths = fontPaths();
		const read = (cut: FontCut) => ({ regular: fs.readFileSync(paths[cut].regular), bold: fs.readFileSync(paths[cut].bold) });
		fontFiles = { latin: read('latin'), full: read('full') };
		// Parsed only to read the character maps: never embedded (fontkit's state would leak between documents).
		const [regular, bold] = [fontkit.create(fontFiles.latin.regular), fontkit.create(fontFiles.latin.bold)];
		const inBold = new Set(bold.characterSet);
		latinCharacters = new Set(regular.characterSet.filter((code) => inBold.has(code)));
	}
	return { files: fontFiles, latin: latinCharacters! };
}

/**
 * Which cut draws a document: the Latin one when every character of its content (all that it
 * prints besides the product's own French texts) is in it, else the full fonts, so that a name in
 * any script prints. The product's own texts are checked by a unit test.
 */
export function fontCutFor(content: unknown): FontCut {
	const { latin } = loadFonts();
	for (const character of JSON.stringify(content)) if (!latin.has(character.codePointAt(0)!)) return 'full';
	return 'latin';
}

/** Which of the two fonts a document's PDFFont is: widths are the same in every document. */
const fontKinds = new WeakMap<PDFFont, 'regular' | 'bold'>();
/**
 * Widths already measured (fontkit shapes the whole text for each): wrapping measures every line
 * prefix, and most of a confirmation's text is the same from one to the next. Bounded.
 */
const widths = keptAnswers<number>(20_000);

function widthOf(font: PDFFont, text: string, size: number): number {
	const kind = fontKinds.get(font);
	if (!kind) return font.widthOfTextAtSize(text, size);
	return widths(`${kind}\u0000${size}\u0000${text}`, () => font.widthOfTextAtSize(text, size));
}

/**
 * A new document with the regular and bold fonts embedded (subset: only the glyphs used), from the
 * cut that prints every character of `content` (see fontCutFor).
 */
export async function newPdf(content: unknown): Promise<{ pdf: PDFDocument; regular: PDFFont; bold: PDFFont }> {
	const cut = fontCutFor(content);
	const files = loadFonts().files[cut];
	const pdf = await PDFDocument.create();
	pdf.registerFontkit(fontkit);
	const regular = await pdf.embedFont(files.regular, { subset: true, features: FONT_FEATURES });
	const bold = await pdf.embedFont(files.bold, { subset: true, features: FONT_FEATURES });
	// One width cache for both cuts: a text the Latin cut can print has the same glyphs in the full font.
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
