// « M’inscrire »: the rules of the registration form (SPEC R2, R4, R5, R13), shared by the wizard,
// the service worker and the server, so that the client and the server can never disagree.
//
// Every tab schema parses the whole content (the keys of other tabs are stripped), so that each
// issue's path starts with the tab's key and names the field as the wizard binds it:
// ['choice', 'languages', 'E41'], ['priorResults', 'keptMarks', 0, 'mark']…
//
// Choices kept on purpose:
// - A language recorded for a unit that does not ask for one (or for an optional unit that is not
//   chosen) is ignored, not refused: it is what a draft holds after the candidate changed the
//   specialty or removed an optional unit, and there would be no field to show the error beside.
//   `pruneStaleEntries` removes such leftovers (and unticks that no longer apply) before storing.
// - Sessions are yearly: « the last five sessions » of session 2027 are 2022 to 2026.
// - Kept marks are declared one per unit; a diploma must be held before the session's year.
import { z } from 'zod';
import {
	CANDIDATE_SITUATIONS,
	CURRENT_ACTIVITIES,
	LAST_DIPLOMAS,
	type CatalogueSpecialty,
	type CatalogueUnit,
	type CurrentActivity,
	type ExamCatalogue,
	type LastDiploma,
	type RegistrationContent
} from './registration-content';

// ─── « Acquis » (SPEC R5): the exemption rules, as data plus one function ───

export const EXEMPTION_RULES = {
	/** A unit mark of `minMark`/20 or more, obtained in the same specialty in one of the last `maxSessionsAgo` sessions. */
	keptMark: { minMark: 10, maxSessionsAgo: 5 },
	/** A diploma of level `minLevel` or more exempts from the units the catalogue flags `exempts`. */
	diploma: { minLevel: 4, exempts: 'general' }
} as const;

export type ExemptionSource = 'kept-mark' | 'diploma';

export interface ExemptionLine {
	unitCode: string;
	unitName: string;
	source: ExemptionSource;
	/** The prior result exempts from the unit. */
	eligible: boolean;
	/** Eligible and not unticked (`priorResults.declined`): the candidate does not sit the unit. */
	taken: boolean;
	/** Why it exempts, why it does not, or what unticking costs. */
	reason: string;
	mark?: number;
	markSessionYear?: number;
	/** Index in `priorResults.keptMarks` of the declaration a kept-mark line comes from. */
	declarationIndex?: number;
}

const SESSIONS_IN_WORDS: Record<number, string> = { 3: 'trois', 4: 'quatre', 5: 'cinq', 6: 'six' };
const { minMark: MIN_MARK, maxSessionsAgo: MAX_SESSIONS_AGO } = EXEMPTION_RULES.keptMark;
const MIN_DIPLOMA_LEVEL = EXEMPTION_RULES.diploma.minLevel;

export const EXEMPTION_REASONS = {
	markTooLow: `Note inférieure à ${MIN_MARK} sur 20 : elle ne dispense pas de l’épreuve.`,
	markTooOld: `Note obtenue il y a plus de ${SESSIONS_IN_WORDS[MAX_SESSIONS_AGO] ?? MAX_SESSIONS_AGO} sessions : elle ne peut plus être conservée.`,
	otherSpecialty: 'Note obtenue dans une autre spécialité.',
	unknownUnit: 'Cette épreuve n’existe pas dans la spécialité choisie.',
	otherOption: 'Cette épreuve n’existe pas dans l’option choisie.',
	unreadableMark: 'Note illisible : indiquez une note sur 20, par exemple 12,5.',
	missingYear: 'Indiquez l’année de la session où la note a été obtenue.',
	missingSpecialty: 'Indiquez la spécialité dans laquelle la note a été obtenue.'
} as const;

