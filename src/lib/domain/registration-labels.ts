// The labels of a registration's situation tab, without zod: a registration's page shows them from
// its first load (issue #17's weight budgets). ./registration-content re-exports them.

/** The last diploma a candidate holds, with its level in the national framework. */
export const LAST_DIPLOMAS = {
	none: { label: 'Aucun diplôme', level: 0 },
	dnb: { label: 'Diplôme national du brevet', level: 2 },
	cap: { label: 'CAP ou BEP', level: 3 },
	'bac-pro': { label: 'Baccalauréat professionnel', level: 4 },
	bac: { label: 'Baccalauréat général ou technologique', level: 4 },
	'bac-plus-2': { label: 'Diplôme de niveau bac + 2 (BTS, DUT…)', level: 5 },
	'bac-plus-3': { label: 'Licence ou diplôme de niveau supérieur', level: 6 },
	foreign: { label: 'Diplôme étranger', level: 0 }
} as const;
export type LastDiploma = keyof typeof LAST_DIPLOMAS;

export const CURRENT_ACTIVITIES = {
	training: 'En formation',
	employed: 'Salarié(e)',
	'job-seeker': 'Demandeur ou demandeuse d’emploi',
	other: 'Autre situation'
} as const;
export type CurrentActivity = keyof typeof CURRENT_ACTIVITIES;
