// « Récapitulatif » (SPEC R6) as text: what the wizard shows as the candidate types and what the
// server sends for a saved registration, whose page then carries neither the catalogue nor the
// labels (issue #17's weight budgets).
import { CIVILITIES } from './account-labels';
import type { SummaryUnits } from './exemptions';
import { formatMark } from './marks';
import { personalValueText } from './personal-values';
import type { ExamCatalogue, RegistrationContent } from './registration-content';
import { CURRENT_ACTIVITIES, LAST_DIPLOMAS } from './registration-labels';

/** A term and its value: a text, or a list when `items` is given. */
export interface SummaryFact {
	term: string;
	text?: string;
	items?: string[];
}

/** A heading and what follows it: facts, a list, or a paragraph. */
export interface SummarySection {
	heading: string;
	facts?: SummaryFact[];
	items?: string[];
	text?: string;
}

export interface SummaryExam {
	domainName: string;
	sessionYear: number;
	academyName: string;
}

export function summarySections(
	content: RegistrationContent,
	catalogue: ExamCatalogue,
	identity: Record<string, string>,
	exam: SummaryExam,
	units: SummaryUnits
): SummarySection[] {
	const specialty = catalogue.specialties.find((entry) => entry.code === content.choice.specialtyCode);
	const option = specialty?.options.find((entry) => entry.code === content.choice.optionCode);
	const situation = catalogue.situations.find((entry) => entry.code === content.situation.category);
	const language = (code: string | null) => catalogue.languages.find((entry) => entry.code === code)?.name ?? code;
	const unitName = (code: string) => specialty?.units.find((unit) => unit.code === code)?.name ?? '';
	const { situation: facts, priorResults } = content;
	const address = [
		identity.addressLine1,
		identity.addressLine2,
		[identity.postalCode, identity.city].filter(Boolean).join(' '),
		identity.country
	]
		.filter(Boolean)
		.join(', ');
	const keptMarks = priorResults.keptMarks
		.filter((mark) => mark.unitCode)
		.map(
			(mark) =>
				`${mark.unitCode}${unitName(mark.unitCode) ? ` – ${unitName(mark.unitCode)}` : ''} : ${mark.mark} sur 20, session ${mark.sessionYear}`
		);
	const diploma = priorResults.diploma;
	const taken = units.exemptions
		.filter((line) => line.taken)
		.map(
			(line) =>
				`${line.unitCode} – ${line.unitName} : ${
					line.source === 'kept-mark' && line.mark !== undefined
						? `note conservée de ${formatMark(line.mark)} sur 20 (${line.markSessionYear})`
						: 'dispense au titre du diplôme'
				}`
		);
	const applied = content.accommodations.applied;

	return [
		{
			heading: 'Identité',
			facts: [
				{
					term: 'Nom',
					text: [
						CIVILITIES[identity.civility as keyof typeof CIVILITIES] ?? '',
						`${identity.birthName ?? ''}${identity.usageName ? ` (nom d’usage ${identity.usageName})` : ''}`
					]
						.filter(Boolean)
						.join(' ')
				},
				{ term: 'Prénoms', text: identity.firstNames },
				{
					term: 'Date et lieu de naissance',
					text: `${personalValueText('birthDate', identity.birthDate)}${
						identity.birthPlace ? `, ${identity.birthPlace}${identity.birthCountry ? ` (${identity.birthCountry})` : ''}` : ''
					}`
				},
				{ term: 'Nationalité', text: personalValueText('nationality', identity.nationality) },
				{ term: 'Adresse', text: address || '—' },
				{ term: 'Téléphone', text: identity.phone || '—' },
				{ term: 'Adresse mail', text: identity.email || '—' }
			]
		},
		{
			heading: 'Examen',
			facts: [
				{ term: 'Examen', text: `${exam.domainName}, session ${exam.sessionYear}` },
				{ term: 'Académie', text: exam.academyName },
				{ term: 'Spécialité', text: `${specialty?.name ?? '—'}${option ? `, option ${option.code} – ${option.name}` : ''}` }
			]
		},
		{
			heading: 'Situation',
			facts: [
				{ term: 'Catégorie', text: situation?.label ?? '—' },
				{
					term: 'Dernier diplôme',
					text: `${facts.lastDiploma ? LAST_DIPLOMAS[facts.lastDiploma].label : '—'}${facts.lastDiplomaYear ? ` (${facts.lastDiplomaYear})` : ''}`
				},
				{
					term: 'Activité',
					text: `${facts.currentActivity ? CURRENT_ACTIVITIES[facts.currentActivity] : '—'}${
						facts.trainingOrganisation ? `, ${facts.trainingOrganisation}` : ''
					}`
				}
			]
		},
		{
			heading: 'Acquis déclarés',
			facts: [
				keptMarks.length === 0
					? { term: 'Notes conservées', text: 'Aucune note déclarée.' }
					: { term: 'Notes conservées', items: keptMarks },
				{
					term: 'Diplôme permettant des dispenses',
					text: diploma.held
						? [diploma.name, diploma.level ? `niveau ${diploma.level}` : '', diploma.year ? `obtenu en ${diploma.year}` : '']
								.filter(Boolean)
								.join(', ')
						: 'Aucun diplôme déclaré.'
				}
			]
		},
		{
			heading: 'Épreuves que je passerai',
			items: units.sitting.map(
				(unit) =>
					`${unit.code} – ${unit.name}${unit.languageCode ? ` (${language(unit.languageCode)})` : ''}${unit.optional ? ' – épreuve facultative' : ''}${
						unit.exemptionDeclined ? ' – je renonce à la dispense' : ''
					}`
			)
		},
		taken.length === 0
			? { heading: 'Épreuves dont je suis dispensé(e)', text: 'Aucune.' }
			: { heading: 'Épreuves dont je suis dispensé(e)', items: taken },
		{
			heading: 'Aménagements',
			text: `Demande d’aménagement d’épreuves déposée : ${applied === 'yes' ? 'oui' : applied === 'no' ? 'non' : '—'}`
		}
	];
}
