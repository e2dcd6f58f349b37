import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	DECLINED_MARK_WARNING,
	EXEMPTION_REASONS,
	EXEMPTION_RULES,
	TAB_LABELS,
	TAB_ORDER,
	accommodationsTabSchema,
	choiceTabSchema,
	computeExemptions,
	declaredPriorResultTypes,
	formatMark,
	parseMark,
	priorResultsTabSchema,
	pruneStaleEntries,
	registrationContentSchema,
	situationTabSchema,
	tabOfPath,
	unitsToSit,
	validateTab,
	type FieldError,
	type RegistrationTab
} from './registration';
import {
	emptyRegistrationContent,
	type CatalogueSpecialty,
	type CatalogueUnit,
	type ExamCatalogue,
	type KeptMarkDeclaration,
	type RegistrationContent
} from './registration-content';

// ─── A small, realistic catalogue, built by hand ───

const SESSION = 2027;

function unit(code: string, name: string, extra: Partial<CatalogueUnit> = {}): CatalogueUnit {
	return {
		code,
		name,
		parentCode: code.length > 2 ? code.slice(0, 2) : null,
		optionCode: null,
		general: false,
		coefficient: 1,
		languageChoice: false,
		illustrative: true,
		...extra
	};
}
const general = { general: true };
const language = { general: true, languageChoice: true };

const OPTIONAL_UNITS: CatalogueSpecialty['optionalUnits'] = [
	{ code: 'UF1', name: 'Langue vivante (épreuve facultative)', languageChoice: true, note: null },
	{ code: 'UF2', name: 'Éducation physique et sportive (épreuve facultative)', languageChoice: false, note: null },
	{ code: 'UFM', name: 'Mobilité (épreuve facultative)', languageChoice: false, note: null }
];

/** With options, and the two language units E41/E42. */
const MCV: CatalogueSpecialty = {
	code: 'MCV',
	name: 'Métiers du commerce et de la vente',
	options: [
		{ code: 'A', name: 'Animation et gestion de l’espace commercial' },
		{ code: 'B', name: 'Prospection clientèle et valorisation de l’offre commerciale' }
	],
	units: [
		unit('E11', 'Économie-droit', general),
		unit('E12', 'Mathématiques', general),
		unit('E2', 'Analyse et résolution de situations professionnelles'),
		unit('E31', 'Conseil et vente'),
		unit('E32', 'Suivi des ventes'),
		unit('E33', 'Fidélisation de la clientèle'),
		unit('E34A', 'Animation et gestion de l’espace commercial', { optionCode: 'A' }),
		unit('E34B', 'Prospection clientèle et valorisation de l’offre commerciale', { optionCode: 'B' }),
		unit('E35', 'Prévention-santé-environnement', general),
		unit('E41', 'Langue vivante A', language),
		unit('E42', 'Langue vivante B', language),
		unit('E51', 'Français', general),
		unit('E52', 'Histoire-géographie et enseignement moral et civique', general),
		unit('E6', 'Arts appliqués et cultures artistiques', general),
		unit('E7', 'Éducation physique et sportive', general)
	],
	optionalUnits: OPTIONAL_UNITS
};

/** Without options, one language unit E4. */
const LOGISTIQUE: CatalogueSpecialty = {
	code: 'LOGISTIQUE',
	name: 'Logistique',
	options: [],
	units: [
		unit('E11', 'Économie-droit', general),
		unit('E12', 'Mathématiques', general),
		unit('E2', 'Préparation des opérations logistiques'),
		unit('E31', 'Réception et expédition'),
		unit('E32', 'Conduite des engins'),
		unit('E33', 'Suivi des opérations'),
		unit('E34', 'Prévention-santé-environnement', general),
		unit('E4', 'Langue vivante', language),
		unit('E51', 'Français', general),
		unit('E52', 'Histoire-géographie et enseignement moral et civique', general),
		unit('E6', 'Arts appliqués et cultures artistiques', general),
		unit('E7', 'Éducation physique et sportive', general)
	],
	optionalUnits: OPTIONAL_UNITS.slice(0, 2)
};

const CATALOGUE: ExamCatalogue = {
	examDomainCode: 'BCP',
	sessionYear: SESSION,
	specialties: [MCV, LOGISTIQUE],
	languages: [
		{ code: 'en', name: 'Anglais', optionalOnly: false },
		{ code: 'es', name: 'Espagnol', optionalOnly: false },
		{ code: 'de', name: 'Allemand', optionalOnly: false },
		{ code: 'br', name: 'Breton', optionalOnly: true }
	],
	situations: [
		{ code: 'individual', label: 'Candidat individuel', description: '' },
		{ code: 'distance-learning', label: 'Enseignement à distance', description: '' },
		{ code: 'continuing-education', label: 'Formation professionnelle continue', description: '' },
		{ code: 'professional-experience', label: 'Expérience professionnelle', description: '' }
	],
	academies: [
		{ code: '08', name: 'Grenoble' },
		{ code: '10', name: 'Lyon' }
	]
};

const MCV_ALL_GENERAL = ['E11', 'E12', 'E35', 'E41', 'E42', 'E51', 'E52', 'E6', 'E7'];

function keptMark(extra: Partial<KeptMarkDeclaration> = {}): KeptMarkDeclaration {
	return { unitCode: 'E2', mark: '12,5', sessionYear: '2025', academyCode: '08', specialtyCode: 'MCV', ...extra };
}

type Overrides = {
	choice?: Partial<RegistrationContent['choice']>;
	situation?: Partial<RegistrationContent['situation']>;
	priorResults?: Partial<Omit<RegistrationContent['priorResults'], 'diploma'>> & {
		diploma?: Partial<RegistrationContent['priorResults']['diploma']>;
	};
	accommodations?: Partial<RegistrationContent['accommodations']>;
};

