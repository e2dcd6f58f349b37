// « Acquis » (SPEC R5): the exemption rules, as data plus one function, and what they leave to sit
// (SPEC R6). Sessions are yearly: « the last five sessions » of session 2027 are 2022 to 2026.
import type { CatalogueSpecialty, CatalogueUnit, ExamCatalogue, RegistrationContent } from './registration-content';

import { formatMark } from './marks';

export { DECLINED_MARK_WARNING, formatMark } from './marks';

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

const MARK_PATTERN = /^(\d{1,2})(?:[.,](\d{1,2}))?$/;

/** A mark as typed, « 12,5 » or « 12.5 »: 0 to 20, two decimals at most; null when it is not one. */
export function parseMark(text: string): number | null {
	const match = MARK_PATTERN.exec(text.trim());
	if (!match) return null;
	const mark = Number(`${match[1]}.${match[2] ?? '0'}`);
	return mark <= 20 ? mark : null;
}

/** A year as typed, four digits; null when it is not one. */
export function parseYear(text: string): number | null {
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

function judgeDiploma(diploma: RegistrationContent['priorResults']['diploma'], units: CatalogueUnit[], sessionYear: number): Judged[] {
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
	const lines = new Map(computeExemptions(specialty, optionCode, content.priorResults, sessionYear).map((line) => [line.unitCode, line]));
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

/** What the summary (SPEC R6) shows of the units: the exemptions and the units to sit. */
export interface SummaryUnits {
	exemptions: ExemptionLine[];
	sitting: UnitToSit[];
}

/**
 * The summary's units, computed by whoever has the rules at hand: the wizard as the candidate
 * types, the server for a saved registration (its pages then need not carry these rules).
 */
export function summaryUnits(catalogue: ExamCatalogue, content: RegistrationContent, sessionYear: number): SummaryUnits {
	const specialty = catalogue.specialties.find((entry) => entry.code === content.choice.specialtyCode);
	if (!specialty) return { exemptions: [], sitting: [] };
	return {
		exemptions: computeExemptions(specialty, content.choice.optionCode, content.priorResults, sessionYear),
		sitting: unitsToSit(specialty, content, sessionYear)
	};
}
