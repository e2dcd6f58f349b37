// Labels of the catalogue that pages and server share; no zod here (./services-query has the
// query's schema), so that a page showing them does not carry it (issue #17's weight budgets).

export type AcademyKind = 'academy' | 'vice-rectorate' | 'foreign-centre';

export const ACADEMY_KIND_LABELS: Record<AcademyKind, string> = {
	academy: 'Académies',
	'vice-rectorate': 'Vice-rectorats',
	'foreign-centre': 'Centres d’examen à l’étranger'
};

/** An académie as a list shows it: a centre abroad followed by its country. */
export function academyLabel(academy: { name: string; countryName: string | null }): string {
	return academy.countryName ? `${academy.name} (${academy.countryName})` : academy.name;
}

/** One `<option>` of the exam / session / académie choice; a group is an `<optgroup>` (no label: none). */
export interface ChoiceOption {
	value: string;
	label: string;
}
export interface ChoiceGroup {
	label: string | null;
	options: ChoiceOption[];
}
/** The three lists of the choice, by the name of their field. */
export type Choices = Record<'domaine' | 'session' | 'academie', ChoiceGroup[]>;