/** A complete, valid MCV option A registration, with parts replaced. */
function content(overrides: Overrides = {}): RegistrationContent {
	const base: RegistrationContent = {
		choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es', UF1: 'de' }, optionalUnits: ['UF1'] },
		situation: {
			category: 'individual',
			lastDiploma: 'cap',
			lastDiplomaYear: '2019',
			currentActivity: 'employed',
			trainingOrganisation: ''
		},
		priorResults: { keptMarks: [], diploma: { held: false, name: '', level: '', year: '' }, declined: [] },
		accommodations: { applied: 'no' }
	};
	return {
		choice: { ...base.choice, ...overrides.choice },
		situation: { ...base.situation, ...overrides.situation },
		priorResults: {
			...base.priorResults,
			...overrides.priorResults,
			diploma: { ...base.priorResults.diploma, ...overrides.priorResults?.diploma }
		},
		accommodations: { ...base.accommodations, ...overrides.accommodations }
	};
}

function errorsOf(tab: RegistrationTab, value: RegistrationContent): FieldError[] {
	const result = validateTab(tab, value, CATALOGUE, SESSION);
	return result.valid ? [] : result.errors;
}

function expectOnlyError(tab: RegistrationTab, value: RegistrationContent, path: Array<string | number>, message: string) {
	expect(errorsOf(tab, value)).toEqual([{ path, message }]);
}

const exemptions = (value: RegistrationContent, specialty = MCV) =>
	computeExemptions(specialty, value.choice.optionCode, value.priorResults, SESSION);
const lineOf = (value: RegistrationContent, unitCode: string) => exemptions(value).find((line) => line.unitCode === unitCode);
const satCodes = (value: RegistrationContent, specialty = MCV) => unitsToSit(specialty, value, SESSION).map((sat) => sat.code);

// ─── Tabs ───

describe('R2: the wizard’s tabs', () => {
	it('R2: has the guide’s tabs, in order, with their exact labels', () => {
		expect(TAB_ORDER).toEqual(['identity', 'choice', 'situation', 'priorResults', 'accommodations', 'summary']);
		expect(TAB_ORDER.map((tab) => TAB_LABELS[tab])).toEqual([
			'Identité',
			'Choix de l’examen',
			'Situation',
			'Acquis',
			'Aménagements',
			'Récapitulatif'
		]);
	});

	it('R3: the identity tab is read-only and never blocks « Suivant »', () => {
		expect(validateTab('identity', emptyRegistrationContent(), CATALOGUE, SESSION)).toEqual({ valid: true });
	});

	it('R2: every tab of a complete registration is valid', () => {
		for (const tab of TAB_ORDER) expect(validateTab(tab, content(), CATALOGUE, SESSION), tab).toEqual({ valid: true });
	});

	it('R2: « Suivant » checks only its own tab', () => {
		const value = content({ accommodations: { applied: '' } });
		expect(validateTab('choice', value, CATALOGUE, SESSION)).toEqual({ valid: true });
		expect(validateTab('accommodations', value, CATALOGUE, SESSION).valid).toBe(false);
	});

	it('R6: the summary checks the whole registration, each error on its tab', () => {
		const value = content({ choice: { specialtyCode: '' }, accommodations: { applied: '' } });
		const errors = errorsOf('summary', value);
		expect(errors.map((error) => tabOfPath(error.path))).toEqual(['choice', 'accommodations']);
	});

	it('R2: an empty draft shows every mandatory field of the tab', () => {
		const empty = emptyRegistrationContent();
		expect(errorsOf('choice', empty)).toEqual([{ path: ['choice', 'specialtyCode'], message: 'Choisissez une spécialité.' }]);
		expect(errorsOf('situation', empty).map((error) => error.path.join('.'))).toEqual([
			'situation.category',
			'situation.lastDiploma',
			'situation.currentActivity'
		]);
		expect(errorsOf('priorResults', empty)).toEqual([]);
		expect(errorsOf('accommodations', empty).map((error) => error.path.join('.'))).toEqual(['accommodations.applied']);
	});
});

// ─── « Choix de l’examen » ───

