import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import * as documents from '$lib/server/documents';
import type { PageServerLoad } from './$types';

/** « Mes documents » (SPEC D1, D2): the latest version of each document, grouped by registration. */
export const load: PageServerLoad = (event) => {
	const { user } = requireCandidate(event);
	const db = getDb();
	const now = new Date();
	const rows = documents.listCandidateDocuments(db, user.candidateId);
	const seenBefore = documents.markDocumentsSeen(db, user.candidateId, now);
	const groups = new Map<
		string,
		{
			title: string;
			items: Array<{ id: string; label: string; version: number; createdAt: string; isNew: boolean; accessibleHref: string | null }>;
		}
	>();
	for (const row of rows) {
		const key = row.registrationNumber ?? '-';
		const title = row.registrationNumber
			? `${row.domainName}, session ${row.sessionYear} – N° inscription ${row.registrationNumber}${row.status === 'withdrawn' ? ' (désinscrit)' : ''}`
			: 'Autres documents';
		if (!groups.has(key)) groups.set(key, { title, items: [] });
		groups.get(key)!.items.push({
			id: row.document.id,
			label: documents.DOCUMENT_KIND_LABELS[row.document.kind] + (row.document.kind === 'other' ? ` : ${row.document.title}` : ''),
			version: row.document.version,
			createdAt: row.document.createdAt.toISOString(),
			isNew: seenBefore === null || row.document.createdAt > seenBefore,
			// A generated reminder has its accessible HTML version (SPEC M5, like the confirmation's).
			accessibleHref: row.document.kind === 'supporting-reminder' ? `/mes-documents/relance/${row.document.id}` : null
		});
	}
	return { groups: [...groups.values()] };
};
