// The exam office's acts on one registration (SPEC M4, R10, R12) and the audit log (M8): the forms'
// schemas, shared by the admin pages (superforms) and the server, and the French labels of the log.
import { z } from 'zod';
import { personalDataSchema, type PersonalData } from './account';
import { personalValueText } from './personal-values';
import { localDateOf, PARIS_TIME_ZONE } from './registration-window';

export { personalValueText } from './personal-values';

const REASON_MAX = 500;

const mandatoryReason = (missing: string) =>
	z.string().trim().min(1, missing).max(REASON_MAX, `Le motif ne peut pas dépasser ${REASON_MAX} caractères.`);

/** « Écarter » (M4): the candidate sees the reason on the registration. */
export const setAsideSchema = z.object({
	reason: mandatoryReason('Indiquez le motif : le candidat le verra sur son inscription.')
});

/** « Réintégrer » (M4): the reason is optional (the set-aside one is kept in the audit log). */
export const reinstateSchema = z.object({
	reason: z.string().trim().max(REASON_MAX, `Le motif ne peut pas dépasser ${REASON_MAX} caractères.`)
});

/** Today on Paris's calendar, as an ISO date. */
export function parisToday(now: Date = new Date()): string {
	const { year, month, day } = localDateOf(now, PARIS_TIME_ZONE);
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isRealDate(text: string): boolean {
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** « Confirmation signée reçue » (M4): the day it was received (a date input, ISO) and its version. */
export const signedConfirmationSchema = z.object({
	receivedOn: z
		.string()
		.min(1, 'Indiquez la date de réception.')
		.refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text), 'Indiquez une date valide, au format jj/mm/aaaa.')
		// ISO dates compare as text. The server's clock decides (the schema runs there again).
		.refine((text) => text <= parisToday(), 'La date de réception ne peut pas être dans le futur.'),
	version: z.number('Choisissez la version reçue.').int('Choisissez la version reçue.').min(1, 'Choisissez la version reçue.')
});

/** « Valider les modifications » (R12): nothing to type, one button. */
export const validateModificationsSchema = z.object({});

/** A correction of the candidate's personal data (M4, A8): the fields and a mandatory reason. */
export const correctionSchema = personalDataSchema.safeExtend({
	reason: mandatoryReason('Indiquez le motif de la correction : il est envoyé au candidat.')
});
export type CorrectionInput = z.input<typeof correctionSchema>;

/** The French labels of the personal data, as the correction form, the mail and the log name them. */
export const PERSONAL_DATA_LABELS: Record<keyof PersonalData, string> = {
	civility: 'Civilité',
	birthName: 'Nom de naissance',
	usageName: 'Nom d’usage',
	firstNames: 'Prénoms',
	birthDate: 'Date de naissance',
	birthPlace: 'Commune de naissance',
	birthCountry: 'Pays de naissance',
	nationality: 'Nationalité',
	addressLine1: 'Adresse',
	addressLine2: 'Complément d’adresse',
	postalCode: 'Code postal',
	city: 'Commune',
	country: 'Pays de résidence',
	phone: 'Téléphone'
};

export interface IdentityChange {
	label: string;
	before: string;
	after: string;
}

/** What differs between two identities (personal data and email), in French labels. */
export function identityChanges(before: Record<string, unknown>, after: Record<string, unknown>): IdentityChange[] {
	const labels: Record<string, string> = { ...PERSONAL_DATA_LABELS, email: 'Adresse mail' };
	return Object.keys(labels)
		.filter((field) => field in before || field in after)
		.filter((field) => (before[field] ?? '') !== (after[field] ?? ''))
		.map((field) => ({
			label: labels[field],
			before: personalValueText(field, before[field]),
			after: personalValueText(field, after[field])
		}));
}

