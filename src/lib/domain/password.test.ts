import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword, isPasswordValid, passwordProblem } from './password';

// SPEC A3, restated character by character: 8–20 code points, a lowercase letter, an uppercase
// letter, a character that is neither a letter nor a digit (space included). Letters and digits are
// Unicode's general categories L and Nd: « Ⅰ » (a Roman numeral, Nl) has case but is no letter.
function specA3(password: string): boolean {
	const chars = [...password];
	const isLetter = (c: string) => /^\p{L}$/u.test(c);
	const isDigit = (c: string) => /^\p{Nd}$/u.test(c);
	return (
		chars.length >= 8 &&
		chars.length <= 20 &&
		chars.some((c) => /\p{Ll}/u.test(c)) &&
		chars.some((c) => /\p{Lu}/u.test(c)) &&
		chars.some((c) => !isLetter(c) && !isDigit(c))
	);
}

const pieces = fc.oneof(
	fc.constantFrom('a', 'é', 'ß', 'Z', 'É', 'Œ', '7', '٣', ' ', '!', '’', '€', '😀', '_', 'ǅ', '中'),
	fc.string({ unit: 'grapheme', maxLength: 3 })
);
const passwords = fc.array(pieces, { maxLength: 14 }).map((parts) => parts.join(''));

describe('A3: the password rule', () => {
	it('agrees with SPEC A3 on any string', () => {
		fc.assert(
			fc.property(passwords, (password) => isPasswordValid(password) === specA3(password)),
			{ numRuns: 5000 }
		);
	});

	it('counts code points, not UTF-16 units', () => {
		expect(checkPassword('Aa!😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀').length).toBe(true); // 20 code points, 37 units
		expect(checkPassword('Aa!😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀').length).toBe(false); // 21
		expect(checkPassword('Aa!😀').length).toBe(false);
	});

	it('counts a character with case that is not a letter (Roman numeral Ⅰ) as special', () => {
		expect(checkPassword('motdepaSSⅠ')).toMatchObject({ special: true, uppercase: true });
		expect(checkPassword('motdepassⅠ')).toMatchObject({ special: true, uppercase: false });
	});

	it('treats accented letters as letters and the space as special', () => {
		expect(isPasswordValid('ÉTÉ été 2027')).toBe(true);
		expect(checkPassword('éééééééÉ')).toEqual({ length: true, lowercase: true, uppercase: true, special: false });
		expect(checkPassword('Motdepasse1')).toMatchObject({ special: false });
		expect(checkPassword('Mot de passe')).toMatchObject({ special: true });
	});

	it('explains in French what is missing', () => {
		expect(passwordProblem('motdepasse')).toBe(
			'Le mot de passe ne respecte pas la règle : au moins une lettre majuscule ; au moins un caractère spécial (ni lettre ni chiffre ; l’espace en est un).'
		);
		expect(passwordProblem('Mot de passe')).toBeNull();
	});
});
