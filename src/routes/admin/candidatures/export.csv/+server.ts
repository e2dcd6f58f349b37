import { getDb } from '$lib/server/db';
import { candidaturesCsvStream } from '$lib/server/admin/candidatures';
import { contentDisposition } from '$lib/server/content-disposition';
import { requireManager } from '$lib/server/managers/scope';
import { parseCandidaturesQuery } from '$lib/domain/admin-candidatures';
import type { RequestHandler } from './$types';

/**
 * « Exporter (CSV) » (SPEC M3): the whole filtered list, not one page, streamed batch by batch, for
 * a spreadsheet (UTF-8 with BOM, « ; », CRLF). Reading is no data change: nothing is audited (M8).
 */
export const GET: RequestHandler = (event) => {
	const { manager } = requireManager(event);
	const query = parseCandidaturesQuery(event.url.searchParams);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(candidaturesCsvStream(getDb(), manager, query), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': contentDisposition('attachment', `candidatures-${day}.csv`),
			'Cache-Control': 'no-store'
		}
	});
};
