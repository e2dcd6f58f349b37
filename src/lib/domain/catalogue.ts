// Labels of the catalogue that pages and server share; no zod here (./services-query has the
// query's schema), so that a page showing them does not carry it (issue #17's weight budgets).

export type AcademyKind = 'academy' | 'vice-rectorate' | 'foreign-centre';

export const ACADEMY_KIND_LABELS: Record<AcademyKind, string> = {
	academy: 'Académies',
	'vice-rectorate': 'Vice-rectorats',
	'foreign-centre': 'Centres d’examen à l’étranger'
};
