// Content-Disposition per RFC 6266: an ASCII `filename` for old clients, the exact name in
// `filename*` (RFC 5987, UTF-8 percent-encoded). Whatever the name holds (quotes, line breaks,
// semicolons, accents), it cannot end the header value or add a parameter.

// RFC 5987 attr-char: what `filename*` may carry unencoded.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
// Outside printable ASCII, and what would close the quoted string, escape, add a parameter, be
// percent-decoded by some clients (RFC 6266 §4.3) or name a folder.
const UNSAFE_IN_FALLBACK = /[^\x20-\x7e]|["\\;%/]/gu;

function percentEncoded(name: string): string {
	let encoded = '';
	for (const byte of new TextEncoder().encode(name)) {
		const char = String.fromCharCode(byte);
		encoded += ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return encoded;
}

function asciiFallback(name: string): string {
	// « Relevé » becomes « Releve » rather than « Relev_ ».
	const fallback = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(UNSAFE_IN_FALLBACK, '_').trim();
	return fallback || 'document';
}

export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
	return `${type}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${percentEncoded(fileName)}`;
}
