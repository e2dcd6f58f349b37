// The Latin cuts of DejaVu Sans that the PDFs embed when every character of a document is in them
// (issue #17). Parsing and shaping with the full fonts (6,000 glyphs, 760 kB) was most of a
// confirmation's 104 ms; with these (55–60 kB, without GPOS) it takes 30 to 35. A document with a
// character outside them (a name in Greek, Cyrillic or Vietnamese) is drawn with the full fonts,
// as before, so nothing prints as a box.
//
// Run `npm run fonts` after changing LATIN_RANGES or the full fonts: it writes
// `assets/fonts/*-Latin.ttf`, which are committed; a unit test makes them again and fails if they
// differ, so the files and this list cannot drift apart.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

/** Inclusive code point ranges: what French and the other Latin-script names of candidates need. */
export const LATIN_RANGES: ReadonlyArray<readonly [number, number]> = [
	[0x20, 0x7e], // Basic Latin
	[0xa0, 0xff], // Latin-1 Supplement: é, ç, «, », the no-break space, °
	[0x100, 0x17f], // Latin Extended-A: œ, Œ, ÿ, and Polish, Czech, Turkish, Hungarian letters
	[0x218, 0x21b], // Ș, ș, Ț, ț (Romanian)
	[0x300, 0x36f], // combining marks: a name typed decomposed (e + ◌́)
	[0x2000, 0x206f], // General Punctuation: ’, –, —, •, …, the narrow no-break space of French dates
	[0x20ac, 0x20ac], // €
	[0x2116, 0x2116] // №
];

/** The two cuts, from the full fonts beside them. */
export const LATIN_FONTS = [
	{ full: 'DejaVuSans.ttf', latin: 'DejaVuSans-Latin.ttf' },
	{ full: 'DejaVuSans-Bold.ttf', latin: 'DejaVuSans-Bold-Latin.ttf' }
] as const;

export function latinCharacters(): string {
	let characters = '';
	for (const [first, last] of LATIN_RANGES) {
		for (let code = first; code <= last; code++) characters += String.fromCodePoint(code);
	}
	return characters;
}

/**
 * The Latin cut of a full font, as TrueType (the format pdf-lib embeds), without its positioning
 * table (GPOS: kerning, marks): pdf-lib places glyphs by their advance widths and never reads the
 * positions, but fontkit parsed and applied the table for every document, half of its shaping
 * time. The substitutions (GSUB: the « fi » ligature…) stay, so the glyphs are the same.
 */
export async function latinCut(fullFont: Uint8Array): Promise<Buffer> {
	return subsetFont(Buffer.from(fullFont), latinCharacters(), { targetFormat: 'truetype', dropTables: ['GPOS'] });
}

export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assets/fonts');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	for (const { full, latin } of LATIN_FONTS) {
		const bytes = await latinCut(fs.readFileSync(path.join(FONTS_DIR, full)));
		fs.writeFileSync(path.join(FONTS_DIR, latin), bytes);
		console.log(`${latin}: ${bytes.length} bytes`);
	}
}
