// Answers that are cheap to keep and costly to compute again on a hot path (a date on a zone's
// clock, an instant's French text, a text's width in a PDF, a hashed name), kept by key. Bounded:
// once `limit` are kept, all are forgotten at once and the next ones are computed again.

/** A store of answers by key: `answer(key, compute)` gives the kept answer, or computes and keeps it. */
export function keptAnswers<V>(limit: number): (key: string, compute: () => V) => V {
	const kept = new Map<string, V>();
	return (key, compute) => {
		let value = kept.get(key);
		if (value === undefined) {
			if (kept.size >= limit) kept.clear();
			kept.set(key, (value = compute()));
		}
		return value;
	};
}
