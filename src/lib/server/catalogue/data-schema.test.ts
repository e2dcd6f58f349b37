import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import academiesJson from './data/academies.json';
import bacProSpecialtiesJson from './data/bac-pro-specialties.json';
import examDomainsJson from './data/exam-domains.json';
import examOfficesJson from './data/exam-offices-2027.json';
import supportingDocumentsJson from './data/supporting-documents.json';
import { isIanaTimeZone, isUnitGroup, leafUnitsFor, loadCatalogueData, parseCatalogueData, type BacProSpecialty } from './data-schema';

const ACADEMY_CODES = [
	'01',
	'02',
	'03',
	'04',
	'06',
	'07',
	'08',
	'09',
	'10',
	'11',
	'12',
	'13',
	'14',
	'15',
	'16',
	'17',
	'18',
	'19',
	'20',
	'22',
	'23',
	'24',
	'25',
	'27',
	'28',
	'31',
	'32',
	'33',
	'43',
	'70'
];
const VICE_RECTORATE_CODES = ['40', '41', '42', '44'];

const raw = () =>
	structuredClone({
		academies: academiesJson,
		examDomains: examDomainsJson,
		bacProSpecialties: bacProSpecialtiesJson,
		examOffices: examOfficesJson,
		supportingDocuments: supportingDocumentsJson
	});

const data = loadCatalogueData();
const centres = data.academies.academies;
const specialties = data.bacProSpecialties.specialties;
const offices = data.examOffices.examOffices;
const documents = data.supportingDocuments.documents;

function* strings(value: unknown): Generator<string> {
	if (typeof value === 'string') yield value;
	else if (Array.isArray(value)) for (const item of value) yield* strings(item);
	else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) yield* strings(item);
}

/** Every option a candidate can pick, or the specialty itself when it has none. */
const choices = (specialty: BacProSpecialty) => specialty.options?.map((option) => option.code) ?? [undefined];

