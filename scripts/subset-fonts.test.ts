// Issue #17: the PDFs are drawn with Latin cuts of DejaVu Sans when they can print the whole
// document, and with the full fonts otherwise.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { FONT_FEATURES, fontCutFor } from '../src/lib/server/documents/pdf';
import { FONTS_DIR, LATIN_FONTS, latinCut } from './subset-fonts';

/** The modules that draw PDFs, whose own texts are printed with the cuts. */
const PDF_MODULES = ['pdf.ts', 'reminder.ts', 'login-slips-pdf.ts', 'confirmation-pdf.worker.js'];
const sourceOf = (file: string) => fs.readFileSync(path.resolve(FONTS_DIR, '../../src/lib/server/documents', file), 'utf8');

describe('#17: the Latin cuts of the PDF fonts', () => {
	it('#17: the cuts in assets/fonts are what `npm run fonts` makes from the full fonts', async () => {
		for (const { full, latin } of LATIN_FONTS) {
			const made = await latinCut(fs.readFileSync(path.join(FONTS_DIR, full)));
			const committed = fs.readFileSync(path.join(FONTS_DIR, latin));
			expect(committed.equals(made), `${latin} differs from its range: run npm run fonts`).toBe(true);
		}
	});

	it('#17: a Latin cut shapes a text into the same glyphs, of the same widths, as its full font', () => {
		// Ligatures (« fi », « ffi »), accents, decomposed accents, French punctuation, and the product's own texts.
		const text = ['Officiel, affiché, fleur, efficace : Œuvre « Zoé » – Ștefan Łukasz Rene\u0301e…', ...PDF_MODULES.map(sourceOf)].join(
			'\n'
		);
		for (const { full, latin } of LATIN_FONTS) {
			const shaped = (file: string) => {
				const { glyphs } = fontkit.create(fs.readFileSync(path.join(FONTS_DIR, file))).layout(text, FONT_FEATURES);
				return glyphs.map((glyph) => `${glyph.codePoints.join('+')}:${glyph.advanceWidth}`);
			};
			const [fromFull, fromLatin] = [shaped(full), shaped(latin)];
			// The sample does go through a substitution (a ligature), so the comparison covers them.
			expect(fromFull.some((glyph) => glyph.startsWith('102+105:'))).toBe(true);
			expect(fromLatin).toEqual(fromFull);
		}
	});

	it('#17: every text the PDF modules write themselves prints with the Latin cuts', () => {
		for (const file of PDF_MODULES) expect(fontCutFor(sourceOf(file)), file).toBe('latin');
	});

	it('#17: French and other Latin-script names keep the Latin cuts; any other script takes the full fonts', () => {
		for (const name of ['Lœuvre-Éçàèê', 'Zoé « Anaïs »', 'Łukasz Wałęsa', 'Şükrü Öztürk', 'Ștefan Țurcanu', 'Rene\u0301e']) {
			expect(fontCutFor({ identity: [['Nom', name]] }), name).toBe('latin');
		}
		for (const name of ['Ольга Петрова', 'Nguyễn Thị Ánh', 'Σοφία', 'Zoé → Anaïs']) {
			expect(fontCutFor({ identity: [['Nom', name]] }), name).toBe('full');
		}
	});
});