/** For the recap (SPEC R6): giving up a kept mark cannot be undone once the registration is saved. */
export const DECLINED_MARK_WARNING =
	'Attention : une note conservée à laquelle vous renoncez en repassant l’épreuve est définitivement perdue dès que l’inscription est enregistrée.';

const MARK_PATTERN = /^(\d{1,2})(?:[.,](\d{1,2}))?$/;

/** A mark as typed, « 12,5 » or « 12.5 »: 0 to 20, two decimals at most; null when it is not one. */
export function parseMark(text: string): number | null {
	const match = MARK_PATTERN.exec(text.trim());
	if (!match) return null;
	const mark = Number(`${match[1]}.${match[2] ?? '0'}`);
	return mark <= 20 ? mark : null;
}

/** 12.5 → « 12,5 ». */
export function formatMark(mark: number): string {
	return String(mark).replace('.', ',');
}

function parseYear(text: string): number | null {
	const trimmed = text.trim();
	return /^\d{4}$/.test(trimmed) ? Number(trimmed) : null;
}

/** The marked units of the specialty in that option: those of every option plus the option's own. */
export function unitsOfOption(specialty: CatalogueSpecialty, optionCode: string): CatalogueUnit[] {
	return specialty.units.filter((unit) => unit.optionCode === null || unit.optionCode === optionCode);
}

function has<T extends object>(record: T, key: string): boolean {
	return Object.hasOwn(record, key);
}

type Judged = Omit<ExemptionLine, 'taken'>;

function judgeKeptMark(
	declaration: RegistrationContent['priorResults']['keptMarks'][number],
	declarationIndex: number,
	specialty: CatalogueSpecialty,
	units: CatalogueUnit[],
	sessionYear: number
): Judged {
	const unitCode = declaration.unitCode.trim();
	const unit = units.find((candidate) => candidate.code === unitCode);
	const otherOptionUnit = specialty.units.find((candidate) => candidate.code === unitCode);
	const mark = parseMark(declaration.mark);
	const year = parseYear(declaration.sessionYear);
	const line = {
		unitCode,
		unitName: (unit ?? otherOptionUnit)?.name ?? unitCode,
		source: 'kept-mark' as const,
		declarationIndex,
		...(mark === null ? {} : { mark }),
		...(year === null ? {} : { markSessionYear: year })
	};
	const refuse = (reason: string): Judged => ({ ...line, eligible: false, reason });
	if (!unit) return refuse(otherOptionUnit ? EXEMPTION_REASONS.otherOption : EXEMPTION_REASONS.unknownUnit);
	if (mark === null) return refuse(EXEMPTION_REASONS.unreadableMark);
	if (mark < MIN_MARK) return refuse(EXEMPTION_REASONS.markTooLow);
	if (year === null) return refuse(EXEMPTION_REASONS.missingYear);
	if (year >= sessionYear) {
		return refuse(`Note de la session ${year} : seule une note d’une session antérieure à ${sessionYear} peut être conservée.`);
	}
	if (year < sessionYear - MAX_SESSIONS_AGO) return refuse(EXEMPTION_REASONS.markTooOld);
	const specialtyCode = declaration.specialtyCode.trim().toUpperCase();
	if (specialtyCode === '') return refuse(EXEMPTION_REASONS.missingSpecialty);
	if (specialtyCode !== specialty.code.toUpperCase()) return refuse(EXEMPTION_REASONS.otherSpecialty);
	return {
		...line,
		eligible: true,
		reason: `Note de ${formatMark(mark)} sur 20 obtenue à la session ${year} : elle vous dispense de cette épreuve.`
	};
}

