// « Suivant » and « Enregistrer » (SPEC R2, R4, R5, R13): the schema of each tab and of the whole
// content, shared by the wizard and the server, so that the client and the server can never disagree.
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
// - Kept marks are declared one per unit; a diploma must be held before the session's year.
import { z } from 'zod';
import { computeExemptions, EXEMPTION_REASONS, parseMark, parseYear, unitsOfOption } from './exemptions';
import { registrationContentShape, type ExamCatalogue, type RegistrationContent } from './registration-content';
import type { RegistrationTab } from './registration-tabs';

const {
	choice: choiceShape,
	situation: situationShape,
	priorResults: priorResultsShape,
	accommodations: accommodationsShape
} = registrationContentShape.shape;

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
		const code = Object.hasOwn(choice.languages, unitCode) ? choice.languages[unitCode] : '';
		const language = languages.get(code);
		let problem: string | null = null;
		if (code === '') problem = `Choisissez une langue pour l’épreuve ${unitCode}.`;
		else if (!language) problem = 'Choisissez une langue dans la liste.';
		else if (language.optionalOnly && !optional)
			problem = 'Cette langue ne peut être choisie que pour l’épreuve facultative de langue vivante.';
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
			field(
				'unitCode',
				specialty.units.some((unit) => unit.code === unitCode)
					? EXEMPTION_REASONS.otherOption
					: 'Choisissez une épreuve de la spécialité dans la liste.'
			);
		} else if (declaredUnits.has(unitCode))
			field('unitCode', 'Vous avez déjà déclaré une note pour cette épreuve : ne gardez que la meilleure.');
		declaredUnits.add(unitCode);

		if (declaration.mark.trim() === '') field('mark', 'Indiquez la note obtenue.');
		else if (parseMark(declaration.mark) === null)
			field('mark', 'Indiquez une note de 0 à 20, avec deux décimales au plus, par exemple 12,5.');

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
	return z
		.object({ situation: situationShape })
		.superRefine((content, ctx) => checkSituation(content.situation, sessionYear, reporter(ctx)));
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

function buildContentSchema(catalogue: ExamCatalogue, sessionYear: number) {
	return registrationContentShape.superRefine((content, ctx) => {
		const report = reporter(ctx);
		checkChoice(content.choice, catalogue, report);
		checkSituation(content.situation, sessionYear, report);
		checkPriorResults(content, catalogue, sessionYear, report);
		checkAccommodations(content.accommodations, report);
	});
}

// Built once per catalogue (kept in memory until it changes) and session: zod compiles a schema on
// its first parse, which a new schema per submission paid every time (issue #17).
const contentSchemas = new WeakMap<ExamCatalogue, Map<number, ReturnType<typeof buildContentSchema>>>();

/** The whole content, as « Enregistrer » sends it: the server validates with this. */
export function registrationContentSchema(catalogue: ExamCatalogue, sessionYear: number) {
	let bySession = contentSchemas.get(catalogue);
	if (!bySession) contentSchemas.set(catalogue, (bySession = new Map()));
	let schema = bySession.get(sessionYear);
	if (!schema) bySession.set(sessionYear, (schema = buildContentSchema(catalogue, sessionYear)));
	return schema;
}

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
export function validateTab(
	tab: RegistrationTab,
	content: RegistrationContent,
	catalogue: ExamCatalogue,
	sessionYear: number
): TabValidation {
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
