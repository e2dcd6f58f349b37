// A registration's content as labelled French lines, and what changed between two versions
// (the history of SPEC R10, and the two copies a conflict shows side by side, SPEC O5).
import { CURRENT_ACTIVITIES, LAST_DIPLOMAS } from './registration-labels';
import type { ExamCatalogue, RegistrationContent } from './registration-content';

export interface ContentLine {
	key: string;
	label: string;
	value: string;
}

export interface Change {
	label: string;
	before: string;
	after: string;
}

const NONE = '—';

export function describeContent(content: RegistrationContent, catalogue: ExamCatalogue): ContentLine[] {
	const specialty = catalogue.specialties.find((entry) => entry.code === content.choice.specialtyCode);
	const option = specialty?.options.find((entry) => entry.code === content.choice.optionCode);
	const languageName = (code: string) => catalogue.languages.find((entry) => entry.code === code)?.name ?? code;
	const situation = catalogue.situations.find((entry) => entry.code === content.situation.category);
	const { diploma, keptMarks, declined } = content.priorResults;
	const lines: ContentLine[] = [
		{ key: 'specialty', label: 'Spécialité', value: specialty?.name ?? (content.choice.specialtyCode || NONE) },
		{ key: 'option', label: 'Option', value: option ? `${option.code} – ${option.name}` : NONE },
		...Object.keys(content.choice.languages)
			.sort()
			.filter((unit) => content.choice.languages[unit])
			.map((unit) => ({
				key: `language-${unit}`,
				label: `Langue de l’épreuve ${unit}`,
				value: languageName(content.choice.languages[unit])
			})),
		{ key: 'optional-units', label: 'Épreuves facultatives', value: [...content.choice.optionalUnits].sort().join(', ') || NONE },
		{ key: 'category', label: 'Catégorie de candidat', value: situation?.label ?? NONE },
		{
			key: 'last-diploma',
			label: 'Dernier diplôme obtenu',
			value: content.situation.lastDiploma ? LAST_DIPLOMAS[content.situation.lastDiploma].label : NONE
		},
		{ key: 'last-diploma-year', label: 'Année d’obtention du dernier diplôme', value: content.situation.lastDiplomaYear || NONE },
		{
			key: 'activity',
			label: 'Activité actuelle',
			value: content.situation.currentActivity ? CURRENT_ACTIVITIES[content.situation.currentActivity] : NONE
		},
		{ key: 'training', label: 'Organisme de formation', value: content.situation.trainingOrganisation || NONE },
		{
			key: 'diploma',
			label: 'Diplôme déclaré en acquis',
			value: diploma.held ? `${diploma.name}, niveau ${diploma.level}, ${diploma.year}` : NONE
		},
		{
			key: 'kept-marks',
			label: 'Notes conservées',
			value: keptMarks.map((mark) => `${mark.unitCode} : ${mark.mark} sur 20 (session ${mark.sessionYear})`).join(' ; ') || NONE
		},
		{ key: 'declined', label: 'Dispenses refusées (épreuves repassées)', value: [...declined].sort().join(', ') || NONE },
		{
			key: 'accommodations',
			label: 'Demande d’aménagement d’épreuves déposée',
			value: content.accommodations.applied === 'yes' ? 'Oui' : content.accommodations.applied === 'no' ? 'Non' : NONE
		}
	];
	return lines;
}

/** Field by field, in French labels: what differs from `before` to `after`. */
export function diffContents(before: RegistrationContent, after: RegistrationContent, catalogue: ExamCatalogue): Change[] {
	const old = new Map(describeContent(before, catalogue).map((line) => [line.key, line]));
	const now = new Map(describeContent(after, catalogue).map((line) => [line.key, line]));
	const keys = [...new Set([...old.keys(), ...now.keys()])];
	return keys
		.map((key) => ({
			label: (now.get(key) ?? old.get(key))!.label,
			before: old.get(key)?.value ?? NONE,
			after: now.get(key)?.value ?? NONE
		}))
		.filter((change) => change.before !== change.after);
}
