// SPEC M3: the candidatures list finds a candidate by the start of any of their names, whatever the
// accents and the case. The folded names are stored with the names (`candidates.search_names`) and
// split into words by the triggers of migration 0012 (`candidate_name_words`): a searched word is
// then one range of an index, where folding every candidate's names in each search was a scan.
import { foldText } from '../../domain/admin-candidatures';
import type { Db } from './index';

interface Names {
	birthName: string;
	usageName: string;
	firstNames: string;
}

/** The words the search matches, as it folds what is typed: « Lefèvre-D’Arc », « Léa » → « lefevre d arc lea ». */
export function searchNamesOf(names: Names): string {
	return foldText(`${names.birthName} ${names.usageName} ${names.firstNames}`);
}

/** A candidate row (or the names of an update) with its folded names: every write of the names goes through it. */
export function withSearchNames<T extends Names>(row: T): T & { searchNames: string } {
	return { ...row, searchNames: searchNamesOf(row) };
}

const BATCH = 1_000;

/**
 * Folds the names of the rows that have none: those written before migration 0011, or by a bulk
 * SQL insert (the bench's seeding). Run after the migrations at every start, in TypeScript because
 * SQL cannot call the fold; with nothing to fold it is one read of an empty partial index.
 * Idempotent, and safe when two processes start at once (each batch is its own write transaction,
 * and a row folded twice gets the same text). Returns the rows folded.
 */
export function foldMissingSearchNames(db: Db): number {
	const client = db.$client;
	const unfolded = client.prepare(
		'SELECT id, birth_name AS birthName, usage_name AS usageName, first_names AS firstNames FROM candidates WHERE search_names IS NULL LIMIT ?'
	);
	const fold = client.prepare('UPDATE candidates SET search_names = ? WHERE id = ? AND search_names IS NULL');
	let folded = 0;
	for (;;) {
		const done = client
			.transaction(() => {
				const rows = unfolded.all(BATCH) as Array<Names & { id: string }>;
				for (const row of rows) fold.run(searchNamesOf(row), row.id);
				return rows.length;
			})
			.immediate();
		folded += done;
		if (done < BATCH) return folded;
	}
}