function judgeDiploma(
	diploma: RegistrationContent['priorResults']['diploma'],
	units: CatalogueUnit[],
	sessionYear: number
): Judged[] {
	// An incomplete declaration (no level yet) says nothing; the tab schema asks for the level.
	if (!diploma.held || !/^\d$/.test(diploma.level)) return [];
	const level = Number(diploma.level);
	const year = parseYear(diploma.year);
	let eligible = false;
	let reason: string;
	if (level < MIN_DIPLOMA_LEVEL) {
		reason = `Un diplôme de niveau ${level} ne dispense d’aucune épreuve : il faut un diplôme de niveau ${MIN_DIPLOMA_LEVEL} ou plus.`;
	} else if (year !== null && year >= sessionYear) {
		reason = `Le diplôme doit avoir été obtenu avant la session ${sessionYear}.`;
	} else {
		eligible = true;
		reason = `Votre diplôme de niveau ${level} vous dispense des épreuves d’enseignement général.`;
	}
	return units
		.filter((unit) => unit[EXEMPTION_RULES.diploma.exempts])
		.map((unit) => ({ unitCode: unit.code, unitName: unit.name, source: 'diploma' as const, eligible, reason }));
}

/** An eligible line beats an ineligible one; a kept mark beats a diploma (it carries a mark); then the best, latest mark. */
function isBetter(line: Judged, current: Judged): boolean {
	const rank = (candidate: Judged) => (candidate.eligible ? 2 : 0) + (candidate.source === 'kept-mark' ? 1 : 0);
	if (rank(line) !== rank(current)) return rank(line) > rank(current);
	if (!line.eligible || line.source !== 'kept-mark') return false;
	if (line.mark !== current.mark) return (line.mark ?? 0) > (current.mark ?? 0);
	return (line.markSessionYear ?? 0) > (current.markSessionYear ?? 0);
}

/**
 * The « Acquis » lines of a candidate: at most one line per unit, units of the specialty first in
 * catalogue order, then declared units that the specialty or option does not have.
 */
export function computeExemptions(
	specialty: CatalogueSpecialty,
	optionCode: string,
	priorResults: RegistrationContent['priorResults'],
	sessionYear: number
): ExemptionLine[] {
	const units = unitsOfOption(specialty, optionCode);
	const judged = [
		...priorResults.keptMarks.flatMap((declaration, index) =>
			declaration.unitCode.trim() === '' ? [] : [judgeKeptMark(declaration, index, specialty, units, sessionYear)]
		),
		...judgeDiploma(priorResults.diploma, units, sessionYear)
	];
	const best = new Map<string, Judged>();
	for (const line of judged) {
		const current = best.get(line.unitCode);
		if (!current || isBetter(line, current)) best.set(line.unitCode, line);
	}
	const unitOrder = new Map(units.map((unit, index) => [unit.code, index]));
	const declined = new Set(priorResults.declined);
	return [...best.values()]
		.map((line, insertion) => ({ line, order: unitOrder.get(line.unitCode) ?? units.length + insertion }))
		.sort((a, b) => a.order - b.order)
		.map(({ line }) => {
			const taken = line.eligible && !declined.has(line.unitCode);
			if (!line.eligible || taken) return { ...line, taken };
			const reason =
				line.source === 'kept-mark'
					? `Vous repassez cette épreuve : votre note de ${formatMark(line.mark ?? 0)} sur 20 sera définitivement perdue dès que l’inscription sera enregistrée.`
					: 'Vous passez cette épreuve malgré la dispense de votre diplôme.';
			return { ...line, taken, reason };
		});
}

export interface UnitToSit {
	code: string;
	name: string;
	/** An épreuve facultative (UF1, UF2…). */
	optional: boolean;
	/** The language chosen, for a unit that asks for one; null otherwise or when none is chosen yet. */
	languageCode: string | null;
	/** The candidate unticked an exemption to sit the unit again (a kept mark is then lost). */
	exemptionDeclined: boolean;
}

