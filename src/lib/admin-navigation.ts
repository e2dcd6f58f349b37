// « Espace gestionnaire »'s menu, apart from the candidate's navigation so that the candidate's
// pages do not carry it (issue #17's weight budgets).
import type { NavLink } from './navigation';

/** « Espace gestionnaire » (SPEC M1): the side navigation; some entries are the administrators' only. */
export const ADMIN_MENU: (NavLink & { administratorOnly?: boolean })[] = [
	{ href: '/admin/candidatures', label: 'Candidatures' },
	{ href: '/admin/pieces', label: 'Pièces à examiner' },
	{ href: '/admin/publications', label: 'Publier des documents' },
	{ href: '/admin/scolaires', label: 'Candidats scolaires' },
	{ href: '/admin/fenetres', label: 'Fenêtres d’inscription' },
	{ href: '/admin/services', label: 'Services des examens', administratorOnly: true },
	{ href: '/admin/gestionnaires', label: 'Gestionnaires', administratorOnly: true },
	{ href: '/admin/journal', label: 'Journal d’audit', administratorOnly: true },
	{ href: '/admin/mon-compte', label: 'Mon compte' }
];
