import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listCandidatures, listFilterOptions } from '$lib/server/admin/candidatures';
import { requireManager } from '$lib/server/managers/scope';
import { candidaturesSearchParams, documentsSummary, isFiltered, parseCandidaturesQuery } from '$lib/domain/admin-candidatures';
import type { PageServerLoad } from './$types';

const withQuery = (path: string, params: URLSearchParams) => (params.size > 0 ? `${path}?${params}` : path);

/** « Candidatures » (SPEC M3): the filtered list of the manager's académies, 50 rows a page. */
export const load: PageServerLoad = (event) => {
	const { manager } = requireManager(event);
	const db = getDb();
	const query = parseCandidaturesQuery(event.url.searchParams);
	const path = '/admin/candidatures';
	// The form sends every field, empty ones too: one short URL per list, so equal lists are equal links.
	const canonical = candidaturesSearchParams(query, { apres: query.apres, avant: query.avant });
	if (canonical.toString() !== event.url.searchParams.toString()) redirect(302, withQuery(path, canonical));
	const list = listCandidatures(db, manager, query);
	return {
		query,
		filtered: isFiltered(query),
		options: listFilterOptions(db, manager),
		total: list.total,
		rows: list.rows.map((row) => ({
			registrationNumber: row.registrationNumber,
			candidateNumber: row.candidateNumber,
			birthName: row.birthName,
			usageName: row.usageName,
			firstNames: row.firstNames,
			examName: row.examName,
			specialty: row.specialtyName ?? row.specialtyCode,
			sessionYear: row.sessionYear,
			academyName: row.academyName,
			state: row.state,
			documents: documentsSummary(row.documents),
			documentsToAct: row.documents.missing + row.documents.refused + row.documents.toReview > 0,
			pendingValidation: row.pendingValidation,
			signedConfirmationReceivedOn: row.signedConfirmationReceivedOn,
			updatedAt: row.updatedAt.toISOString()
		})),
		firstHref: list.previous ? withQuery(path, candidaturesSearchParams(query)) : null,
		previousHref: list.previous ? withQuery(path, candidaturesSearchParams(query, { avant: list.previous })) : null,
		nextHref: list.next ? withQuery(path, candidaturesSearchParams(query, { apres: list.next })) : null,
		exportHref: withQuery(`${path}/export.csv`, candidaturesSearchParams(query))
	};
};