/** The units the candidate sits (SPEC R6): the specialty's, minus the exemptions taken, then the optional units chosen. */
export function unitsToSit(specialty: CatalogueSpecialty, content: RegistrationContent, sessionYear: number): UnitToSit[] {
	const { optionCode, languages, optionalUnits } = content.choice;
	const lines = new Map(
		computeExemptions(specialty, optionCode, content.priorResults, sessionYear).map((line) => [line.unitCode, line])
	);
	const languageOf = (code: string, asks: boolean) => (asks && has(languages, code) && languages[code] !== '' ? languages[code] : null);
	const chosen = new Set(optionalUnits);
	return [
		...unitsOfOption(specialty, optionCode)
			.filter((unit) => !lines.get(unit.code)?.taken)
			.map((unit) => ({
				code: unit.code,
				name: unit.name,
				optional: false,
				languageCode: languageOf(unit.code, unit.languageChoice),
				exemptionDeclined: lines.get(unit.code)?.eligible === true
			})),
		...specialty.optionalUnits
			.filter((unit) => chosen.has(unit.code))
			.map((unit) => ({
				code: unit.code,
				name: unit.name,
				optional: true,
				languageCode: languageOf(unit.code, unit.languageChoice),
				exemptionDeclined: false
			}))
	];
}

/** The kinds of prior result declared; each will require a supporting document (earlier transcript, diploma copy). */
export function declaredPriorResultTypes(content: RegistrationContent): Array<ExemptionSource> {
	const types: ExemptionSource[] = [];
	if (content.priorResults.keptMarks.length > 0) types.push('kept-mark');
	if (content.priorResults.diploma.held) types.push('diploma');
	return types;
}

/**
 * The content without leftovers of earlier choices: an option or optional units the specialty does
 * not have, languages of units that no longer ask for one, and unticked exemptions that no longer
 * exist. The wizard calls it when the candidate changes the specialty or the option, the server
 * before it stores a version (a valid content then loses only languages).
 */
export function pruneStaleEntries(content: RegistrationContent, catalogue: ExamCatalogue, sessionYear: number): RegistrationContent {
	const specialty = catalogue.specialties.find((candidate) => candidate.code === content.choice.specialtyCode);
	if (!specialty) return { ...content, choice: { ...content.choice, languages: {} }, priorResults: { ...content.priorResults, declined: [] } };
	const optionCode = specialty.options.some((option) => option.code === content.choice.optionCode) ? content.choice.optionCode : '';
	const optionalUnits = content.choice.optionalUnits.filter((code) => specialty.optionalUnits.some((unit) => unit.code === code));
	const asking = new Set([
		...unitsOfOption(specialty, optionCode).filter((unit) => unit.languageChoice).map((unit) => unit.code),
		...specialty.optionalUnits.filter((unit) => unit.languageChoice && optionalUnits.includes(unit.code)).map((unit) => unit.code)
	]);
	const eligible = new Set(
		computeExemptions(specialty, optionCode, content.priorResults, sessionYear)
			.filter((line) => line.eligible)
			.map((line) => line.unitCode)
	);
	return {
		...content,
		choice: {
			...content.choice,
			optionCode,
			optionalUnits,
			languages: Object.fromEntries(Object.entries(content.choice.languages).filter(([code]) => asking.has(code)))
		},
		priorResults: { ...content.priorResults, declined: content.priorResults.declined.filter((code) => eligible.has(code)) }
	};
}

// ─── Tab schemas (SPEC R2: « Suivant » validates the tab, errors beside their fields) ───

const INVALID = 'Valeur invalide.';
const text = (max: number) => z.string({ error: INVALID }).max(max, `Ce champ ne peut pas dépasser ${max} caractères.`);
const codeList = (max: number) => z.array(text(16), { error: INVALID }).max(max, INVALID);

const LAST_DIPLOMA_CODES = Object.keys(LAST_DIPLOMAS) as LastDiploma[];
const CURRENT_ACTIVITY_CODES = Object.keys(CURRENT_ACTIVITIES) as CurrentActivity[];

