// Random tokens for cookies and mailed links: 160 bits from the platform's CSPRNG; only their
// SHA-256 is stored, so a copy of the database opens nothing.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A random identifier for rows whose id is shown nowhere secret. */
export function generateId(): string {
	const bytes = new Uint8Array(15);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** Random text from an alphabet, without modulo bias (rejection sampling). */
export function randomString(alphabet: string, length: number): string {
	const limit = 256 - (256 % alphabet.length);
	let text = '';
	while (text.length < length) {
		const bytes = new Uint8Array(length * 2);
		crypto.getRandomValues(bytes);
		for (const byte of bytes) {
			if (byte < limit && text.length < length) text += alphabet[byte % alphabet.length];
		}
	}
	return text;
}
