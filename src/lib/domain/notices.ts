// Sentences the candidate's pages show, in a module without zod nor rules: a page that imports them does not
// carry the validation library (issue #17's weight budgets). Their domain modules re-export them.

/** What the candidate reads where the office's contact is not confirmed: never a placeholder as fact. */
export const OFFICE_CONTACT_PENDING = 'Les coordonnées du service des examens vous seront communiquées par votre académie.';

/** SPEC M7, A7: what a pupil reads instead of « Modifier » and « Se désinscrire ». */
export const SCHOOL_MADE_NOTICE = 'Inscription faite par votre établissement : pour toute modification, adressez-vous à lui.';

/** SPEC R12: a registration changed after its supporting documents were locked. */
export const PENDING_VALIDATION_NOTICE = 'Modifications à faire valider par le service des examens';
