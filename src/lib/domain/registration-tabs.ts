// The tabs of « M’inscrire » (SPEC R2, R4, R7), once: their order, the guide's labels exactly,
// and the part of the content each one holds the fields of. The wizard, the drafts, the server's
// answer to « Enregistrer » (SPEC O4) and the pages read them from here.
import type { RegistrationContent } from './registration-content';

/** The form's tabs, in the order « Suivant » walks them. */
export const REGISTRATION_TABS = [
	// Copied from the account, read-only (SPEC R3): no field of the content.
	{ id: 'identity', label: 'Identité', contentKey: null },
	{ id: 'choice', label: 'Choix de l’examen', contentKey: 'choice' },
	{ id: 'situation', label: 'Situation', contentKey: 'situation' },
	{ id: 'priorResults', label: 'Acquis', contentKey: 'priorResults' },
	{ id: 'accommodations', label: 'Aménagements', contentKey: 'accommodations' },
	// Validates the whole content: a problem that no other tab holds is shown here.
	{ id: 'summary', label: 'Récapitulatif', contentKey: null }
] as const satisfies ReadonlyArray<{ id: string; label: string; contentKey: keyof RegistrationContent | null }>;

export type RegistrationTab = (typeof REGISTRATION_TABS)[number]['id'];

/** Shown once « Enregistrer » has succeeded (SPEC R7); not a step of the form. */
export const NUMBER_TAB = { id: 'number', label: 'N°Inscription' } as const;

export const TAB_ORDER: readonly RegistrationTab[] = REGISTRATION_TABS.map((tab) => tab.id);

export const TAB_LABELS = Object.fromEntries(REGISTRATION_TABS.map((tab) => [tab.id, tab.label])) as Record<RegistrationTab, string>;

/** The tab a problem belongs to, from the path of its field (the server's answer to « Enregistrer », SPEC O4). */
export function tabOfPath(path: ReadonlyArray<PropertyKey>): RegistrationTab {
	return REGISTRATION_TABS.find((tab) => tab.contentKey !== null && tab.contentKey === path[0])?.id ?? 'summary';
}