describe('R4: « Choix de l’examen »', () => {
	const schema = choiceTabSchema(CATALOGUE);

	it('R4: accepts a specialty with its option, two different languages and a regional optional language', () => {
		expect(schema.safeParse(content({ choice: { languages: { E41: 'en', E42: 'es', UF1: 'br' } } })).success).toBe(true);
	});

	it('R4: accepts a specialty without options, with one language unit and no optional unit', () => {
		const value = content({ choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: { E4: 'de' }, optionalUnits: [] } });
		expect(errorsOf('choice', value)).toEqual([]);
	});

	it('R4: requires a specialty from the catalogue', () => {
		expectOnlyError('choice', content({ choice: { specialtyCode: '' } }), ['choice', 'specialtyCode'], 'Choisissez une spécialité.');
		expectOnlyError(
			'choice',
			content({ choice: { specialtyCode: 'CUISINE' } }),
			['choice', 'specialtyCode'],
			'Choisissez une spécialité dans la liste.'
		);
	});

	it('R4: requires an option from the list when the specialty has options', () => {
		expectOnlyError('choice', content({ choice: { optionCode: '' } }), ['choice', 'optionCode'], 'Choisissez une option.');
		expectOnlyError('choice', content({ choice: { optionCode: 'C' } }), ['choice', 'optionCode'], 'Choisissez une option dans la liste.');
		expect(errorsOf('choice', content({ choice: { optionCode: 'B' } }))).toEqual([]);
	});

	it('R4: refuses an option for a specialty without options', () => {
		const value = content({ choice: { specialtyCode: 'LOGISTIQUE', optionCode: 'A', languages: { E4: 'en' }, optionalUnits: [] } });
		expectOnlyError('choice', value, ['choice', 'optionCode'], 'Cette spécialité ne comporte pas d’option.');
	});

	it('R4: requires a language for each unit that asks for one', () => {
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E42: 'es', UF1: 'de' } } }),
			['choice', 'languages', 'E41'],
			'Choisissez une langue pour l’épreuve E41.'
		);
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: '', E42: 'es', UF1: 'de' } } }),
			['choice', 'languages', 'E41'],
			'Choisissez une langue pour l’épreuve E41.'
		);
		const logistique = content({ choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: {}, optionalUnits: [] } });
		expectOnlyError('choice', logistique, ['choice', 'languages', 'E4'], 'Choisissez une langue pour l’épreuve E4.');
	});

	it('R4: requires languages from the catalogue', () => {
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: 'xx', E42: 'es', UF1: 'de' } } }),
			['choice', 'languages', 'E41'],
			'Choisissez une langue dans la liste.'
		);
	});

	it('R4: keeps regional languages for the optional unit', () => {
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: 'en', E42: 'br', UF1: 'de' } } }),
			['choice', 'languages', 'E42'],
			'Cette langue ne peut être choisie que pour l’épreuve facultative de langue vivante.'
		);
	});

	it('R4: the languages of LV A and LV B differ', () => {
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: 'en', E42: 'en', UF1: 'de' } } }),
			['choice', 'languages', 'E42'],
			'La langue vivante B doit être différente de la langue vivante A.'
		);
	});

	it('R4: the optional language differs from the mandatory ones', () => {
		const message = 'La langue de l’épreuve facultative doit être différente des langues choisies pour les épreuves obligatoires.';
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: 'en', E42: 'es', UF1: 'en' } } }),
			['choice', 'languages', 'UF1'],
			message
		);
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: 'en', E42: 'es', UF1: 'es' } } }),
			['choice', 'languages', 'UF1'],
			message
		);
		const logistique = content({
			choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: { E4: 'de', UF1: 'de' }, optionalUnits: ['UF1'] }
		});
		expectOnlyError('choice', logistique, ['choice', 'languages', 'UF1'], message);
	});

	it('R4: optional units exist in the specialty, once each', () => {
		expectOnlyError(
			'choice',
			content({ choice: { optionalUnits: ['UF1', 'UF9'] } }),
			['choice', 'optionalUnits'],
			'Choisissez une épreuve facultative dans la liste.'
		);
		const logistique = content({
			choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: { E4: 'en' }, optionalUnits: ['UFM'] }
		});
		expectOnlyError('choice', logistique, ['choice', 'optionalUnits'], 'Choisissez une épreuve facultative dans la liste.');
		expectOnlyError(
			'choice',
			content({ choice: { optionalUnits: ['UF1', 'UF1'] } }),
			['choice', 'optionalUnits'],
			'Cette épreuve facultative est déjà choisie.'
		);
	});

	it('R4: a chosen optional unit that asks for a language needs one; the others do not', () => {
		expectOnlyError(
			'choice',
			content({ choice: { languages: { E41: 'en', E42: 'es' } } }),
			['choice', 'languages', 'UF1'],
			'Choisissez une langue pour l’épreuve UF1.'
		);
		expect(errorsOf('choice', content({ choice: { languages: { E41: 'en', E42: 'es' }, optionalUnits: ['UF2', 'UFM'] } }))).toEqual([]);
	});

	it('R4: ignores languages left for units that do not ask for one (after a change of specialty or optional units)', () => {
		const value = content({
			choice: {
				specialtyCode: 'LOGISTIQUE',
				optionCode: '',
				languages: { E4: 'en', E41: 'en', E42: 'en', UF1: 'en', E2: 'zz' },
				optionalUnits: []
			}
		});
		expect(errorsOf('choice', value)).toEqual([]);
		expect(pruneStaleEntries(value, CATALOGUE, SESSION).choice.languages).toEqual({ E4: 'en' });
	});

	it('R4: after a change of specialty, an option or optional unit it does not have goes too; a valid choice stays as it is', () => {
		const value = content({
			choice: { specialtyCode: 'LOGISTIQUE', optionCode: 'A', languages: { E41: 'en', E4: 'de', UF1: 'es' }, optionalUnits: ['UF1', 'UFM'] }
		});
		expect(pruneStaleEntries(value, CATALOGUE, SESSION).choice).toEqual({
			specialtyCode: 'LOGISTIQUE',
			optionCode: '',
			languages: { E4: 'de', UF1: 'es' },
			optionalUnits: ['UF1']
		});
		expect(pruneStaleEntries(content(), CATALOGUE, SESSION)).toEqual(content());
	});

	it('R4: refuses values of the wrong type, as the server may receive them', () => {
		const forged = { ...content(), choice: { ...content().choice, optionalUnits: 'UF1' } } as unknown as RegistrationContent;
		expect(errorsOf('choice', forged)).toEqual([{ path: ['choice', 'optionalUnits'], message: 'Valeur invalide.' }]);
	});
});

// ─── « Situation » ───