describe('catalogue reference data', () => {
	it('M2: every file is version 1 and parses with its schema', () => {
		for (const file of Object.values(raw())) expect(file.version).toBe(1);
		expect(data.examOffices.session).toBe(2027);
	});

	it('P1: lists the 30 académies and the 4 vice-rectorats with the ministry codes', () => {
		const codesOf = (kind: string) =>
			centres
				.filter((entry) => entry.kind === kind)
				.map((entry) => entry.code)
				.sort();
		expect(codesOf('academy')).toEqual(ACADEMY_CODES);
		expect(codesOf('vice-rectorate')).toEqual(VICE_RECTORATE_CODES);
		const names = new Map(centres.map((entry) => [entry.code, entry.name]));
		expect(names.get('08')).toBe('Grenoble');
		expect(names.get('70')).toBe('Normandie');
		expect(names.get('43')).toBe('Mayotte');
		expect(names.get('41')).toBe('Polynésie française');
	});

	it('P1: codes are unique across académies, vice-rectorats and foreign centres', () => {
		const codes = centres.map((entry) => entry.code);
		expect(new Set(codes).size).toBe(codes.length);
	});

	it('P1: every foreign centre has an E- code and an existing parent académie', () => {
		const foreign = centres.filter((entry) => entry.kind === 'foreign-centre');
		expect(foreign.length).toBeGreaterThan(0);
		expect(foreign.map((centre) => centre.code)).toContain('E-MA-RABAT');
		const academyCodes = new Set(centres.filter((entry) => entry.kind === 'academy').map((entry) => entry.code));
		for (const centre of foreign) {
			expect(centre.code).toMatch(new RegExp(`^E-${centre.countryCode}-[A-Z0-9-]+$`));
			expect(academyCodes.has(centre.parentCode), centre.code).toBe(true);
		}
	});

	it('R15: every académie, vice-rectorat and centre has a valid IANA time zone', () => {
		for (const entry of centres) {
			expect(() => new Intl.DateTimeFormat(undefined, { timeZone: entry.timeZone })).not.toThrow();
			expect(isIanaTimeZone(entry.timeZone)).toBe(true);
		}
		const zones = new Map(centres.map((entry) => [entry.code, entry.timeZone]));
		const overseas = ['28', '31', '32', '33', '43', '40', '41', '42', '44'];
		expect(Object.fromEntries(overseas.map((code) => [code, zones.get(code)]))).toEqual({
			'28': 'Indian/Reunion',
			'31': 'America/Martinique',
			'32': 'America/Guadeloupe',
			'33': 'America/Cayenne',
			'43': 'Indian/Mayotte',
			'40': 'Pacific/Noumea',
			'41': 'Pacific/Tahiti',
			'42': 'Pacific/Wallis',
			'44': 'America/Miquelon'
		});
		for (const code of ACADEMY_CODES.filter((c) => !['28', '31', '32', '33', '43'].includes(c))) {
			expect(zones.get(code), code).toBe('Europe/Paris');
		}
		expect(zones.get('E-MA-RABAT')).toBe('Africa/Casablanca');
	});

	it('R1: the exam domains are BCP, CAP, BTS, BAC and DNB, and only BCP has units', () => {
		expect(data.examDomains.examDomains.map((domain) => domain.code)).toEqual(['BCP', 'CAP', 'BTS', 'BAC', 'DNB']);
		expect(data.examDomains.examDomains.filter((d) => d.hasUnits).map((d) => d.code)).toEqual(['BCP']);
		expect(data.bacProSpecialties.examDomainCode).toBe('BCP');
	});

	it('M2: the Bac pro has at least 8 specialties with unique codes, each with units E1 to E7', () => {
		expect(specialties.length).toBeGreaterThanOrEqual(8);
		const codes = specialties.map((specialty) => specialty.code);
		expect(new Set(codes).size).toBe(codes.length);
		expect(codes).toEqual(expect.arrayContaining(['MCV', 'AGORA', 'MSPC', 'MELEC', 'ASSP', 'CUISINE', 'LOGISTIQUE', 'MV']));
		for (const specialty of specialties) {
			expect(
				specialty.units.map((unit) => unit.code),
				specialty.code
			).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7']);
		}
	});

	it('M2: every leaf unit has a positive coefficient, for every option', () => {
		for (const specialty of specialties) {
			for (const optionCode of choices(specialty)) {
				const leaves = leafUnitsFor(specialty, optionCode);
				expect(leaves.length, specialty.code).toBeGreaterThan(0);
				const codes = leaves.map((unit) => unit.code);
				expect(new Set(codes).size, `${specialty.code} ${optionCode}`).toBe(codes.length);
				for (const unit of leaves) {
					expect(Number.isFinite(unit.coefficient) && unit.coefficient > 0, unit.code).toBe(true);
				}
			}
			for (const unit of specialty.units) {
				if (isUnitGroup(unit)) expect('coefficient' in unit).toBe(false);
			}
		}
	});

	it('M2: every specialty has general units, French and history-geography among them', () => {
		for (const specialty of specialties) {
			const leaves = leafUnitsFor(specialty, choices(specialty)[0]);
			expect(
				leaves.some((unit) => unit.general),
				specialty.code
			).toBe(true);
			expect(leaves.find((unit) => unit.code === 'E51')).toMatchObject({ name: 'Français', general: true });
			expect(leaves.find((unit) => unit.code === 'E52')?.general).toBe(true);
			expect(
				leaves.some((unit) => unit.general === false),
				specialty.code
			).toBe(true);
		}
	});

	it('R4: units that need a language say so, and the languages list covers them', () => {
		const byCode = new Map(specialties.map((specialty) => [specialty.code, specialty]));
		for (const code of ['MCV', 'AGORA']) {
			const leaves = leafUnitsFor(byCode.get(code)!, choices(byCode.get(code)!)[0]);
			for (const unit of ['E41', 'E42']) {
				expect(leaves.find((leaf) => leaf.code === unit)?.languageChoice, `${code} ${unit}`).toBe(true);
			}
		}
		for (const specialty of specialties) {
			const leaves = leafUnitsFor(specialty, choices(specialty)[0]);
			expect(
				leaves.some((unit) => unit.languageChoice),
				specialty.code
			).toBe(true);
			expect(
				specialty.optionalUnits.some((unit) => unit.languageChoice),
				specialty.code
			).toBe(true);
		}
		const languages = data.bacProSpecialties.languages;
		expect(languages.map((language) => language.name)).toEqual(
			expect.arrayContaining(['Anglais', 'Allemand', 'Espagnol', 'Italien', 'Portugais', 'Arabe', 'Chinois'])
		);
		expect(languages.filter((language) => !language.optionalOnly).length).toBeGreaterThan(5);
	});

	it('R4: options change only their own units (Maintenance des véhicules, commerce et vente)', () => {
		const mv = specialties.find((specialty) => specialty.code === 'MV')!;
		expect(mv.options?.map((option) => option.code)).toEqual(['A', 'B', 'C']);
		const mcv = specialties.find((specialty) => specialty.code === 'MCV')!;
		const e34 = (option: string) => leafUnitsFor(mcv, option).filter((unit) => unit.code.startsWith('E34'));
		expect(e34('A')).toEqual([
			expect.objectContaining({
				code: 'E34A',
				optionCode: 'A',
				name: 'Animation et gestion de l’espace commercial'
			})
		]);
		expect(e34('B')).toEqual([expect.objectContaining({ code: 'E34B', optionCode: 'B' })]);
		expect(leafUnitsFor(mcv, 'A').length).toBe(leafUnitsFor(mcv, 'B').length);
	});

	it('M2: a unit code is unique within its specialty, optional units included', () => {
		for (const specialty of specialties) {
			const codes = [
				...specialty.units.flatMap((unit) => [unit.code, ...(isUnitGroup(unit) ? unit.subUnits : []).map((sub) => sub.code)]),
				...specialty.optionalUnits.map((unit) => unit.code)
			];
			expect(new Set(codes).size, specialty.code).toBe(codes.length);
		}
	});

	it('M2: optional units carry no coefficient and unverified data is flagged illustrative', () => {
		for (const specialty of specialties) {
			for (const unit of specialty.optionalUnits) expect('coefficient' in unit).toBe(false);
			const professional = leafUnitsFor(specialty, choices(specialty)[0]).filter((unit) => !unit.general);
			expect(
				professional.every((unit) => unit.illustrative),
				specialty.code
			).toBe(true);
		}
	});

	it('A8, R8, R13: every académie, vice-rectorat and centre has a Bac pro 2027 exam office', () => {
		const bacPro = new Map(offices.filter((office) => office.examDomainCode === 'BCP').map((office) => [office.academyCode, office]));
		for (const entry of centres) {
			const office = bacPro.get(entry.code);
			expect(office, entry.code).toBeDefined();
			expect(office?.confirmationReturnDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(office?.accommodationCircularUrl).toMatch(/^https:\/\//);
		}
		const keys = offices.map((office) => `${office.academyCode}/${office.examDomainCode}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('A8: Grenoble’s Bac pro exam office is ce.decbacpro@ac-grenoble.fr, as in the guide', () => {
		const grenoble = offices.find((office) => office.academyCode === '08' && office.examDomainCode === 'BCP');
		expect(grenoble?.email).toBe('ce.decbacpro@ac-grenoble.fr');
		expect(grenoble?.accommodationCircularUrl).toBe('https://www.ac-grenoble.fr/');
		expect(grenoble?.illustrativeFields).not.toContain('email');
		expect(grenoble?.illustrativeFields).not.toContain('accommodationCircularUrl');
		expect(grenoble?.illustrativeFields).toEqual(expect.arrayContaining(['phone', 'postalAddress']));
	});

	it('M2: placeholder contacts are at example.org and flagged illustrative', () => {
		for (const office of offices) {
			const key = `${office.academyCode}/${office.examDomainCode}`;
			expect(office.illustrativeFields, key).toEqual(expect.arrayContaining(['phone', 'postalAddress']));
			if (!office.email.endsWith('@ac-grenoble.fr')) {
				expect(office.email, key).toMatch(/@example\.org$/);
				expect(office.illustrativeFields, key).toContain('email');
			}
			if (new URL(office.accommodationCircularUrl).hostname !== 'www.ac-grenoble.fr') {
				const host = new URL(office.accommodationCircularUrl).hostname;
				expect(host, key).toMatch(/^www\.[a-z0-9-]+\.example\.org$/);
			}
		}
		expect(offices.find((o) => o.academyCode === '01' && o.examDomainCode === 'BCP')?.email).toBe('examens-bacpro.paris@example.org');
	});

	it('R8: supporting documents follow the situation and the declared prior results', () => {
		const byCode = new Map(documents.map((document) => [document.code, document]));
		expect(byCode.get('identity-document')).toMatchObject({ scope: 'all' });
		expect(byCode.get('identity-document')?.condition).toBeUndefined();
		expect(byCode.get('jdc-certificate')).toMatchObject({ scope: 'all', condition: 'under-25-french' });
		expect(byCode.get('earlier-transcript')).toMatchObject({
			scope: 'prior-result',
			priorResultTypes: ['kept-mark']
		});
		expect(byCode.get('diploma-copy')).toMatchObject({
			scope: 'prior-result',
			priorResultTypes: ['diploma']
		});
		expect(byCode.get('work-certificates')).toMatchObject({
			scope: 'situation',
			situations: ['professional-experience']
		});
		expect(byCode.get('training-attestation')).toMatchObject({
			scope: 'situation',
			situations: expect.arrayContaining(['distance-learning', 'continuing-education'])
		});
		expect(byCode.get('pfmp-certificates')?.scope).toBe('situation');
		expect(data.supportingDocuments.candidateSituations.map((situation) => situation.code)).toEqual([
			'individual',
			'distance-learning',
			'continuing-education',
			'professional-experience'
		]);
		const priorTypes = data.supportingDocuments.priorResultTypes.map((type) => type.code);
		expect(priorTypes).toEqual(['kept-mark', 'diploma']);
	});

	it('French typography: no string contains a straight apostrophe', () => {
		const offending = [...strings(raw())].filter((text) => text.includes("'"));
		expect(offending).toEqual([]);
		expect([...strings(raw())].some((text) => text.includes('’'))).toBe(true);
	});

	describe('M2: the schemas refuse broken reference data', () => {
		const rejects = (mutate: (copy: ReturnType<typeof raw>) => void, message: RegExp) => {
			const copy = raw();
			mutate(copy);
			let error: unknown;
			try {
				parseCatalogueData(copy);
			} catch (caught) {
				error = caught;
			}
			expect(error).toBeInstanceOf(ZodError);
			expect((error as ZodError).issues.map((issue) => issue.message).join('\n')).toMatch(message);
		};

		it('a straight apostrophe', () => {
			rejects((copy) => {
				copy.academies.academies[1]!.fullName = "Académie d'Aix-Marseille";
			}, /apostrophe/);
		});

		it('an unknown time zone', () => {
			rejects((copy) => {
				copy.academies.academies[0]!.timeZone = 'Europe/Atlantis';
			}, /time zone/);
		});

		it('a foreign centre without its parent académie', () => {
			rejects((copy) => {
				const centre = copy.academies.academies.find((entry) => entry.code === 'E-MA-RABAT')!;
				centre.parentCode = '99';
			}, /parent/);
		});

		it('a duplicate code', () => {
			rejects((copy) => {
				copy.academies.academies[2]!.code = copy.academies.academies[1]!.code;
			}, /duplicate/);
		});

		it('a zero coefficient', () => {
			rejects((copy) => {
				const e5 = copy.bacProSpecialties.specialties[0]!.units.find((unit) => unit.code === 'E5')!;
				e5.subUnits![0]!.coefficient = 0;
			}, /too_small|>0|greater/i);
		});

		it('two units with the same code in a specialty', () => {
			rejects((copy) => {
				const e5 = copy.bacProSpecialties.specialties[1]!.units.find((unit) => unit.code === 'E5')!;
				e5.subUnits![1]!.code = 'E51';
			}, /duplicate unit E51/);
		});

		it('an académie without a Bac pro exam office', () => {
			rejects((copy) => {
				copy.examOffices.examOffices = copy.examOffices.examOffices.filter(
					(office) => !(office.academyCode === '33' && office.examDomainCode === 'BCP')
				);
			}, /no BCP exam office for 33/);
		});

		it('a placeholder email not flagged illustrative', () => {
			rejects((copy) => {
				const office = copy.examOffices.examOffices.find((o) => o.academyCode === '09')!;
				office.illustrativeFields = office.illustrativeFields.filter((field) => field !== 'email');
			}, /email is a placeholder/);
		});
	});
});