const choiceShape = z.object(
	{
		specialtyCode: text(16),
		optionCode: text(8),
		languages: z
			.record(text(16), text(8), { error: INVALID })
			.refine((languages) => Object.keys(languages).length <= 20, INVALID),
		optionalUnits: codeList(10)
	},
	{ error: INVALID }
);

const situationShape = z.object(
	{
		category: z.enum(['', ...CANDIDATE_SITUATIONS], 'Choisissez une catégorie dans la liste.'),
		lastDiploma: z.enum(['', ...LAST_DIPLOMA_CODES], 'Choisissez un diplôme dans la liste.'),
		lastDiplomaYear: text(10),
		currentActivity: z.enum(['', ...CURRENT_ACTIVITY_CODES], 'Choisissez une activité dans la liste.'),
		trainingOrganisation: text(120)
	},
	{ error: INVALID }
);

const keptMarkShape = z.object(
	{ unitCode: text(16), mark: text(10), sessionYear: text(10), academyCode: text(16), specialtyCode: text(16) },
	{ error: INVALID }
);

const priorResultsShape = z.object(
	{
		keptMarks: z.array(keptMarkShape, { error: INVALID }).max(30, 'Vous ne pouvez pas déclarer plus de 30 notes.'),
		diploma: z.object(
			{
				held: z.boolean({ error: INVALID }),
				name: text(120),
				level: z.enum(['', '4', '5', '6'], 'Choisissez un niveau dans la liste.'),
				year: text(10)
			},
			{ error: INVALID }
		),
		declined: codeList(40)
	},
	{ error: INVALID }
);

const accommodationsShape = z.object(
	{ applied: z.enum(['', 'yes', 'no'], 'Répondez par oui ou par non.') },
	{ error: INVALID }
);

type Issue = { path: Array<string | number>; message: string };
type Report = (issue: Issue) => void;

function checkChoice(choice: RegistrationContent['choice'], catalogue: ExamCatalogue, report: Report): void {
	const at = (path: Array<string | number>, message: string) => report({ path: ['choice', ...path], message });
	if (choice.specialtyCode === '') return at(['specialtyCode'], 'Choisissez une spécialité.');
	const specialty = catalogue.specialties.find((candidate) => candidate.code === choice.specialtyCode);
	if (!specialty) return at(['specialtyCode'], 'Choisissez une spécialité dans la liste.');

	let optionCode = choice.optionCode;
	if (specialty.options.length === 0) {
		if (optionCode !== '') at(['optionCode'], 'Cette spécialité ne comporte pas d’option.');
	} else if (optionCode === '') {
		at(['optionCode'], 'Choisissez une option.');
	} else if (!specialty.options.some((option) => option.code === optionCode)) {
		at(['optionCode'], 'Choisissez une option dans la liste.');
		optionCode = '';
	}

	const languages = new Map(catalogue.languages.map((language) => [language.code, language]));
	/** Valid languages already chosen, by unit, in the order of the form. */
	const chosen: Array<{ unitCode: string; language: string }> = [];
	const languageOf = (unitCode: string, optional: boolean): string | null => {
		const code = has(choice.languages, unitCode) ? choice.languages[unitCode] : '';
		const language = languages.get(code);
		let problem: string | null = null;
		if (code === '') problem = `Choisissez une langue pour l’épreuve ${unitCode}.`;
		else if (!language) problem = 'Choisissez une langue dans la liste.';
		else if (language.optionalOnly && !optional) problem = 'Cette langue ne peut être choisie que pour l’épreuve facultative de langue vivante.';
		if (problem === null) return code;
		at(['languages', unitCode], problem);
		return null;
	};

	for (const unit of unitsOfOption(specialty, optionCode).filter((candidate) => candidate.languageChoice)) {
		const language = languageOf(unit.code, false);
		if (language === null) continue;
		const same = chosen.find((earlier) => earlier.language === language);
		if (same) {
			at(
				['languages', unit.code],
				same.unitCode === 'E41' && unit.code === 'E42'
					? 'La langue vivante B doit être différente de la langue vivante A.'
					: `La langue de l’épreuve ${unit.code} doit être différente de celle de l’épreuve ${same.unitCode}.`
			);
		}
		chosen.push({ unitCode: unit.code, language });
	}
	const mandatoryCount = chosen.length;

	const seen = new Set<string>();
	// The optional units are one group of checkboxes: their errors go to the group.
	for (const code of choice.optionalUnits) {
		const unit = specialty.optionalUnits.find((candidate) => candidate.code === code);
		if (!unit) {
			at(['optionalUnits'], 'Choisissez une épreuve facultative dans la liste.');
			continue;
		}
		if (seen.has(code)) {
			at(['optionalUnits'], 'Cette épreuve facultative est déjà choisie.');
			continue;
		}
		seen.add(code);
		if (!unit.languageChoice) continue;
		const language = languageOf(code, true);
		if (language === null) continue;
		const same = chosen.findIndex((earlier) => earlier.language === language);
		if (same !== -1) {
			at(
				['languages', code],
				same < mandatoryCount
					? 'La langue de l’épreuve facultative doit être différente des langues choisies pour les épreuves obligatoires.'
					: `La langue de l’épreuve ${code} doit être différente de celle de l’épreuve ${chosen[same].unitCode}.`
			);
		}
		chosen.push({ unitCode: code, language });
	}
}