describe('R4: « Situation »', () => {
	it('R4: accepts a complete situation', () => {
		expect(situationTabSchema.safeParse(content()).success).toBe(true);
	});

	it('R4: requires the category, the last diploma and the current activity', () => {
		expectOnlyError(
			'situation',
			content({ situation: { category: '' } }),
			['situation', 'category'],
			'Choisissez votre catégorie de candidat.'
		);
		expectOnlyError(
			'situation',
			content({ situation: { lastDiploma: '' } }),
			['situation', 'lastDiploma'],
			'Indiquez votre dernier diplôme obtenu.'
		);
		expectOnlyError(
			'situation',
			content({ situation: { currentActivity: '' } }),
			['situation', 'currentActivity'],
			'Indiquez votre activité actuelle.'
		);
	});

	it('R4: refuses values outside the lists', () => {
		const forged = content({ situation: { category: 'student' as never } });
		expectOnlyError('situation', forged, ['situation', 'category'], 'Choisissez une catégorie dans la liste.');
	});

	it('R4: the year of the last diploma: required, 4 digits, before the session; not asked without a diploma', () => {
		expectOnlyError(
			'situation',
			content({ situation: { lastDiplomaYear: '' } }),
			['situation', 'lastDiplomaYear'],
			'Indiquez l’année d’obtention de votre dernier diplôme.'
		);
		expectOnlyError(
			'situation',
			content({ situation: { lastDiplomaYear: '19' } }),
			['situation', 'lastDiplomaYear'],
			'Indiquez l’année sur 4 chiffres, par exemple 2024.'
		);
		expectOnlyError(
			'situation',
			content({ situation: { lastDiplomaYear: '2027' } }),
			['situation', 'lastDiplomaYear'],
			'L’année d’obtention doit être antérieure à la session 2027.'
		);
		expect(errorsOf('situation', content({ situation: { lastDiploma: 'none', lastDiplomaYear: '' } }))).toEqual([]);
		expect(errorsOf('situation', content({ situation: { lastDiplomaYear: '2026' } }))).toEqual([]);
	});

	it('R4: a training organisation is required for distance learning and continuing education only', () => {
		for (const category of ['distance-learning', 'continuing-education'] as const) {
			expectOnlyError(
				'situation',
				content({ situation: { category, trainingOrganisation: '  ' } }),
				['situation', 'trainingOrganisation'],
				'Indiquez le nom de votre organisme de formation.'
			);
			expect(errorsOf('situation', content({ situation: { category, trainingOrganisation: 'CNED' } }))).toEqual([]);
		}
		expect(errorsOf('situation', content({ situation: { category: 'professional-experience', trainingOrganisation: '' } }))).toEqual([]);
	});
});

// ─── « Aménagements » ───

describe('R13: « Aménagements »', () => {
	it('R13: requires a yes or a no', () => {
		expect(accommodationsTabSchema.safeParse(content({ accommodations: { applied: 'yes' } })).success).toBe(true);
		expect(accommodationsTabSchema.safeParse(content({ accommodations: { applied: 'no' } })).success).toBe(true);
		expectOnlyError(
			'accommodations',
			content({ accommodations: { applied: '' } }),
			['accommodations', 'applied'],
			'Indiquez si vous avez déposé une demande d’aménagement d’épreuves.'
		);
		expectOnlyError(
			'accommodations',
			content({ accommodations: { applied: 'maybe' as never } }),
			['accommodations', 'applied'],
			'Répondez par oui ou par non.'
		);
	});
});

// ─── « Acquis »: the tab's schema ───

