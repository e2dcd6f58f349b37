import { isNewDocument } from '$lib/domain/pending-steps';
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
			items: Array<{
				id: string;
				label: string;
				version: number;
				createdAt: string | null;
				isNew: boolean;
				accessibleHref: string | null;
				/** The confirmation of a version just saved, not made yet. */
				preparing: boolean;
			}>;
		}
	>();
	const preparing = documents.confirmationsInPreparation(db, user.candidateId);
	const titleOf = (
		registration: { registrationNumber: string; domainName: string | null; sessionYear: number | null },
		withdrawn = false
	) =>
		`${registration.domainName}, session ${registration.sessionYear} – N° inscription ${registration.registrationNumber}${withdrawn ? ' (désinscrit)' : ''}`;
	for (const registration of preparing) {
		groups.set(registration.registrationNumber, {
			title: titleOf(registration),
			items: [
				{
					id: `preparation-${registration.id}`,
					label: documents.DOCUMENT_KIND_LABELS.confirmation,
					version: registration.version,
					createdAt: null,
					isNew: true,
					accessibleHref: null,
					preparing: true
				}
			]
		});
	}
	for (const row of rows) {
		// A superseded confirmation is not the latest while the new one is being made (D2).
		if (row.document.kind === 'confirmation' && preparing.some((registration) => registration.id === row.document.registrationId)) continue;
		const key = row.registrationNumber ?? '-';
		const title = row.registrationNumber
			? titleOf(
					{ registrationNumber: row.registrationNumber, domainName: row.domainName, sessionYear: row.sessionYear },
					row.status === 'withdrawn'
				)
			: 'Autres documents';
		if (!groups.has(key)) groups.set(key, { title, items: [] });
		groups.get(key)!.items.push({
			id: row.document.id,
			label: documents.DOCUMENT_KIND_LABELS[row.document.kind] + (row.document.kind === 'other' ? ` : ${row.document.title}` : ''),
			version: row.document.version,
			createdAt: row.document.createdAt.toISOString(),
			isNew: isNewDocument(row.document.createdAt, seenBefore),
			// A generated reminder has its accessible HTML version (SPEC M5, like the confirmation's).
			accessibleHref: row.document.kind === 'supporting-reminder' ? `/mes-documents/relance/${row.document.id}` : null,
			preparing: false
		});
	}
	return { groups: [...groups.values()] };
};
