// The guide's password rule (§2), as SPEC A3 defines it. One function for the live checklist,
// the client schema and the server.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 20;

export type PasswordRule = 'length' | 'lowercase' | 'uppercase' | 'special';

export const PASSWORD_RULES: ReadonlyArray<{ rule: PasswordRule; label: string }> = [
	{ rule: 'length', label: `Entre ${PASSWORD_MIN_LENGTH} et ${PASSWORD_MAX_LENGTH} caractères` },
	{ rule: 'lowercase', label: 'Au moins une lettre minuscule' },
	{ rule: 'uppercase', label: 'Au moins une lettre majuscule' },
	{ rule: 'special', label: 'Au moins un caractère spécial (ni lettre ni chiffre ; l’espace en est un)' }
];

/**
 * Which rules a password meets. Length counts Unicode code points (an emoji is one character);
 * accented letters are letters (é is lowercase, É uppercase); a special character is anything
 * that is neither a letter nor a decimal digit, the space included.
 */
export function checkPassword(password: string): Record<PasswordRule, boolean> {
	const length = [...password].length;
	return {
		length: length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH,
		lowercase: /\p{Ll}/u.test(password),
		uppercase: /\p{Lu}/u.test(password),
		special: /[^\p{L}\p{Nd}]/u.test(password)
	};
}

export function isPasswordValid(password: string): boolean {
	return Object.values(checkPassword(password)).every(Boolean);
}

/** The French sentence for the rules a password misses. */
export function passwordProblem(password: string): string | null {
	const checks = checkPassword(password);
	const missing = PASSWORD_RULES.filter(({ rule }) => !checks[rule]).map(({ label }) => label.toLowerCase());
	if (missing.length === 0) return null;
	return `Le mot de passe ne respecte pas la règle : ${missing.join(' ; ')}.`;
}
