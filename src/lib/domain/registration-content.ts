// The content of a registration (the wizard's tabs), defined once for the page, the device draft,
// the sync API and the server: the strict schema the tab schemas validate with (SPEC R2, R4), the
// lenient one a draft is kept with (SPEC O2, O3), and the type, inferred from the definition.
// Values are kept as the form holds them (strings), so a draft can hold anything a person typed;
// the tab schemas of ./tab-schemas.ts decide what is valid.
import { z } from 'zod';
import { CURRENT_ACTIVITIES, LAST_DIPLOMAS, type CurrentActivity, type LastDiploma } from './registration-labels';

export { CURRENT_ACTIVITIES, LAST_DIPLOMAS, emptyRegistrationContent, type CurrentActivity, type LastDiploma } from './registration-labels';

export const CANDIDATE_SITUATIONS = ['individual', 'distance-learning', 'continuing-education', 'professional-experience'] as const;
export type CandidateSituation = (typeof CANDIDATE_SITUATIONS)[number];

const LAST_DIPLOMA_CODES = Object.keys(LAST_DIPLOMAS) as LastDiploma[];

const CURRENT_ACTIVITY_CODES = Object.keys(CURRENT_ACTIVITIES) as CurrentActivity[];

/** Levels in the national framework of a diploma that may exempt (SPEC R5). */
const DIPLOMA_LEVELS = ['4', '5', '6'] as const;

const INVALID = 'Valeur invalide.';
/** A draft keeps any text up to this length, even one too long to be valid: « Suivant » says so. */
const DRAFT_TEXT_MAX = 300;

/**
 * The one definition of the content. `strict`: each text's limit, each choice's list, with the
 * French messages shown beside the fields. `draft`: the same shape and list sizes, any text up to
 * DRAFT_TEXT_MAX characters, and a choice outside its list read as not answered yet ('').
 */
function defineContent(mode: 'strict' | 'draft') {
	const strict = mode === 'strict';
	const text = (max: number) =>
		strict
			? z.string({ error: INVALID }).max(max, `Ce champ ne peut pas dépasser ${max} caractères.`)
			: z.string({ error: INVALID }).max(DRAFT_TEXT_MAX);
	/** '' until answered. */
	const oneOf = <const T extends readonly string[]>(values: T, message: string) => {
		const listed = (value: string): value is T[number] => values.some((allowed) => allowed === value);
		return strict
			? z.enum(['', ...values], message)
			: z
					.string({ error: INVALID })
					.max(DRAFT_TEXT_MAX)
					.transform((value) => (listed(value) ? value : ''));
	};
	const list = <T extends z.ZodType>(item: T, max: number, message = INVALID) => z.array(item, { error: INVALID }).max(max, message);
	const codeList = (max: number) => list(text(16), max);
	const object = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: INVALID });

	return object({
		/** « Choix de l’examen » */
		choice: object({
			specialtyCode: text(16),
			/** '' when the specialty has no options. */
			optionCode: text(8),
			/** Language chosen per unit that asks for one (E41, E42, E4, UF1…): unit code → language code. */
			languages: z.record(text(16), text(8), { error: INVALID }).refine((languages) => Object.keys(languages).length <= 20, INVALID),
			/** Codes of the optional units added (UF1, UF2, UFM…). */
			optionalUnits: codeList(10)
		}),
		/** « Situation » */
		situation: object({
			category: oneOf(CANDIDATE_SITUATIONS, 'Choisissez une catégorie dans la liste.'),
			lastDiploma: oneOf(LAST_DIPLOMA_CODES, 'Choisissez un diplôme dans la liste.'),
			lastDiplomaYear: text(10),
			currentActivity: oneOf(CURRENT_ACTIVITY_CODES, 'Choisissez une activité dans la liste.'),
			/** Required for distance learning and continuing education. */
			trainingOrganisation: text(120)
		}),
		/** « Acquis » */
		priorResults: object({
			keptMarks: list(
				object({
					/** The unit of the chosen specialty the mark was obtained in (E2, E31…). */
					unitCode: text(16),
					/** As typed: « 12,5 » or « 12.5 », out of 20. */
					mark: text(10),
					/** Year of the session the mark was obtained in, « 2024 ». */
					sessionYear: text(10),
					/** Académie (or centre) of that session. */
					academyCode: text(16),
					/** Specialty of that session: a kept mark only counts in the same specialty. */
					specialtyCode: text(16)
				}),
				30,
				'Vous ne pouvez pas déclarer plus de 30 notes.'
			),
			/** A diploma of level 4 or more exempts from the general units. */
			diploma: object({
				held: z.boolean({ error: INVALID }),
				name: text(120),
				level: oneOf(DIPLOMA_LEVELS, 'Choisissez un niveau dans la liste.'),
				year: text(10)
			}),
			/** Units whose exemption the candidate unticked: they sit them again. */
			declined: codeList(40)
		}),
		/** « Aménagements » */
		accommodations: object({ applied: oneOf(['yes', 'no'], 'Répondez par oui ou par non.') })
	});
}

/** The content with every limit; the tab schemas add the rules that need the catalogue. */
export const registrationContentShape = defineContent('strict');

/** What a draft may hold (SPEC O3): the shape, not the validity. */
export const draftContentSchema = defineContent('draft');

export type RegistrationContent = z.infer<typeof registrationContentShape>;
export type KeptMarkDeclaration = RegistrationContent['priorResults']['keptMarks'][number];

// ─── The catalogue of one exam, as the wizard receives it (client-safe, cacheable offline) ───

export interface CatalogueUnit {
	code: string;
	name: string;
	/** E1…E7 group the unit belongs to, when it is a sub-unit. */
	parentCode: string | null;
	/** Set when the unit exists only in that option of the specialty. */
	optionCode: string | null;
	general: boolean;
	coefficient: number;
	languageChoice: boolean;
	/** Not checked against the official texts. */
	illustrative: boolean;
}

export interface CatalogueOptionalUnit {
	code: string;
	name: string;
	languageChoice: boolean;
	note: string | null;
}

export interface CatalogueSpecialty {
	code: string;
	name: string;
	options: Array<{ code: string; name: string }>;
	/** Marked (leaf) units, in catalogue order. */
	units: CatalogueUnit[];
	optionalUnits: CatalogueOptionalUnit[];
}

export interface ExamCatalogue {
	examDomainCode: string;
	sessionYear: number;
	specialties: CatalogueSpecialty[];
	languages: Array<{ code: string; name: string; optionalOnly: boolean }>;
	situations: Array<{ code: CandidateSituation; label: string; description: string }>;
	/** For declaring where a kept mark was obtained. */
	academies: Array<{ code: string; name: string }>;
}
