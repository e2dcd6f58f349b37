// The shape of a registration's content (the wizard's tabs), shared by the page, the device draft,
// the sync API and the server. Values are kept as the form holds them (strings), so a draft can
// hold anything a person typed; the tab schemas of ./registration.ts decide what is valid.

export const CANDIDATE_SITUATIONS = ['individual', 'distance-learning', 'continuing-education', 'professional-experience'] as const;
export type CandidateSituation = (typeof CANDIDATE_SITUATIONS)[number];

/** The last diploma a candidate holds, with its level in the national framework. */
export const LAST_DIPLOMAS = {
	none: { label: 'Aucun diplôme', level: 0 },
	dnb: { label: 'Diplôme national du brevet', level: 2 },
	cap: { label: 'CAP ou BEP', level: 3 },
	'bac-pro': { label: 'Baccalauréat professionnel', level: 4 },
	bac: { label: 'Baccalauréat général ou technologique', level: 4 },
	'bac-plus-2': { label: 'Diplôme de niveau bac + 2 (BTS, DUT…)', level: 5 },
	'bac-plus-3': { label: 'Licence ou diplôme de niveau supérieur', level: 6 },
	'foreign': { label: 'Diplôme étranger', level: 0 }
} as const;
export type LastDiploma = keyof typeof LAST_DIPLOMAS;

export const CURRENT_ACTIVITIES = {
	training: 'En formation',
	employed: 'Salarié(e)',
	'job-seeker': 'Demandeur ou demandeuse d’emploi',
	other: 'Autre situation'
} as const;
export type CurrentActivity = keyof typeof CURRENT_ACTIVITIES;

export interface KeptMarkDeclaration {
	/** The unit of the chosen specialty the mark was obtained in (E2, E31…). */
	unitCode: string;
	/** As typed: « 12,5 » or « 12.5 », out of 20. */
	mark: string;
	/** Year of the session the mark was obtained in, « 2024 ». */
	sessionYear: string;
	/** Académie (or centre) of that session. */
	academyCode: string;
	/** Specialty of that session: a kept mark only counts in the same specialty. */
	specialtyCode: string;
}

export interface RegistrationContent {
	/** « Choix de l’examen » */
	choice: {
		specialtyCode: string;
		/** '' when the specialty has no options. */
		optionCode: string;
		/** Language chosen per unit that asks for one (E41, E42, E4, UF1…): unit code → language code. */
		languages: Record<string, string>;
		/** Codes of the optional units added (UF1, UF2, UFM…). */
		optionalUnits: string[];
	};
	/** « Situation » */
	situation: {
		category: CandidateSituation | '';
		lastDiploma: LastDiploma | '';
		lastDiplomaYear: string;
		currentActivity: CurrentActivity | '';
		/** Required for distance learning and continuing education. */
		trainingOrganisation: string;
	};
	/** « Acquis » */
	priorResults: {
		keptMarks: KeptMarkDeclaration[];
		/** A diploma of level 4 or more exempts from the general units. */
		diploma: { held: boolean; name: string; level: '' | '4' | '5' | '6'; year: string };
		/** Units whose exemption the candidate unticked: they sit them again. */
		declined: string[];
	};
	/** « Aménagements » */
	accommodations: { applied: '' | 'yes' | 'no' };
}

export function emptyRegistrationContent(): RegistrationContent {
	return {
		choice: { specialtyCode: '', optionCode: '', languages: {}, optionalUnits: [] },
		situation: { category: '', lastDiploma: '', lastDiplomaYear: '', currentActivity: '', trainingOrganisation: '' },
		priorResults: { keptMarks: [], diploma: { held: false, name: '', level: '', year: '' }, declined: [] },
		accommodations: { applied: '' }
	};
}

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
