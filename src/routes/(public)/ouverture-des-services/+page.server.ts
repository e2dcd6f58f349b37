import { WINDOW_STATE_LABELS } from '$lib/domain/window-states';
import { listChoices, readServicesChoice } from '$lib/server/catalogue/choice';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	const choice = readServicesChoice(db, url, new Date());
	const result = choice.result;
	// The result's words, written here: the page's script only prints them (issue #17's weight budgets).
	const summary = !result
		? ''
		: result.windows.length === 0
			? 'aucun service'
			: result.windows.map((window) => `service ${WINDOW_STATE_LABELS[window.state]}`).join(', ');
	return {
		choices: listChoices(db),
		...choice,
		title: `${result ? `${result.academyName}, ${result.domainName} ${result.sessionYear} : ${summary} – ` : ''}Ouverture des services – Portail candidat`,
		announcement: result ? `Périodes affichées : ${result.academyName}, ${summary}.` : ''
	};
};
