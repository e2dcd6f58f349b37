// Leftovers of earlier choices in a content (SPEC R4, R6).
import { computeExemptions, unitsOfOption } from './exemptions';
import type { ExamCatalogue, RegistrationContent } from './registration-content';

/**
 * The content without leftovers of earlier choices: an option or optional units the specialty does
 * not have, languages of units that no longer ask for one, and unticked exemptions that no longer
 * exist. The wizard calls it when the candidate changes the specialty or the option, the server
 * before it stores a version (a valid content then loses only languages).
 */
export function pruneStaleEntries(content: RegistrationContent, catalogue: ExamCatalogue, sessionYear: number): RegistrationContent {
	const specialty = catalogue.specialties.find((candidate) => candidate.code === content.choice.specialtyCode);
	if (!specialty)
		return { ...content, choice: { ...content.choice, languages: {} }, priorResults: { ...content.priorResults, declined: [] } };
	const optionCode = specialty.options.some((option) => option.code === content.choice.optionCode) ? content.choice.optionCode : '';
	const optionalUnits = content.choice.optionalUnits.filter((code) => specialty.optionalUnits.some((unit) => unit.code === code));
	const asking = new Set([
		...unitsOfOption(specialty, optionCode)
			.filter((unit) => unit.languageChoice)
			.map((unit) => unit.code),
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