describe('R5: « Acquis », the declared prior results', () => {
	const schema = priorResultsTabSchema(CATALOGUE, SESSION);

	it('R5: accepts complete declarations, including marks that do not exempt (they show their reason)', () => {
		const value = content({
			priorResults: {
				keptMarks: [
					keptMark(),
					keptMark({ unitCode: 'E31', mark: '8', sessionYear: '2024' }),
					keptMark({ unitCode: 'E32', mark: '15.25', sessionYear: '2015', academyCode: '10' }),
					keptMark({ unitCode: 'E33', mark: '11', specialtyCode: 'LOGISTIQUE' })
				],
				diploma: { held: true, name: 'Baccalauréat général', level: '4', year: '2018' }
			}
		});
		expect(schema.safeParse(value).success).toBe(true);
	});

	it('R5: the unit of each declared mark belongs to the chosen specialty and option', () => {
		const field = (unitCode: string) => content({ priorResults: { keptMarks: [keptMark({ unitCode })] } });
		expectOnlyError('priorResults', field(''), ['priorResults', 'keptMarks', 0, 'unitCode'], 'Choisissez l’épreuve concernée.');
		expectOnlyError(
			'priorResults',
			field('E8'),
			['priorResults', 'keptMarks', 0, 'unitCode'],
			'Choisissez une épreuve de la spécialité dans la liste.'
		);
		expectOnlyError(
			'priorResults',
			field('E34B'),
			['priorResults', 'keptMarks', 0, 'unitCode'],
			'Cette épreuve n’existe pas dans l’option choisie.'
		);
		expectOnlyError(
			'priorResults',
			field('UF1'),
			['priorResults', 'keptMarks', 0, 'unitCode'],
			'Choisissez une épreuve de la spécialité dans la liste.'
		);
	});

	it('R5: one mark per unit', () => {
		const value = content({ priorResults: { keptMarks: [keptMark(), keptMark({ mark: '14', sessionYear: '2026' })] } });
		expectOnlyError(
			'priorResults',
			value,
			['priorResults', 'keptMarks', 1, 'unitCode'],
			'Vous avez déjà déclaré une note pour cette épreuve : ne gardez que la meilleure.'
		);
	});

	it('R5: the mark is out of 20, with a comma or a point and two decimals at most', () => {
		const field = (mark: string) => content({ priorResults: { keptMarks: [keptMark({ mark })] } });
		const message = 'Indiquez une note de 0 à 20, avec deux décimales au plus, par exemple 12,5.';
		expectOnlyError('priorResults', field(''), ['priorResults', 'keptMarks', 0, 'mark'], 'Indiquez la note obtenue.');
		for (const bad of ['20,5', '21', '12,555', 'douze', '-1', '12,', ',5', '1e1']) {
			expectOnlyError('priorResults', field(bad), ['priorResults', 'keptMarks', 0, 'mark'], message);
		}
		for (const good of ['0', '9.99', '10', '12,5', '12.50', '20', '20,00']) expect(errorsOf('priorResults', field(good)), good).toEqual([]);
	});

	it('R5: the session year has 4 digits', () => {
		const field = (sessionYear: string) => content({ priorResults: { keptMarks: [keptMark({ sessionYear })] } });
		expectOnlyError('priorResults', field(''), ['priorResults', 'keptMarks', 0, 'sessionYear'], 'Indiquez l’année de la session.');
		expectOnlyError(
			'priorResults',
			field('25'),
			['priorResults', 'keptMarks', 0, 'sessionYear'],
			'Indiquez l’année sur 4 chiffres, par exemple 2024.'
		);
	});

	it('R5: the académie and the specialty of the mark come from the catalogue', () => {
		const field = (extra: Partial<KeptMarkDeclaration>) => content({ priorResults: { keptMarks: [keptMark(extra)] } });
		expectOnlyError(
			'priorResults',
			field({ academyCode: '' }),
			['priorResults', 'keptMarks', 0, 'academyCode'],
			'Choisissez l’académie où la note a été obtenue.'
		);
		expectOnlyError(
			'priorResults',
			field({ academyCode: '99' }),
			['priorResults', 'keptMarks', 0, 'academyCode'],
			'Choisissez une académie dans la liste.'
		);
		expectOnlyError(
			'priorResults',
			field({ specialtyCode: '' }),
			['priorResults', 'keptMarks', 0, 'specialtyCode'],
			'Choisissez la spécialité dans laquelle la note a été obtenue.'
		);
		expectOnlyError(
			'priorResults',
			field({ specialtyCode: 'XYZ' }),
			['priorResults', 'keptMarks', 0, 'specialtyCode'],
			'Choisissez une spécialité dans la liste.'
		);
	});

	it('R5: a declared diploma has a name, a level and a year before the session', () => {
		const diploma = (extra: Partial<RegistrationContent['priorResults']['diploma']>) =>
			content({ priorResults: { diploma: { held: true, name: 'BTS NDRC', level: '5', year: '2020', ...extra } } });
		expect(errorsOf('priorResults', diploma({}))).toEqual([]);
		expectOnlyError('priorResults', diploma({ name: ' ' }), ['priorResults', 'diploma', 'name'], 'Indiquez l’intitulé de votre diplôme.');
		expectOnlyError('priorResults', diploma({ level: '' }), ['priorResults', 'diploma', 'level'], 'Indiquez le niveau de votre diplôme.');
		expectOnlyError(
			'priorResults',
			diploma({ level: '3' as never }),
			['priorResults', 'diploma', 'level'],
			'Choisissez un niveau dans la liste.'
		);
		expectOnlyError(
			'priorResults',
			diploma({ year: '' }),
			['priorResults', 'diploma', 'year'],
			'Indiquez l’année d’obtention de votre diplôme.'
		);
		expectOnlyError(
			'priorResults',
			diploma({ year: '20' }),
			['priorResults', 'diploma', 'year'],
			'Indiquez l’année sur 4 chiffres, par exemple 2024.'
		);
		expectOnlyError(
			'priorResults',
			diploma({ year: '2027' }),
			['priorResults', 'diploma', 'year'],
			'Le diplôme doit avoir été obtenu avant la session 2027.'
		);
	});

	it('R5: the diploma’s fields are not checked when no diploma is declared', () => {
		expect(
			errorsOf('priorResults', content({ priorResults: { diploma: { held: false, name: '', level: '', year: 'n’importe' } } }))
		).toEqual([]);
	});

	it('R5: only an exemption can be unticked', () => {
		const value = content({
			priorResults: { keptMarks: [keptMark(), keptMark({ unitCode: 'E31', mark: '9' })], declined: ['E2', 'E31', 'E7'] }
		});
		expect(errorsOf('priorResults', value)).toEqual([
			{ path: ['priorResults', 'declined'], message: 'Aucun acquis ne vous dispense de l’épreuve E31 : elle ne peut pas être décochée.' },
			{ path: ['priorResults', 'declined'], message: 'Aucun acquis ne vous dispense de l’épreuve E7 : elle ne peut pas être décochée.' }
		]);
		expect(pruneStaleEntries(value, CATALOGUE, SESSION).priorResults.declined).toEqual(['E2']);
	});

	it('R5: declared marks wait for a specialty', () => {
		const value = content({ choice: { specialtyCode: '' }, priorResults: { keptMarks: [keptMark()] } });
		expectOnlyError(
			'priorResults',
			value,
			['priorResults', 'keptMarks', 0, 'unitCode'],
			'Choisissez d’abord une spécialité dans l’onglet « Choix de l’examen ».'
		);
	});
});

// ─── « Acquis »: the exemption rules ───

