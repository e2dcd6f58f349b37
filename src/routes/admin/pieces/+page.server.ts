import { redirect } from '@sveltejs/kit';
import { parseReviewQueueQuery, reviewQueueSearchParams } from '$lib/domain/supporting-review';
import { getDb } from '$lib/server/db';
import { listFilterOptions } from '$lib/server/admin/candidatures';
import { listReviewQueue } from '$lib/server/admin/supporting-review';
import { requireManager } from '$lib/server/managers/scope';
import type { PageServerLoad } from './$types';

const PATH = '/admin/pieces';
const withQuery = (params: URLSearchParams) => (params.size > 0 ? `${PATH}?${params}` : PATH);

/** « Pièces à examiner » (SPEC M5): deposited pieces of the manager's académies, oldest first. */
export const load: PageServerLoad = (event) => {
	const { manager } = requireManager(event);
	const db = getDb();
	const query = parseReviewQueueQuery(event.url.searchParams);
	// The GET form sends empty fields too: one short URL per queue.
	const canonical = reviewQueueSearchParams(query, query.apres);
	if (canonical.toString() !== event.url.searchParams.toString()) redirect(302, withQuery(canonical));
	const queue = listReviewQueue(db, manager, query, new Date());
	const options = listFilterOptions(db, manager);
	return {
		query,
		filtered: Boolean(query.academie || query.examen || query.age),
		options: { academies: options.academies, examDomains: options.examDomains },
		total: queue.total,
		rows: queue.rows.map((row) => ({
			id: row.id,
			label: row.label,
			uploadedAt: row.uploadedAt.toISOString(),
			registrationNumber: row.registrationNumber,
			candidateNumber: row.candidateNumber,
			name: `${row.birthName}${row.usageName ? ` (usage : ${row.usageName})` : ''}`,
			firstNames: row.firstNames,
			examName: row.examName,
			sessionYear: row.sessionYear,
			academyName: row.academyName,
			locked: row.locked
		})),
		firstHref: query.apres ? withQuery(reviewQueueSearchParams(query)) : null,
		nextHref: queue.next ? withQuery(reviewQueueSearchParams(query, queue.next)) : null
	};
};
