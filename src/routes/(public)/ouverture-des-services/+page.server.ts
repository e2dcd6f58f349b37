import { listChoices, readServicesChoice } from '$lib/server/catalogue/choice';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const db = getDb();
	return { choices: listChoices(db), ...readServicesChoice(db, url, new Date()) };
};