/** The audit log's actions in French (M8); an unknown action is shown as recorded. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
	'registration.created': 'Inscription enregistrée',
	'registration.modified': 'Modification enregistrée',
	'registration.withdrawn': 'Désinscription',
	'registration.set-aside': 'Inscription écartée',
	'registration.reinstated': 'Inscription réintégrée',
	'registration.signed-confirmation-received': 'Confirmation signée reçue',
	'registration.modifications-validated': 'Modifications validées',
	'registration.corrected': 'Correction des informations personnelles',
	'candidate.corrected': 'Correction des informations personnelles',
	// SPEC M5
	'supporting-document.accepted': 'Pièce justificative acceptée',
	'supporting-document.refused': 'Pièce justificative refusée',
	'supporting-document.deposited': 'Pièce justificative déposée',
	'supporting-documents.locked': 'Pièces justificatives verrouillées',
	'supporting-documents.unlocked': 'Pièces justificatives déverrouillées',
	'supporting-documents.reminder-sent': 'Relance de pièces justificatives',
	// SPEC M6
	'document.published': 'Document publié',
	// SPEC M7
	'school-import.applied': 'Import de candidats scolaires',
	'school-candidate.created': 'Candidat scolaire créé par import',
	'school-candidate.updated': 'Candidat scolaire mis à jour par import',
	'login-slip.issued': 'Papillon de connexion émis',
	'login-slip.reissued': 'Papillon de connexion réémis'
};

export function auditActionLabel(action: string): string {
	return AUDIT_ACTION_LABELS[action] ?? action;
}

/** The candidate's wording where it differs from the log's: who acted, when it was the office. */
const CANDIDATE_EVENT_LABELS: Record<string, string> = {
	'registration.set-aside': 'Inscription écartée par le service des examens',
	'registration.reinstated': 'Inscription réintégrée par le service des examens',
	'registration.signed-confirmation-received': 'Confirmation signée reçue par le service des examens',
	'registration.modifications-validated': 'Modifications validées par le service des examens',
	'registration.corrected': 'Correction des informations personnelles par le service des examens',
	'supporting-document.accepted': 'Pièce justificative acceptée par le service des examens',
	'supporting-document.refused': 'Pièce justificative refusée par le service des examens',
	'supporting-documents.unlocked': 'Pièces justificatives déverrouillées par le service des examens',
	'supporting-documents.reminder-sent': 'Relance de pièces justificatives du service des examens',
	'document.published': 'Document mis à disposition par le service des examens'
};

/**
 * An event of a registration's history as the candidate reads it (SPEC R10): always French, never
 * the recorded action's code, even for an event added later without a label.
 */
export function registrationEventLabel(action: string): string {
	return CANDIDATE_EVENT_LABELS[action] ?? AUDIT_ACTION_LABELS[action] ?? 'Autre événement de l’inscription';
}

export const AUDIT_ACTOR_LABELS = {
	system: 'Système',
	candidate: 'Candidat',
	manager: 'Gestionnaire',
	administrator: 'Administrateur'
} as const;

/** The audit log's filters (M8), read from the URL: a filtered log is a link. */
export const auditFiltersSchema = z.object({
	actor: z.string().trim().max(100).default(''),
	action: z.string().trim().max(100).default(''),
	subject: z.string().trim().max(100).default(''),
	from: z
		.string()
		.trim()
		.default('')
		.refine((text) => text === '' || (/^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)), 'Indiquez une date valide.'),
	to: z
		.string()
		.trim()
		.default('')
		.refine((text) => text === '' || (/^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)), 'Indiquez une date valide.')
});
export type AuditFiltersInput = z.infer<typeof auditFiltersSchema>;

const AUDIT_FIELD_LABELS: Record<string, string> = {
	...PERSONAL_DATA_LABELS,
	email: 'Adresse mail',
	setAside: 'Écartée',
	setAsideReason: 'Motif',
	receivedOn: 'Reçue le',
	version: 'Version',
	pendingValidation: 'Modifications à valider',
	// SPEC M5
	piece: 'Pièce',
	state: 'État',
	locked: 'Pièces verrouillées',
	missing: 'Pièces manquantes',
	refused: 'Pièces refusées'
};

/** An audit entry's « before » or « after » in words: « Nom de naissance : Martin ; Écartée : oui ». */
export function auditValueText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
	return Object.entries(value as Record<string, unknown>)
		.map(([key, entry]) => {
			const label = AUDIT_FIELD_LABELS[key] ?? key;
			if (typeof entry === 'boolean') return `${label} : ${entry ? 'oui' : 'non'}`;
			if (key === 'receivedOn') return `${label} : ${personalValueText('birthDate', entry)}`;
			if (typeof entry === 'object' && entry !== null) return `${label} : ${JSON.stringify(entry)}`;
			return `${label} : ${personalValueText(key, entry)}`;
		})
		.join(' ; ');
}