const TRAINING_REQUIRED: ReadonlyArray<RegistrationContent['situation']['category']> = ['distance-learning', 'continuing-education'];
const OLDEST_YEAR = 1940;

function checkYear(value: string, sessionYear: number | undefined, labels: { missing: string; after: string }): string | null {
	if (value.trim() === '') return labels.missing;
	const year = parseYear(value);
	if (year === null) return 'Indiquez l’année sur 4 chiffres, par exemple 2024.';
	if (year < OLDEST_YEAR) return 'Vérifiez l’année : elle paraît trop ancienne.';
	if (sessionYear !== undefined && year >= sessionYear) return labels.after;
	return null;
}

function checkSituation(situation: RegistrationContent['situation'], sessionYear: number | undefined, report: Report): void {
	const at = (field: string, message: string) => report({ path: ['situation', field], message });
	if (situation.category === '') at('category', 'Choisissez votre catégorie de candidat.');
	if (situation.lastDiploma === '') at('lastDiploma', 'Indiquez votre dernier diplôme obtenu.');
	else if (situation.lastDiploma !== 'none') {
		const problem = checkYear(situation.lastDiplomaYear, sessionYear, {
			missing: 'Indiquez l’année d’obtention de votre dernier diplôme.',
			after: `L’année d’obtention doit être antérieure à la session ${sessionYear}.`
		});
		if (problem) at('lastDiplomaYear', problem);
	}
	if (situation.currentActivity === '') at('currentActivity', 'Indiquez votre activité actuelle.');
	if (TRAINING_REQUIRED.includes(situation.category) && situation.trainingOrganisation.trim() === '') {
		at('trainingOrganisation', 'Indiquez le nom de votre organisme de formation.');
	}
}

