import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	checkCharacter,
	formatCandidateNumber,
	formatRegistrationNumber,
	hasValidCheckCharacter,
	isCandidateNumber,
	isRegistrationNumber
} from './numbers';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const candidateNumbers = fc
	.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9_999_999 }))
	.map(([academy, sequence]) => formatCandidateNumber(String(academy).padStart(2, '0'), sequence));

describe('R14: numbers and their check character', () => {
	it('matches the ISO 7064 MOD 37-36 reference values', () => {
		// Reference values computed independently with python-stdnum's iso7064.mod_37_36.
		expect(checkCharacter('A12425GABC1234002')).toBe('M');
		expect(hasValidCheckCharacter('A12425GABC1234002M')).toBe(true);
	});

	it('formats candidate numbers as académie, 7-digit sequence and check character', () => {
		const number = formatCandidateNumber('08', 42);
		expect(number).toMatch(/^080000042[0-9A-Z]$/);
		expect(isCandidateNumber(number)).toBe(true);
	});

	it('formats registration numbers as year, académie, 6-digit sequence and check character', () => {
		const number = formatRegistrationNumber(2027, '28', 1234);
		expect(number).toMatch(/^2728001234[0-9A-Z]$/);
		expect(number).toHaveLength(11);
		expect(isRegistrationNumber(number)).toBe(true);
	});

	it('catches every single-character error', () => {
		fc.assert(
			fc.property(candidateNumbers, fc.nat(), fc.nat(), (number, position, shift) => {
				const index = position % number.length;
				const original = ALPHABET.indexOf(number[index]);
				const replacement = ALPHABET[(original + 1 + (shift % (ALPHABET.length - 1))) % ALPHABET.length];
				const typo = number.slice(0, index) + replacement + number.slice(index + 1);
				return !hasValidCheckCharacter(typo);
			}),
			{ numRuns: 2000 }
		);
	});

	// SPEC R14 says MOD 37-36 catches every swap of two neighbours. It does not: it is a hybrid
	// system, and a few swaps of two neighbours keep the check valid (about 0.45 % of them, measured
	// here). The algorithm is kept because SPEC names it; this test pins what it really catches.
	it('catches more than 99 % of swaps of two different neighbours, and names the ones it misses', () => {
		let swaps = 0;
		const missed: string[] = [];
		for (let academy = 1; academy < 100; academy += 7) {
			for (let sequence = 1; sequence < 9_999_999; sequence += 9973) {
				const number = formatCandidateNumber(String(academy).padStart(2, '0'), sequence);
				for (let index = 0; index < number.length - 1; index++) {
					if (number[index] === number[index + 1]) continue;
					swaps++;
					const swapped = number.slice(0, index) + number[index + 1] + number[index] + number.slice(index + 2);
					if (hasValidCheckCharacter(swapped)) missed.push(`${number}→${swapped}`);
				}
			}
		}
		expect(swaps).toBeGreaterThan(100_000);
		expect(missed.length / swaps).toBeLessThan(0.01);
		expect(missed).toContain('0109673829→0109763829');
	});
});
