// The menus, with the guide's exact labels (SPEC label table). An entry appears once its page exists.

export interface NavLink {
	href: string;
	label: string;
}

export const PUBLIC_MENU: NavLink[] = [
	{ href: '/ouverture-des-services', label: 'Ouverture des services' },
	{ href: '/me-connecter', label: 'Me connecter' },
	{ href: '/creer-mon-compte', label: 'Créer mon compte' }
];

/** The candidate's menu once logged in (« M’inscrire », « Mes inscriptions », « Mes documents » as they arrive). */
export const CANDIDATE_MENU: NavLink[] = [
	{ href: '/espace-candidat', label: 'Mon espace' },
	{ href: '/inscription', label: 'M’inscrire' },
	{ href: '/mes-inscriptions', label: 'Mes inscriptions' },
	{ href: '/mes-documents', label: 'Mes documents' },
	{ href: '/ouverture-des-services', label: 'Ouverture des services' }
];

/** The installed app's bottom tab bar (display-mode standalone): the candidate menu's first four. */
export const TAB_BAR: NavLink[] = CANDIDATE_MENU.slice(0, 4);

/**
 * A menu link's aria-current: 'page' on its own page, 'true' on a page under it (a registration
 * under « Mes inscriptions », the wizard under « M’inscrire »).
 */
export function currentFor(pathname: string, href: string): 'page' | 'true' | undefined {
	if (pathname === href) return 'page';
	return href !== '/' && pathname.startsWith(`${href}/`) ? 'true' : undefined;
}

export const FOOTER_LINKS: NavLink[] = [
	{ href: '/accessibilite', label: 'Déclaration d’accessibilité' },
	{ href: '/mentions-legales', label: 'Mentions légales' },
	{ href: '/donnees-personnelles', label: 'Données personnelles' }
];

export const PRODUCT_NAME = 'Portail candidat';