function checkPriorResults(
	content: Pick<RegistrationContent, 'priorResults'> & { choice: Pick<RegistrationContent['choice'], 'specialtyCode' | 'optionCode'> },
	catalogue: ExamCatalogue,
	sessionYear: number,
	report: Report
): void {
	const { priorResults } = content;
	const at = (path: Array<string | number>, message: string) => report({ path: ['priorResults', ...path], message });
	const specialty = catalogue.specialties.find((candidate) => candidate.code === content.choice.specialtyCode);
	const units = specialty ? unitsOfOption(specialty, content.choice.optionCode) : [];

	const declaredUnits = new Set<string>();
	priorResults.keptMarks.forEach((declaration, index) => {
		const field = (name: string, message: string) => at(['keptMarks', index, name], message);
		const unitCode = declaration.unitCode;
		if (unitCode === '') field('unitCode', 'Choisissez l’épreuve concernée.');
		else if (!specialty) field('unitCode', 'Choisissez d’abord une spécialité dans l’onglet « Choix de l’examen ».');
		else if (!units.some((unit) => unit.code === unitCode)) {
			field('unitCode', specialty.units.some((unit) => unit.code === unitCode) ? EXEMPTION_REASONS.otherOption : 'Choisissez une épreuve de la spécialité dans la liste.');
		} else if (declaredUnits.has(unitCode)) field('unitCode', 'Vous avez déjà déclaré une note pour cette épreuve : ne gardez que la meilleure.');
		declaredUnits.add(unitCode);

		if (declaration.mark.trim() === '') field('mark', 'Indiquez la note obtenue.');
		else if (parseMark(declaration.mark) === null) field('mark', 'Indiquez une note de 0 à 20, avec deux décimales au plus, par exemple 12,5.');

		if (declaration.sessionYear.trim() === '') field('sessionYear', 'Indiquez l’année de la session.');
		else if (parseYear(declaration.sessionYear) === null) field('sessionYear', 'Indiquez l’année sur 4 chiffres, par exemple 2024.');

		if (declaration.academyCode === '') field('academyCode', 'Choisissez l’académie où la note a été obtenue.');
		else if (!catalogue.academies.some((academy) => academy.code === declaration.academyCode)) {
			field('academyCode', 'Choisissez une académie dans la liste.');
		}

		if (declaration.specialtyCode === '') field('specialtyCode', 'Choisissez la spécialité dans laquelle la note a été obtenue.');
		else if (!catalogue.specialties.some((candidate) => candidate.code === declaration.specialtyCode)) {
			field('specialtyCode', 'Choisissez une spécialité dans la liste.');
		}
	});

	const { diploma } = priorResults;
	if (diploma.held) {
		if (diploma.name.trim() === '') at(['diploma', 'name'], 'Indiquez l’intitulé de votre diplôme.');
		if (diploma.level === '') at(['diploma', 'level'], 'Indiquez le niveau de votre diplôme.');
		const problem = checkYear(diploma.year, sessionYear, {
			missing: 'Indiquez l’année d’obtention de votre diplôme.',
			after: `Le diplôme doit avoir été obtenu avant la session ${sessionYear}.`
		});
		if (problem) at(['diploma', 'year'], problem);
	}

	const exemptable = new Set(
		specialty
			? computeExemptions(specialty, content.choice.optionCode, priorResults, sessionYear)
					.filter((line) => line.eligible)
					.map((line) => line.unitCode)
			: []
	);
	// One checkbox per exemption line; an untick without a line has no checkbox: the error goes to the list.
	priorResults.declined.forEach((code) => {
		if (!exemptable.has(code)) at(['declined'], `Aucun acquis ne vous dispense de l’épreuve ${code} : elle ne peut pas être décochée.`);
	});
}

function checkAccommodations(accommodations: RegistrationContent['accommodations'], report: Report): void {
	if (accommodations.applied === '') {
		report({ path: ['accommodations', 'applied'], message: 'Indiquez si vous avez déposé une demande d’aménagement d’épreuves.' });
	}
}

const reporter = (ctx: z.RefinementCtx) => (issue: Issue) => ctx.addIssue({ code: 'custom', ...issue });

/** « Choix de l’examen »: specialty, option, languages, optional units. */
export function choiceTabSchema(catalogue: ExamCatalogue) {
	return z.object({ choice: choiceShape }).superRefine((content, ctx) => checkChoice(content.choice, catalogue, reporter(ctx)));
}

function situationSchema(sessionYear?: number) {
	return z.object({ situation: situationShape }).superRefine((content, ctx) => checkSituation(content.situation, sessionYear, reporter(ctx)));
}

