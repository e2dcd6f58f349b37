import { describe, expect, it } from 'vitest';
import { safeNext } from './guard';

const ORIGIN = 'https://candidat.example.org';

describe('S1: the page after login stays on this site', () => {
	// Each of these has sent someone to another site through a naive « starts with / » check.
	const bypasses = [
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'\\/evil.example',
		'\\\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'\t//evil.example',
		'/%09/evil.example',
		'/%0a/evil.example',
		'/%0D%0A/evil.example',
		'/%00/evil.example',
		'/%2F%2Fevil.example',
		'/%2f/evil.example',
		'%2F%2Fevil.example',
		'/%5Cevil.example',
		'/%5C%5Cevil.example',
		'/.//evil.example',
		'/..//evil.example',
		'/./%2F/evil.example',
		'https://evil.example',
		'HTTPS://evil.example/mes-inscriptions',
		'hTtP://evil.example',
		'http:evil.example',
		'http:/\\evil.example',
		'//candidat.example.org@evil.example',
		'https://candidat.example.org@evil.example/',
		'https://candidat.example.org.evil.example/',
		'http://candidat.example.org/mes-inscriptions',
		'javascript:alert(1)',
		'JavaScript:alert(1)',
		' javascript:alert(1)',
		'java\tscript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'/%E0%A4%A',
		'/mes-inscriptions\u0000'
	];
	for (const target of bypasses) {
		it(`refuses ${JSON.stringify(target)}`, () => {
			expect(safeNext(target, ORIGIN)).toBe('/espace-candidat');
		});
	}

	it('falls back to the candidate space without a target', () => {
		expect(safeNext(null, ORIGIN)).toBe('/espace-candidat');
		expect(safeNext('', ORIGIN)).toBe('/espace-candidat');
	});

	it('keeps a local path with its query, without the fragment', () => {
		expect(safeNext('/mes-inscriptions', ORIGIN)).toBe('/mes-inscriptions');
		expect(safeNext('/inscription/BCP/2027/08?x=1', ORIGIN)).toBe('/inscription/BCP/2027/08?x=1');
		expect(safeNext('/mes-inscriptions/2708000012X/historique?version=2#v2', ORIGIN)).toBe(
			'/mes-inscriptions/2708000012X/historique?version=2'
		);
		expect(safeNext('/mes-documents?retour=%2Fmes-inscriptions', ORIGIN)).toBe('/mes-documents?retour=%2Fmes-inscriptions');
		expect(safeNext(`${ORIGIN}/mes-documents`, ORIGIN)).toBe('/mes-documents');
		// The URL parser reads a same-scheme target without slashes as a path of this site.
		expect(safeNext('https:evil.example', ORIGIN)).toBe('/evil.example');
	});
});