describe('R5: « Acquis », the exemptions', () => {
	const withMarks = (...keptMarks: KeptMarkDeclaration[]) => content({ priorResults: { keptMarks } });

	it('R5: the rules are data', () => {
		expect(EXEMPTION_RULES).toEqual({ keptMark: { minMark: 10, maxSessionsAgo: 5 }, diploma: { minLevel: 4, exempts: 'general' } });
	});

	it('R5: a mark of 10/20 in the same specialty in one of the last five sessions exempts, ticked by default', () => {
		expect(exemptions(withMarks(keptMark({ mark: '10', sessionYear: '2025' })))).toEqual([
			{
				unitCode: 'E2',
				unitName: 'Analyse et résolution de situations professionnelles',
				source: 'kept-mark',
				eligible: true,
				taken: true,
				reason: 'Note de 10 sur 20 obtenue à la session 2025 : elle vous dispense de cette épreuve.',
				mark: 10,
				markSessionYear: 2025,
				declarationIndex: 0
			}
		]);
		expect(satCodes(withMarks(keptMark({ mark: '10' })))).not.toContain('E2');
	});

	it('R5: reads « 12,5 » and « 12.5 » alike', () => {
		expect(lineOf(withMarks(keptMark({ mark: '12,5' })), 'E2')?.mark).toBe(12.5);
		expect(lineOf(withMarks(keptMark({ mark: '12.5' })), 'E2')?.mark).toBe(12.5);
		expect(parseMark(' 12,5 ')).toBe(12.5);
		expect(parseMark('20,01')).toBeNull();
		expect(formatMark(12.5)).toBe('12,5');
	});

	it('R5: a mark under 10 never exempts, and says why', () => {
		for (const mark of ['9.99', '9,99', '9', '0']) {
			const line = lineOf(withMarks(keptMark({ mark })), 'E2');
			expect(line, mark).toMatchObject({
				eligible: false,
				taken: false,
				reason: 'Note inférieure à 10 sur 20 : elle ne dispense pas de l’épreuve.'
			});
			expect(satCodes(withMarks(keptMark({ mark })))).toContain('E2');
		}
	});

	it('R5: for session 2027, a mark of 2022 exempts and a mark of 2021 does not', () => {
		expect(lineOf(withMarks(keptMark({ sessionYear: '2022' })), 'E2')).toMatchObject({ eligible: true, taken: true });
		expect(lineOf(withMarks(keptMark({ sessionYear: '2026' })), 'E2')).toMatchObject({ eligible: true, taken: true });
		expect(lineOf(withMarks(keptMark({ sessionYear: '2021' })), 'E2')).toMatchObject({
			eligible: false,
			taken: false,
			reason: 'Note obtenue il y a plus de cinq sessions : elle ne peut plus être conservée.'
		});
	});

	it('R5: a mark of the same or a future session is not a prior result', () => {
		for (const sessionYear of ['2027', '2028']) {
			expect(lineOf(withMarks(keptMark({ sessionYear })), 'E2')).toMatchObject({
				eligible: false,
				reason: `Note de la session ${sessionYear} : seule une note d’une session antérieure à 2027 peut être conservée.`
			});
		}
	});

	it('R5: a mark of another specialty does not exempt', () => {
		expect(lineOf(withMarks(keptMark({ specialtyCode: 'LOGISTIQUE' })), 'E2')).toMatchObject({
			eligible: false,
			reason: 'Note obtenue dans une autre spécialité.'
		});
	});

	it('R5: a mark in a unit the specialty or option does not have does not exempt', () => {
		expect(lineOf(withMarks(keptMark({ unitCode: 'E8' })), 'E8')).toMatchObject({ eligible: false, reason: EXEMPTION_REASONS.unknownUnit });
		expect(lineOf(withMarks(keptMark({ unitCode: 'E34B' })), 'E34B')).toMatchObject({
			unitName: 'Prospection clientèle et valorisation de l’offre commerciale',
			eligible: false,
			reason: 'Cette épreuve n’existe pas dans l’option choisie.'
		});
		const inOptionB = content({ choice: { optionCode: 'B' }, priorResults: { keptMarks: [keptMark({ unitCode: 'E34B' })] } });
		expect(lineOf(inOptionB, 'E34B')).toMatchObject({ eligible: true, taken: true });
	});

	it('R5: an unreadable mark does not exempt, and says why', () => {
		expect(lineOf(withMarks(keptMark({ mark: '25' })), 'E2')).toMatchObject({ eligible: false, reason: EXEMPTION_REASONS.unreadableMark });
	});

	it('R5: a row with no unit yet gives no line', () => {
		expect(exemptions(withMarks(keptMark({ unitCode: '' })))).toEqual([]);
	});

	it('R5: a diploma of level 4 exempts from exactly the general units of the chosen specialty and option', () => {
		const value = content({ priorResults: { diploma: { held: true, name: 'Baccalauréat général', level: '4', year: '2019' } } });
		const lines = exemptions(value);
		expect(lines.map((line) => line.unitCode)).toEqual(MCV_ALL_GENERAL);
		expect(lines.every((line) => line.source === 'diploma' && line.eligible && line.taken)).toBe(true);
		expect(lines[0].reason).toBe('Votre diplôme de niveau 4 vous dispense des épreuves d’enseignement général.');
		expect(satCodes(value)).toEqual(['E2', 'E31', 'E32', 'E33', 'E34A', 'UF1']);

		const logistique = content({
			choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: { E4: 'en' }, optionalUnits: [] },
			priorResults: { diploma: { held: true, name: 'BTS', level: '5', year: '2020' } }
		});
		expect(exemptions(logistique, LOGISTIQUE).map((line) => line.unitCode)).toEqual(['E11', 'E12', 'E34', 'E4', 'E51', 'E52', 'E6', 'E7']);
	});

	it('R5: a diploma of level 3 exempts from nothing, and says why', () => {
		const value = content({ priorResults: { diploma: { held: true, name: 'CAP', level: '3' as never, year: '2019' } } });
		const lines = exemptions(value);
		expect(lines.length).toBe(MCV_ALL_GENERAL.length);
		expect(lines.every((line) => !line.eligible && !line.taken)).toBe(true);
		expect(lines[0].reason).toBe('Un diplôme de niveau 3 ne dispense d’aucune épreuve : il faut un diplôme de niveau 4 ou plus.');
		expect(satCodes(value)).toEqual(satCodes(content()));
	});

	it('R5: a diploma not declared, or without its level yet, gives no line', () => {
		expect(exemptions(content({ priorResults: { diploma: { held: false, name: 'Bac', level: '4', year: '2019' } } }))).toEqual([]);
		expect(exemptions(content({ priorResults: { diploma: { held: true, name: 'Bac', level: '', year: '2019' } } }))).toEqual([]);
	});

	it('R5: unticking keeps the line eligible but not taken; the unit is then sat and the mark will be lost', () => {
		const value = content({ priorResults: { keptMarks: [keptMark()], declined: ['E2'] } });
		const line = lineOf(value, 'E2');
		expect(line).toMatchObject({ eligible: true, taken: false });
		expect(line?.reason).toBe(
			'Vous repassez cette épreuve : votre note de 12,5 sur 20 sera définitivement perdue dès que l’inscription sera enregistrée.'
		);
		expect(unitsToSit(MCV, value, SESSION).find((sat) => sat.code === 'E2')).toMatchObject({ exemptionDeclined: true });
		expect(DECLINED_MARK_WARNING).toContain('définitivement perdue');

		const diploma = content({ priorResults: { diploma: { held: true, name: 'Bac', level: '4', year: '2019' }, declined: ['E7'] } });
		expect(lineOf(diploma, 'E7')).toMatchObject({
			eligible: true,
			taken: false,
			reason: 'Vous passez cette épreuve malgré la dispense de votre diplôme.'
		});
		expect(satCodes(diploma)).toContain('E7');
	});

	it('R5: a unit exempted by a kept mark and by the diploma appears once, as the kept mark', () => {
		const value = content({
			priorResults: {
				keptMarks: [keptMark({ unitCode: 'E51', mark: '14' })],
				diploma: { held: true, name: 'Bac', level: '4', year: '2019' }
			}
		});
		const lines = exemptions(value);
		expect(lines.filter((line) => line.unitCode === 'E51')).toEqual([
			expect.objectContaining({ source: 'kept-mark', mark: 14, eligible: true, taken: true })
		]);
		expect(lines.map((line) => line.unitCode)).toEqual(MCV_ALL_GENERAL);
	});

	it('R5: a diploma still exempts from a general unit whose declared mark does not', () => {
		const value = content({
			priorResults: {
				keptMarks: [keptMark({ unitCode: 'E51', mark: '7' })],
				diploma: { held: true, name: 'Bac', level: '4', year: '2019' }
			}
		});
		expect(exemptions(value).filter((line) => line.unitCode === 'E51')).toEqual([
			expect.objectContaining({ source: 'diploma', eligible: true, taken: true })
		]);
	});

	it('R5: of two marks for one unit (a draft may hold them), the best eligible one counts', () => {
		const value = withMarks(
			keptMark({ mark: '8' }),
			keptMark({ mark: '11', sessionYear: '2023' }),
			keptMark({ mark: '13', sessionYear: '2020' })
		);
		expect(exemptions(value)).toEqual([
			expect.objectContaining({ unitCode: 'E2', mark: 11, markSessionYear: 2023, declarationIndex: 1, eligible: true })
		]);
	});

	it('R5: each declared prior result will require a supporting document', () => {
		expect(declaredPriorResultTypes(content())).toEqual([]);
		expect(declaredPriorResultTypes(withMarks(keptMark(), keptMark({ unitCode: 'E31' })))).toEqual(['kept-mark']);
		expect(
			declaredPriorResultTypes(
				content({ priorResults: { keptMarks: [keptMark()], diploma: { held: true, name: 'Bac', level: '4', year: '2019' } } })
			)
		).toEqual(['kept-mark', 'diploma']);
	});
});

