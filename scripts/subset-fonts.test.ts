// Issue #17: the PDFs are drawn with Latin cuts of DejaVu Sans when they can print the whole
// document, and with the full fonts otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontCutFor } from '../src/lib/server/documents/pdf';
import { FONTS_DIR, LATIN_FONTS, latinCut } from './subset-fonts';

describe('#17: the Latin cuts of the PDF fonts', () => {
	it('#17: the cuts in assets/fonts are what `npm run fonts` makes from the full fonts', async () => {
		for (const { full, latin } of LATIN_FONTS) {
			const made = await latinCut(fs.readFileSync(path.join(FONTS_DIR, full)));
			const committed = fs.readFileSync(path.join(FONTS_DIR, latin));
			expect(committed.equals(made), `${latin} differs from its range: run npm run fonts`).toBe(true);
		}
	});

	it('#17: every text the PDF modules write themselves prints with the Latin cuts', () => {
		const modules = ['pdf.ts', 'reminder.ts', 'login-slips-pdf.ts', 'confirmation-pdf.worker.js'];
		for (const file of modules) {
			const source = fs.readFileSync(path.resolve(FONTS_DIR, '../../src/lib/server/documents', file), 'utf8');
			expect(fontCutFor(source), file).toBe('latin');
		}
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
