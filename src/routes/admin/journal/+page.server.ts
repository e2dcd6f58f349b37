import { asc, eq } from 'drizzle-orm';
import { auditActionLabel, auditFiltersSchema } from '$lib/domain/admin-decisions';
import { instantOf, PARIS_TIME_ZONE } from '$lib/domain/registration-window';
import { auditLines } from '$lib/server/admin/registration-view';
import { getDb } from '$lib/server/db';
import { auditEvents, candidates, registrations } from '$lib/server/db/schema';
import { listManagers } from '$lib/server/managers/accounts';
import { listAuditEvents, type AuditFilters } from '$lib/server/managers/audit';
import { requireAdministrator } from '$lib/server/managers/scope';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const ACTOR_TYPES = ['system', 'candidate'] as const;

function day(text: string): { year: number; month: number; day: number } {
	const [year, month, dayOfMonth] = text.split('-').map(Number);
	return { year, month, day: dayOfMonth };
}

/**
 * SPEC M8: the audit log, for administrators only, newest first, filtered by who, what, which
 * subject and when (all in the URL: a filtered log is a link), paged by keyset on the id.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	requireAdministrator({ locals, url });
	const db = getDb();
	const parsed = auditFiltersSchema.safeParse(Object.fromEntries(url.searchParams));
	const filters = parsed.success ? parsed.data : auditFiltersSchema.parse({});
	const invalid = parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0]));
	const before = Number(url.searchParams.get('avant')) || undefined;

	const query: AuditFilters = { before };
	if ((ACTOR_TYPES as readonly string[]).includes(filters.actor)) query.actorType = filters.actor as (typeof ACTOR_TYPES)[number];
	else if (filters.actor) query.actorId = filters.actor;
	if (filters.action) query.action = filters.action;
	if (filters.subject) {
		// A N° inscription or N° candidat finds its rows; else the subject id as typed.
		const subject = filters.subject.toUpperCase();
		const registration = db
			.select({ id: registrations.id, candidateId: registrations.candidateId })
			.from(registrations)
			.where(eq(registrations.registrationNumber, subject))
			.get();
		const candidate = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.candidateNumber, subject)).get();
		query.subjectIds = [filters.subject, ...(registration ? [registration.id] : []), ...(candidate ? [candidate.id] : [])];
	}
	if (filters.from) query.from = instantOf({ ...day(filters.from), hour: 0, minute: 0 }, PARIS_TIME_ZONE);
	if (filters.to) {
		// The whole last day: up to the next midnight, Paris time.
		const last = day(filters.to);
		const following = new Date(Date.UTC(last.year, last.month - 1, last.day + 1));
		const midnight = { year: following.getUTCFullYear(), month: following.getUTCMonth() + 1, day: following.getUTCDate() };
		query.to = new Date(instantOf({ ...midnight, hour: 0, minute: 0 }, PARIS_TIME_ZONE).getTime() - 1);
	}

	const rows = listAuditEvents(db, query, PAGE_SIZE + 1);
	const page = rows.slice(0, PAGE_SIZE);
	const next = rows.length > PAGE_SIZE ? page.at(-1)!.id : null;
	const lines = auditLines(db, page);
	const subjects = new Map(
		page.map((row) => [row.id, (row.details as { registrationNumber?: string; candidateNumber?: string } | null) ?? {}])
	);

	return {
		filters,
		invalid,
		firstPage: before === undefined,
		next,
		events: lines.map((line, index) => ({
			...line,
			subjectType: page[index].subjectType,
			subjectId: page[index].subjectId,
			registrationNumber: subjects.get(line.id)?.registrationNumber ?? null,
			candidateNumber: subjects.get(line.id)?.candidateNumber ?? null
		})),
		actors: [
			{ value: 'system', label: 'Système' },
			{ value: 'candidate', label: 'Candidats' },
			...listManagers(db).map((manager) => ({ value: manager.id, label: manager.email }))
		],
		// The actions the log holds, whoever records them (other parts add theirs).
		actions: db
			.selectDistinct({ action: auditEvents.action })
			.from(auditEvents)
			.orderBy(asc(auditEvents.action))
			.all()
			.map(({ action }) => ({ value: action, label: `${auditActionLabel(action)} (${action})` }))
	};
};
