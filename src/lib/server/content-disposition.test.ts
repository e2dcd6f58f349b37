import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition';

// One header value, two parameters: a quoted ASCII string without " or \ or ;, then RFC 5987 attr-chars.
const SHAPE = /^(inline|attachment); filename="([\x20\x21\x23-\x3a\x3c-\x5b\x5d-\x7e]+)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/;

function parse(header: string) {
	const match = SHAPE.exec(header);
	if (!match) throw new Error(`unexpected header: ${JSON.stringify(header)}`);
	return { type: match[1], fallback: match[2], name: decodeURIComponent(match[3]) };
}

describe('download file names in Content-Disposition (RFC 6266, RFC 5987)', () => {
	it('keeps a plain name as it is', () => {
		const name = 'confirmation-inscription-27080000012-version-01.pdf';
		expect(contentDisposition('inline', name)).toBe(`inline; filename="${name}"; filename*=UTF-8''${name}`);
	});

	it('gives the exact name in UTF-8 and a readable ASCII fallback', () => {
		expect(contentDisposition('attachment', 'Relevé de notes – session 2027.pdf')).toBe(
			`attachment; filename="Releve de notes _ session 2027.pdf"; filename*=UTF-8''Relev%C3%A9%20de%20notes%20%E2%80%93%20session%202027.pdf`
		);
	});

	it('cannot be broken out of by quotes, line breaks, semicolons or folders', () => {
		const name = 'a"b\\c;\r\nSet-Cookie: x=1; filename="evil.html"/../%41.pdf';
		const header = contentDisposition('attachment', name);
		expect(header).not.toMatch(/[\r\n]/);
		expect(parse(header)).toEqual({ type: 'attachment', fallback: 'a_b_c___Set-Cookie: x=1_ filename=_evil.html__..__41.pdf', name });
		expect(() => new Headers({ 'Content-Disposition': header })).not.toThrow();
	});

	it('encodes the characters RFC 5987 keeps out of attr-char, such as quote marks and parentheses', () => {
		expect(contentDisposition('inline', "l'avis (1)*.pdf")).toContain(`filename*=UTF-8''l%27avis%20%281%29%2A.pdf`);
	});

	it('never leaves the fallback empty', () => {
		expect(parse(contentDisposition('inline', '')).fallback).toBe('document');
		expect(parse(contentDisposition('inline', ' \t ')).fallback).toBe('_');
	});

	it('is a valid header for any name, and filename* gives the name back', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('inline' as const, 'attachment' as const), (name, type) => {
				const header = contentDisposition(type, name);
				const parsed = parse(header);
				expect(parsed.type).toBe(type);
				expect(parsed.name).toBe(name);
				expect(() => new Headers({ 'Content-Disposition': header })).not.toThrow();
			})
		);
	});
});
