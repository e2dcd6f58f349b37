import * as accounts from '$lib/server/accounts';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
	const token = url.searchParams.get('jeton') ?? '';
	return { result: token ? accounts.confirmEmailChange(getDb(), token, { now: new Date(), config: getConfig() }) : ('invalid' as const) };
};
