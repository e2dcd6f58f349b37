import * as accounts from '$lib/server/accounts';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

// Activation happens on the link itself (guide §2: « Quand je clique sur le lien Activer mon
// compte, le compte est créé et validé »). A mail scanner that follows the link first does no
// harm: the candidate then reads that the account is already active.
export const load: PageServerLoad = ({ url, setHeaders }) => {
	// same-origin, not no-referrer: under no-referrer Chromium posts forms with « Origin: null », which
	// Kit's CSRF check refuses (403). The token still never leaves the site.
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' });
	const token = url.searchParams.get('jeton') ?? '';
	return { result: token ? accounts.activateAccount(getDb(), token, { now: new Date(), config: getConfig() }) : ('invalid' as const) };
};