// ─── The units sat ───

describe('R6: the units the candidate sits', () => {
	it('R6: without prior results, every unit of the specialty and option, then the optional units, with their languages', () => {
		expect(unitsToSit(MCV, content(), SESSION)).toEqual([
			...['E11', 'E12', 'E2', 'E31', 'E32', 'E33', 'E34A', 'E35'].map((code) =>
				expect.objectContaining({ code, optional: false, languageCode: null, exemptionDeclined: false })
			),
			expect.objectContaining({ code: 'E41', name: 'Langue vivante A', languageCode: 'en' }),
			expect.objectContaining({ code: 'E42', name: 'Langue vivante B', languageCode: 'es' }),
			...['E51', 'E52', 'E6', 'E7'].map((code) => expect.objectContaining({ code, languageCode: null })),
			{ code: 'UF1', name: 'Langue vivante (épreuve facultative)', optional: true, languageCode: 'de', exemptionDeclined: false }
		]);
	});

	it('R6: the other option’s unit is not sat; the exemptions taken are not sat', () => {
		const value = content({
			choice: { optionCode: 'B', optionalUnits: ['UFM', 'UF2'] },
			priorResults: { keptMarks: [keptMark({ unitCode: 'E31' })] }
		});
		expect(satCodes(value)).toEqual([
			'E11',
			'E12',
			'E2',
			'E32',
			'E33',
			'E34B',
			'E35',
			'E41',
			'E42',
			'E51',
			'E52',
			'E6',
			'E7',
			'UF2',
			'UFM'
		]);
	});

	it('R6: a specialty without options', () => {
		const value = content({
			choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: { E4: 'en', UF1: 'br' }, optionalUnits: ['UF1'] }
		});
		const units = unitsToSit(LOGISTIQUE, value, SESSION);
		expect(units.map((sat) => sat.code)).toEqual(['E11', 'E12', 'E2', 'E31', 'E32', 'E33', 'E34', 'E4', 'E51', 'E52', 'E6', 'E7', 'UF1']);
		expect(units.find((sat) => sat.code === 'E4')?.languageCode).toBe('en');
		expect(units.find((sat) => sat.code === 'UF1')?.languageCode).toBe('br');
	});
});

