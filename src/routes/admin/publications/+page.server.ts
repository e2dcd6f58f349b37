import { requireManager } from '$lib/server/managers/scope';
import { MAX_BATCH_FILES, PUBLISHABLE_KIND_LABELS, PUBLISHABLE_KINDS } from '$lib/domain/publications';
import type { PageServerLoad } from './$types';

/** SPEC M6: « Publier des documents », a batch of PDF files matched by the N° inscription in their names. */
export const load: PageServerLoad = (event) => {
	requireManager(event);
	return {
		kinds: PUBLISHABLE_KINDS.map((kind) => ({ value: kind, label: PUBLISHABLE_KIND_LABELS[kind] })),
		maxFiles: MAX_BATCH_FILES
	};
};
