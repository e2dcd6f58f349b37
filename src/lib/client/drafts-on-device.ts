// Whether this device may hold drafts, asked without the drafts' code (idb) or the sync's: a
// signed-in page fetches those only where a draft can be (issue #17's weight budgets).

/**
 * False only when the browser lists its databases and the drafts' database (drafts.ts) is not
 * among them: the first draft creates it. Without that list (an older browser), the drafts' code
 * is the one to ask.
 */
export async function mayHoldDrafts(): Promise<boolean> {
	if (typeof indexedDB === 'undefined') return false;
	if (!indexedDB.databases) return true;
	const databases = await indexedDB.databases().catch(() => null);
	return !databases || databases.some((database) => database.name === 'portail-candidat');
}
