import { describe, expect, it } from 'vitest';
import { diffContents } from './registration-diff';
import { emptyRegistrationContent, type ExamCatalogue, type RegistrationContent } from './registration-content';

const catalogue: ExamCatalogue = {
	examDomainCode: 'BCP',
	sessionYear: 2027,
	specialties: [
		{
			code: 'MCV',
			name: 'Métiers du commerce et de la vente',
			options: [
				{ code: 'A', name: 'Animation' },
				{ code: 'B', name: 'Prospection' }
			],
			units: [],
			optionalUnits: []
		},
		{ code: 'CUISINE', name: 'Cuisine', options: [], units: [], optionalUnits: [] }
	],
	languages: [
		{ code: 'en', name: 'Anglais', optionalOnly: false },
		{ code: 'es', name: 'Espagnol', optionalOnly: false },
		{ code: 'de', name: 'Allemand', optionalOnly: false }
	],
	situations: [{ code: 'individual', label: 'Candidat individuel', description: '' }],
	academies: []
};

function content(changes: (content: RegistrationContent) => void): RegistrationContent {
	const base = emptyRegistrationContent();
	base.choice = { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] };
	base.accommodations.applied = 'no';
	changes(base);
	return base;
}

describe('R10: what changed between two versions, in French', () => {
	it('names each changed field with its label and both values', () => {
		const before = content(() => {});
		const after = content((c) => {
			c.choice.optionCode = 'B';
			c.choice.languages.E42 = 'de';
			c.accommodations.applied = 'yes';
		});
		expect(diffContents(before, after, catalogue)).toEqual([
			{ label: 'Option', before: 'A – Animation', after: 'B – Prospection' },
			{ label: 'Langue de l’épreuve E42', before: 'Espagnol', after: 'Allemand' },
			{ label: 'Demande d’aménagement d’épreuves déposée', before: 'Non', after: 'Oui' }
		]);
	});

	it('finds nothing when nothing changed, and shows added or removed lines', () => {
		expect(
			diffContents(
				content(() => {}),
				content(() => {}),
				catalogue
			)
		).toEqual([]);
		const after = content((c) => {
			c.choice = { specialtyCode: 'CUISINE', optionCode: '', languages: { E4: 'en' }, optionalUnits: [] };
		});
		expect(
			diffContents(
				content(() => {}),
				after,
				catalogue
			)
		).toEqual([
			{ label: 'Spécialité', before: 'Métiers du commerce et de la vente', after: 'Cuisine' },
			{ label: 'Option', before: 'A – Animation', after: '—' },
			{ label: 'Langue de l’épreuve E41', before: 'Anglais', after: '—' },
			{ label: 'Langue de l’épreuve E42', before: 'Espagnol', after: '—' },
			{ label: 'Langue de l’épreuve E4', before: '—', after: 'Anglais' }
		]);
	});
});