// ─── The whole registration ───

describe('O3: the whole registration, as the server validates it', () => {
	const schema = registrationContentSchema(CATALOGUE, SESSION);

	it('O3: accepts a complete registration and returns its content', () => {
		const value = content({
			priorResults: { keptMarks: [keptMark()], diploma: { held: true, name: 'Bac', level: '4', year: '2019' }, declined: ['E7'] }
		});
		const result = schema.safeParse({ ...value, extra: 'dropped' });
		expect(result.success).toBe(true);
		const parsed: RegistrationContent | undefined = result.data;
		expect(parsed).toEqual(value);
	});

	it('O3: reports every tab’s errors with their paths', () => {
		const value = content({
			choice: { languages: { E41: 'en', E42: 'en', UF1: 'de' } },
			situation: { category: 'distance-learning' },
			priorResults: { keptMarks: [keptMark({ mark: '12,3456' })] },
			accommodations: { applied: '' }
		});
		const result = schema.safeParse(value);
		expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
			['choice.languages.E42', 'La langue vivante B doit être différente de la langue vivante A.'],
			['situation.trainingOrganisation', 'Indiquez le nom de votre organisme de formation.'],
			['priorResults.keptMarks.0.mark', 'Indiquez une note de 0 à 20, avec deux décimales au plus, par exemple 12,5.'],
			['accommodations.applied', 'Indiquez si vous avez déposé une demande d’aménagement d’épreuves.']
		]);
	});

	it('O3: refuses what is not a registration', () => {
		expect(schema.safeParse(null).success).toBe(false);
		expect(schema.safeParse({}).success).toBe(false);
		expect(schema.safeParse(emptyRegistrationContent()).success).toBe(false);
	});

	it('O3: refuses a declaration longer than the form allows', () => {
		const value = content({ situation: { category: 'continuing-education', trainingOrganisation: 'G'.repeat(121) } });
		expect(schema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['situation.trainingOrganisation']);
	});
});

// ─── Property: every unit is sat or exempted, never both ───

describe('R5: property', () => {
	const specialties = [MCV, LOGISTIQUE];
	const unitCodes = [...new Set([...MCV.units, ...LOGISTIQUE.units].map((candidate) => candidate.code)), 'E8', ''];

	const arbitraryContent = fc
		.record({
			specialty: fc.constantFrom(...specialties),
			optionCode: fc.constantFrom('', 'A', 'B', 'Z'),
			keptMarks: fc.array(
				fc.record({
					unitCode: fc.constantFrom(...unitCodes),
					mark: fc.oneof(
						fc
							.tuple(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(',', '.'))
							.map(([hundredths, separator]) => (hundredths / 100).toString().replace('.', separator)),
						fc.string({ maxLength: 6 })
					),
					sessionYear: fc.oneof(fc.integer({ min: 2015, max: 2030 }).map(String), fc.string({ maxLength: 5 })),
					academyCode: fc.constantFrom('08', '10', ''),
					specialtyCode: fc.constantFrom('MCV', 'LOGISTIQUE', '', 'mcv')
				}),
				{ maxLength: 8 }
			),
			diploma: fc.record({
				held: fc.boolean(),
				name: fc.constantFrom('', 'Bac'),
				level: fc.constantFrom('', '3', '4', '5', '6'),
				year: fc.constantFrom('', '2019', '2027', 'x')
			}),
			declined: fc.subarray(unitCodes)
		})
		.map(({ specialty, optionCode, keptMarks, diploma, declined }) => ({
			specialty,
			value: content({
				choice: { specialtyCode: specialty.code, optionCode },
				priorResults: { keptMarks, diploma: diploma as RegistrationContent['priorResults']['diploma'], declined }
			})
		}));

	it('R5: every unit of the specialty is either sat or exempted, never both; an unticked unit is always sat', () => {
		fc.assert(
			fc.property(arbitraryContent, ({ specialty, value }) => {
				const lines = computeExemptions(specialty, value.choice.optionCode, value.priorResults, SESSION);
				const sat = new Set(
					unitsToSit(specialty, value, SESSION)
						.filter((unit) => !unit.optional)
						.map((unit) => unit.code)
				);
				const taken = new Set(lines.filter((line) => line.taken).map((line) => line.unitCode));
				expect(new Set(lines.map((line) => line.unitCode)).size).toBe(lines.length);
				for (const line of lines) {
					expect(line.taken).toBe(line.eligible && !value.priorResults.declined.includes(line.unitCode));
					expect(line.reason).not.toBe('');
				}
				const units = specialty.units.filter(
					(candidate) => candidate.optionCode === null || candidate.optionCode === value.choice.optionCode
				);
				for (const candidate of units) {
					expect(sat.has(candidate.code) !== taken.has(candidate.code), candidate.code).toBe(true);
					if (value.priorResults.declined.includes(candidate.code)) expect(sat.has(candidate.code)).toBe(true);
				}
				expect(sat.size + [...taken].filter((code) => units.some((candidate) => candidate.code === code)).length).toBe(units.length);
			}),
			{ numRuns: 500 }
		);
	});
});
