import { describe, expect, it } from 'vitest';
import {
	checkSchoolRow,
	decodeSchoolCsv,
	headerProblem,
	isValidIne,
	isValidUai,
	loginSlipPrintSchema,
	parseNationality,
	SCHOOL_CSV_COLUMNS
} from './school-import';

const NOW = new Date('2026-12-01T10:00:00Z');
const row = (overrides: Partial<Record<(typeof SCHOOL_CSV_COLUMNS)[number], string>> = {}) => {
	const values: Record<string, string> = {
		INE: '123456789AB',
		Civilité: 'Mme',
		'Nom de naissance': 'Durand',
		'Nom d’usage': '',
		Prénoms: 'Chloé Anaïs',
		'Date de naissance': '14/03/2009',
		'Commune de naissance': 'Grenoble',
		'Pays de naissance': 'France',
		Nationalité: 'Française',
		Email: '',
		Établissement: '0380089f',
		Spécialité: 'melec',
		Session: '2027',
		...overrides
	};
	return SCHOOL_CSV_COLUMNS.map((column) => values[column]);
};

describe('M7: the INE in its published forms', () => {
	it.each(['123456789AB', '1234567890A', '1234A12345B', ' 123456789ab '])('accepts %s', (ine) => {
		expect(isValidIne(ine)).toBe(true);
	});
	it.each(['12345678AB', '123456789A1', '12345678901', '1234B12345C', '1234A1234BC', 'ABCDEFGHIJK', ''])('refuses %s', (ine) => {
		expect(isValidIne(ine)).toBe(false);
	});
	it('checks the UAI code: 7 digits and a letter', () => {
		expect(isValidUai('0380089F')).toBe(true);
		expect(isValidUai('038008F')).toBe(false);
	});
});

describe('M7: decoding what a spreadsheet saves', () => {
	const text = 'INE;Prénoms\n123456789AB;Chloé\n';
	it('reads UTF-8 with and without a BOM', () => {
		const utf8 = new TextEncoder().encode(text);
		expect(decodeSchoolCsv(utf8)).toEqual({ text, encoding: 'utf-8' });
		const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
		expect(decodeSchoolCsv(withBom)).toEqual({ text, encoding: 'utf-8' });
	});
	it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
		const latin = new Uint8Array(Buffer.from('Anaïs;Chloé;Nom d’usage’'.replace(/’/g, '\x92'), 'latin1'));
		expect(decodeSchoolCsv(latin)).toEqual({ text: 'Anaïs;Chloé;Nom d’usage’', encoding: 'windows-1252' });
	});
});

describe('M7: the header row', () => {
	it('accepts the 13 columns in order, in any case, with a straight or typographic apostrophe', () => {
		expect(headerProblem([...SCHOOL_CSV_COLUMNS])).toBeNull();
		expect(headerProblem(SCHOOL_CSV_COLUMNS.map((name) => ` ${name.toUpperCase().replace('’', "'")} `))).toBeNull();
		expect(headerProblem(['\uFEFFINE', ...SCHOOL_CSV_COLUMNS.slice(1)])).toBeNull();
	});
	it('says which column is wrong or missing', () => {
		const swapped = [...SCHOOL_CSV_COLUMNS] as string[];
		[swapped[2], swapped[3]] = [swapped[3], swapped[2]];
		expect(headerProblem(swapped)).toBe('La colonne 3 s’appelle « Nom d’usage » au lieu de « Nom de naissance ».');
		expect(headerProblem(SCHOOL_CSV_COLUMNS.slice(0, 12))).toBe('La colonne 13 « Session » manque dans la ligne d’en-tête.');
		expect(headerProblem([SCHOOL_CSV_COLUMNS.join(',')])).toBe('Les colonnes doivent être séparées par des points-virgules (;).');
		expect(headerProblem([...SCHOOL_CSV_COLUMNS, 'Remarque'])).toBe('La ligne d’en-tête a 14 colonnes au lieu de 13.');
	});
});

describe('M7: nationality', () => {
	it.each([
		['Française', 'FR'],
		['FR', 'FR'],
		['france', 'FR'],
		['Italienne', 'EU'],
		['IT', 'EU'],
		['Pays-Bas', 'EU'],
		['néerlandais', 'EU'],
		['Marocaine', 'OTHER'],
		['Suisse', 'OTHER'],
		['', null]
	])('%s → %s', (value, expected) => {
		expect(parseNationality(value)).toBe(expected);
	});
});

describe('M7: one row', () => {
	it('reads a valid row, normalised', () => {
		expect(checkSchoolRow(row(), NOW)).toEqual({
			ok: true,
			row: {
				ine: '123456789AB',
				civility: 'MME',
				birthName: 'Durand',
				usageName: '',
				firstNames: 'Chloé Anaïs',
				birthDate: '2009-03-14',
				birthPlace: 'Grenoble',
				birthCountry: 'France',
				nationality: 'FR',
				email: null,
				schoolUai: '0380089F',
				specialtyCode: 'MELEC',
				sessionYear: 2027
			}
		});
	});
	it('names the column of each problem, in French', () => {
		const checked = checkSchoolRow(
			row({
				INE: '12345678AB',
				Civilité: 'Mlle',
				'Date de naissance': '31/02/2009',
				Email: 'pas-une-adresse',
				Établissement: '038',
				Session: '27',
				Prénoms: 'Chloé2'
			}),
			NOW
		);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.problems.map((problem) => problem.column)).toEqual([
			'INE',
			'Civilité',
			'Prénoms',
			'Date de naissance',
			'Email',
			'Établissement',
			'Session'
		]);
		expect(checked.problems[0].message).toMatch(/^L’INE n’a pas une forme connue/);
	});
	it('refuses a row with a wrong number of columns, and a pupil under 13', () => {
		expect(checkSchoolRow(row().slice(0, 12), NOW)).toEqual({
			ok: false,
			problems: [{ column: null, message: 'La ligne a 12 colonnes au lieu de 13.' }]
		});
		const young = checkSchoolRow(row({ 'Date de naissance': '01/01/2020' }), NOW);
		expect(young.ok).toBe(false);
	});
});

describe('M7: the print form', () => {
	it('takes a selection or an import, never nothing', () => {
		expect(loginSlipPrintSchema.safeParse({ candidats: ['080000001j'] }).data?.candidats).toEqual(['080000001J']);
		expect(loginSlipPrintSchema.safeParse({ candidats: [], import: 'abc' }).success).toBe(true);
		expect(loginSlipPrintSchema.safeParse({ candidats: [] }).success).toBe(false);
		expect(loginSlipPrintSchema.safeParse({ candidats: ['<script>'] }).success).toBe(false);
	});
});
