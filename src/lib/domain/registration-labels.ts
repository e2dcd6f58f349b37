// The labels of a registration's situation tab and an empty registration, without zod: a
// registration's page and the wizard use them from their first load (issue #17's weight budgets).
// ./registration-content re-exports them.
import type { RegistrationContent } from './registration-content';

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

/** A registration not yet filled in (the wizard's start; pages import it without zod). */
export function emptyRegistrationContent(): RegistrationContent {
	return {
		choice: { specialtyCode: '', optionCode: '', languages: {}, optionalUnits: [] },
		situation: { category: '', lastDiploma: '', lastDiplomaYear: '', currentActivity: '', trainingOrganisation: '' },
		priorResults: { keptMarks: [], diploma: { held: false, name: '', level: '', year: '' }, declined: [] },
		accommodations: { applied: '' }
	};
}
