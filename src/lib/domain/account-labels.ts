// The account forms' labels and sentences, in a module without zod: the forms show them from their
// first load, while the schemas of ./account come only when a form first validates (issue #17's
// weight budgets). ./account re-exports them.

export const CIVILITIES = { M: 'Monsieur', MME: 'Madame' } as const;
export const NATIONALITIES = {
	FR: 'Française',
	EU: 'D’un autre pays de l’Union européenne',
	OTHER: 'D’un autre pays'
} as const;

/** SPEC A2, word for word. */
export const EMAIL_TAKEN_MESSAGE = 'Cette adresse mail existe déjà dans l’application.';
