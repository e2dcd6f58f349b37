// Candidate and registration numbers (SPEC R14), with their ISO 7064 MOD 37-36 check character:
// it catches every single-character error and every swap of two neighbouring characters.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MODULUS = ALPHABET.length; // 36

function mod3736(text: string): number {
	let check = MODULUS / 2;
	for (const char of text) {
		const value = ALPHABET.indexOf(char);
		if (value < 0) throw new RangeError(`'${char}' is not in 0-9A-Z`);
		check = ((((check || MODULUS) * 2) % (MODULUS + 1)) + value) % MODULUS;
	}
	return check;
}

export function checkCharacter(text: string): string {
	return ALPHABET[(1 - (((mod3736(text) || MODULUS) * 2) % (MODULUS + 1)) + MODULUS) % MODULUS];
}

export function hasValidCheckCharacter(text: string): boolean {
	return /^[0-9A-Z]{2,}$/.test(text) && mod3736(text) === 1;
}

/** N° candidat: the académie of the first registration (2), a sequence per académie (7), a check character. */
export function formatCandidateNumber(academyCode: string, sequence: number): string {
	if (!/^\d{2}$/.test(academyCode)) throw new RangeError(`académie code ${academyCode}`);
	if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) throw new RangeError(`sequence ${sequence}`);
	const body = academyCode + String(sequence).padStart(7, '0');
	return body + checkCharacter(body);
}

/** N° inscription: the session year (2), the académie (2), a sequence per session and académie (6), a check character. */
export function formatRegistrationNumber(sessionYear: number, academyCode: string, sequence: number): string {
	if (!/^\d{2}$/.test(academyCode)) throw new RangeError(`académie code ${academyCode}`);
	if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`sequence ${sequence}`);
	const body = String(sessionYear % 100).padStart(2, '0') + academyCode + String(sequence).padStart(6, '0');
	return body + checkCharacter(body);
}

export function isCandidateNumber(text: string): boolean {
	return /^\d{9}[0-9A-Z]$/.test(text) && hasValidCheckCharacter(text);
}

export function isRegistrationNumber(text: string): boolean {
	return /^\d{10}[0-9A-Z]$/.test(text) && hasValidCheckCharacter(text);
}

/** What a person may type: spaces and lowercase are forgiven. */
export function normalizeNumber(text: string): string {
	return text.replace(/[\s.-]/g, '').toUpperCase();
}
