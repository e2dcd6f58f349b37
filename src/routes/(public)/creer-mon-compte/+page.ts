import type { PageLoad } from './$types';

// What the page shows only in answer to a submission: the server renders it with the page (an
// answer without JavaScript); the browser fetches it on demand (./+page.svelte), out of the first load.
export const load: PageLoad = async ({ data }) => ({
	...data,
	answerParts: import.meta.env.SSR ? await import('./after-submit') : undefined
});