/**
 * « Situation »: category, last diploma and its year, activity, training organisation.
 * `validateTab` and `registrationContentSchema` also check that the diploma year precedes the session.
 */
export const situationTabSchema = situationSchema();

/**
 * « Acquis »: each declaration's fields, and the diploma's when held. Ineligible marks are accepted
 * (the lines of `computeExemptions` say why they do not exempt); only exemptions can be unticked.
 * Reads the chosen specialty and option from `choice`.
 */
export function priorResultsTabSchema(catalogue: ExamCatalogue, sessionYear: number) {
	return z
		.object({ choice: choiceShape.pick({ specialtyCode: true, optionCode: true }), priorResults: priorResultsShape })
		.superRefine((content, ctx) => checkPriorResults(content, catalogue, sessionYear, reporter(ctx)));
}

/** « Aménagements » (SPEC R13): whether the candidate has applied, yes or no. */
export const accommodationsTabSchema = z
	.object({ accommodations: accommodationsShape })
	.superRefine((content, ctx) => checkAccommodations(content.accommodations, reporter(ctx)));

/** The whole content, as « Enregistrer » sends it: the server validates with this. */
export function registrationContentSchema(catalogue: ExamCatalogue, sessionYear: number) {
	return z
		.object({ choice: choiceShape, situation: situationShape, priorResults: priorResultsShape, accommodations: accommodationsShape }, { error: INVALID })
		.superRefine((content, ctx) => {
			const report = reporter(ctx);
			checkChoice(content.choice, catalogue, report);
			checkSituation(content.situation, sessionYear, report);
			checkPriorResults(content, catalogue, sessionYear, report);
			checkAccommodations(content.accommodations, report);
		});
}

// ─── The wizard's tabs (SPEC R2, R4) ───

export const TAB_ORDER = ['identity', 'choice', 'situation', 'priorResults', 'accommodations', 'summary'] as const;
export type RegistrationTab = (typeof TAB_ORDER)[number];

/** The guide's words, exactly. */
export const TAB_LABELS: Record<RegistrationTab, string> = {
	identity: 'Identité',
	choice: 'Choix de l’examen',
	situation: 'Situation',
	priorResults: 'Acquis',
	accommodations: 'Aménagements',
	summary: 'Récapitulatif'
};

export type FieldError = { path: Array<string | number>; message: string };
export type TabValidation = { valid: true } | { valid: false; errors: FieldError[] };

function schemaOfTab(tab: RegistrationTab, catalogue: ExamCatalogue, sessionYear: number): z.ZodType | null {
	switch (tab) {
		case 'identity':
			return null; // copied from the account, read-only (SPEC R3)
		case 'choice':
			return choiceTabSchema(catalogue);
		case 'situation':
			return situationSchema(sessionYear);
		case 'priorResults':
			return priorResultsTabSchema(catalogue, sessionYear);
		case 'accommodations':
			return accommodationsTabSchema;
		case 'summary':
			return registrationContentSchema(catalogue, sessionYear);
	}
}

/** What « Suivant » checks before moving on; on the summary, the whole content. */
export function validateTab(tab: RegistrationTab, content: RegistrationContent, catalogue: ExamCatalogue, sessionYear: number): TabValidation {
	const schema = schemaOfTab(tab, catalogue, sessionYear);
	if (!schema) return { valid: true };
	const result = schema.safeParse(content);
	if (result.success) return { valid: true };
	return {
		valid: false,
		errors: result.error.issues.map((issue) => ({
			path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
			message: issue.message
		}))
	};
}

/** The tab an error belongs to, from its path (for the server's answer to « Enregistrer », SPEC O4). */
export function tabOfPath(path: ReadonlyArray<string | number>): RegistrationTab {
	const head = path[0];
	return head === 'choice' || head === 'situation' || head === 'priorResults' || head === 'accommodations' ? head : 'summary';
}
