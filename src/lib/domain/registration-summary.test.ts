import { describe, expect, it } from 'vitest';
import type { SummaryUnits } from './exemptions';
import {
	emptyRegistrationContent,
	type CatalogueSpecialty,
	type CatalogueUnit,
	type ExamCatalogue,
	type RegistrationContent
} from './registration-content';
import { summarySections } from './registration-summary';

const CONSEIL_ET_VENTE: CatalogueUnit = {
	code: 'E31',
	name: 'Conseil et vente',
	parentCode: 'E3',
	optionCode: null,
	general: false,
	coefficient: 1,
	languageChoice: false,
	illustrative: true
};
const specialty: CatalogueSpecialty = {
	code: 'MCV',
	name: 'Métiers du commerce et de la vente',
	options: [{ code: 'A', name: 'Animation et gestion de l’espace commercial' }],
	units: [CONSEIL_ET_VENTE],
	optionalUnits: []
};
const catalogue: ExamCatalogue = {
	examDomainCode: 'BCP',
	sessionYear: 2027,
	specialties: [specialty],
	languages: [{ code: 'en', name: 'Anglais', optionalOnly: false }],
	situations: [{ code: 'individual', label: 'Candidat individuel', description: '' }],
	academies: []
};
const exam = { domainName: 'Baccalauréat professionnel', sessionYear: 2027, academyName: 'Grenoble' };
const identity = {
	civility: 'MME',
	birthName: 'Légère',
	usageName: 'Martin',
	firstNames: 'Lou Anne',
	birthDate: '2005-03-14',
	birthPlace: 'Lyon',
	birthCountry: 'France',
	nationality: 'FR',
	addressLine1: '3 rue des Lilas',
	postalCode: '38000',
	city: 'Grenoble',
	country: 'France',
	phone: '',
	email: 'lou@example.fr'
};

function filledContent(): RegistrationContent {
	const content = emptyRegistrationContent();
	content.choice = { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en' }, optionalUnits: [] };
	content.situation = {
		category: 'individual',
		lastDiploma: 'cap',
		lastDiplomaYear: '2022',
		currentActivity: 'employed',
		trainingOrganisation: ''
	};
	content.priorResults.keptMarks = [{ unitCode: 'E31', mark: '12,5', sessionYear: '2025', academyCode: '08', specialtyCode: 'MCV' }];
	content.accommodations.applied = 'no';
	return content;
}

const units: SummaryUnits = {
	exemptions: [
		{
			unitCode: 'E31',
			unitName: 'Conseil et vente',
			source: 'kept-mark',
			eligible: true,
			taken: true,
			reason: '',
			mark: 12.5,
			markSessionYear: 2025
		}
	],
	sitting: [
		{ code: 'E41', name: 'Langue vivante A', optional: false, languageCode: 'en', exemptionDeclined: false },
		{ code: 'UF2', name: 'Éducation physique et sportive', optional: true, languageCode: null, exemptionDeclined: false }
	]
};

describe('R6: the summary of a registration, as text', () => {
	it('writes each section a person reads, in order, with labels and values', () => {
		expect(summarySections(filledContent(), catalogue, identity, exam, units)).toEqual([
			{
				heading: 'Identité',
				facts: [
					{ term: 'Nom', text: 'Madame Légère (nom d’usage Martin)' },
					{ term: 'Prénoms', text: 'Lou Anne' },
					{ term: 'Date et lieu de naissance', text: '14/03/2005, Lyon (France)' },
					{ term: 'Nationalité', text: 'Française' },
					{ term: 'Adresse', text: '3 rue des Lilas, 38000 Grenoble, France' },
					{ term: 'Téléphone', text: '—' },
					{ term: 'Adresse mail', text: 'lou@example.fr' }
				]
			},
			{
				heading: 'Examen',
				facts: [
					{ term: 'Examen', text: 'Baccalauréat professionnel, session 2027' },
					{ term: 'Académie', text: 'Grenoble' },
					{ term: 'Spécialité', text: 'Métiers du commerce et de la vente, option A – Animation et gestion de l’espace commercial' }
				]
			},
			{
				heading: 'Situation',
				facts: [
					{ term: 'Catégorie', text: 'Candidat individuel' },
					{ term: 'Dernier diplôme', text: 'CAP ou BEP (2022)' },
					{ term: 'Activité', text: 'Salarié(e)' }
				]
			},
			{
				heading: 'Acquis déclarés',
				facts: [
					{ term: 'Notes conservées', items: ['E31 – Conseil et vente : 12,5 sur 20, session 2025'] },
					{ term: 'Diplôme permettant des dispenses', text: 'Aucun diplôme déclaré.' }
				]
			},
			{
				heading: 'Épreuves que je passerai',
				items: ['E41 – Langue vivante A (Anglais)', 'UF2 – Éducation physique et sportive – épreuve facultative']
			},
			{ heading: 'Épreuves dont je suis dispensé(e)', items: ['E31 – Conseil et vente : note conservée de 12,5 sur 20 (2025)'] },
			{ heading: 'Aménagements', text: 'Demande d’aménagement d’épreuves déposée : non' }
		]);
	});

	it('says so where nothing was entered: dashes, no mark, no exemption', () => {
		const sections = summarySections(emptyRegistrationContent(), catalogue, {}, exam, { exemptions: [], sitting: [] });
		const byHeading = new Map(sections.map((section) => [section.heading, section]));
		expect(byHeading.get('Identité')?.facts?.find((fact) => fact.term === 'Adresse')?.text).toBe('—');
		expect(byHeading.get('Examen')?.facts?.find((fact) => fact.term === 'Spécialité')?.text).toBe('—');
		expect(byHeading.get('Situation')?.facts?.map((fact) => fact.text)).toEqual(['—', '—', '—']);
		expect(byHeading.get('Acquis déclarés')?.facts?.[0]).toEqual({ term: 'Notes conservées', text: 'Aucune note déclarée.' });
		expect(byHeading.get('Épreuves que je passerai')?.items).toEqual([]);
		expect(byHeading.get('Épreuves dont je suis dispensé(e)')).toEqual({ heading: 'Épreuves dont je suis dispensé(e)', text: 'Aucune.' });
		expect(byHeading.get('Aménagements')?.text).toBe('Demande d’aménagement d’épreuves déposée : —');
	});

	it('names the diploma held with its level and year, and a declined exemption among the units sat', () => {
		const content = filledContent();
		content.priorResults.diploma = { held: true, name: 'BTS MCO', level: '5', year: '2020' };
		const sections = summarySections(content, catalogue, identity, exam, {
			exemptions: [],
			sitting: [{ code: 'E31', name: 'Conseil et vente', optional: false, languageCode: null, exemptionDeclined: true }]
		});
		expect(sections[3].facts?.[1].text).toBe('BTS MCO, niveau 5, obtenu en 2020');
		expect(sections[4].items).toEqual(['E31 – Conseil et vente – je renonce à la dispense']);
	});
});
