// SPEC M7, A7: « Candidats scolaires » and their « papillons de connexion ». Only the hash of a
// slip's code is stored, so printing is what issues the codes: each pupil printed who has not chosen
// a password gets a new code (the previous one stops working). A pupil who has chosen one is skipped,
// unless the office reissues their slip, which also cancels the password and ends their sessions.
import { and, asc, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db, Executor } from '../db';
import { accounts, candidates, registrations, schoolImportCandidates } from '../db/schema';
import { hashPassword } from '../auth/password';
import { generateLoginSlipSecret, replaceLoginSlipSecret } from '../accounts';
import { academyScope } from '../managers/scope';
import { recordAudit } from '../managers/audit';
import type { ManagerUser } from '../managers/sessions';
import { renderLoginSlipsPdf, type LoginSlip } from '../documents/login-slips-pdf';
import type { SchoolListQuery } from '../../domain/school-import';
import { scopedImport } from './school-import';

export interface Ctx {
	now: Date;
	config: Config;
}

/** Where a pupil stands with their slip. */
export type SlipState = 'to-print' | 'printed' | 'password-set';

export const SLIP_STATE_LABELS: Record<SlipState, string> = {
	'to-print': 'Papillon à imprimer',
	printed: 'Papillon imprimé',
	'password-set': 'Mot de passe choisi'
};

export const LIST_LIMIT = 1000;

/** The school candidates whose school registration is in the manager's académies, with their slip's state. */
function selectSchoolCandidates(db: Executor, manager: ManagerUser, condition?: SQL) {
	return db
		.select({
			id: candidates.id,
			candidateNumber: candidates.candidateNumber,
			ine: candidates.ine,
			birthName: candidates.birthName,
			usageName: candidates.usageName,
			firstNames: candidates.firstNames,
			registrationNumber: registrations.registrationNumber,
			academyCode: registrations.academyCode,
			schoolUai: registrations.schoolUai,
			passwordHash: accounts.passwordHash,
			loginSlipIssuedAt: accounts.loginSlipIssuedAt
		})
		.from(candidates)
		.innerJoin(registrations, and(eq(registrations.candidateId, candidates.id), eq(registrations.origin, 'school')))
		.innerJoin(accounts, eq(accounts.candidateId, candidates.id))
		.where(and(eq(candidates.source, 'school'), academyScope(manager, registrations.academyCode), condition))
		.orderBy(asc(candidates.birthName), asc(candidates.firstNames), asc(candidates.candidateNumber));
}

type Selected = ReturnType<ReturnType<typeof selectSchoolCandidates>['all']>[number];

function stateOf(row: Pick<Selected, 'passwordHash' | 'loginSlipIssuedAt'>): SlipState {
	if (row.passwordHash) return 'password-set';
	return row.loginSlipIssuedAt ? 'printed' : 'to-print';
}

const displayName = (row: Pick<Selected, 'birthName' | 'usageName' | 'firstNames'>) =>
	`${row.firstNames} ${row.usageName || row.birthName}`;

/** « Candidats scolaires »: filtered by import, school (UAI) and name; null when the import is not the manager's. */
export function listSchoolCandidates(db: Executor, manager: ManagerUser, query: SchoolListQuery) {
	const conditions: SQL[] = [];
	if (query.import) {
		if (!scopedImport(db, manager, query.import)) return null;
		const ids = db
			.select({ id: schoolImportCandidates.candidateId })
			.from(schoolImportCandidates)
			.where(eq(schoolImportCandidates.importId, query.import));
		conditions.push(inArray(candidates.id, ids));
	}
	if (query.etablissement) conditions.push(eq(registrations.schoolUai, query.etablissement));
	if (query.q) {
		const pattern = `%${query.q.replace(/[%_\\]/g, (char) => `\\${char}`)}%`;
		conditions.push(
			or(
				like(candidates.birthName, pattern),
				like(candidates.usageName, pattern),
				like(candidates.firstNames, pattern),
				like(candidates.candidateNumber, pattern),
				like(candidates.ine, pattern)
			)!
		);
	}
	const rows = selectSchoolCandidates(db, manager, conditions.length ? and(...conditions) : undefined)
		.limit(LIST_LIMIT + 1)
		.all();
	return {
		truncated: rows.length > LIST_LIMIT,
		rows: rows.slice(0, LIST_LIMIT).map((row) => ({
			candidateNumber: row.candidateNumber!,
			ine: row.ine,
			birthName: row.birthName,
			usageName: row.usageName,
			firstNames: row.firstNames,
			registrationNumber: row.registrationNumber,
			schoolUai: row.schoolUai,
			state: stateOf(row),
			loginSlipIssuedAt: row.loginSlipIssuedAt
		}))
	};
}

/** The schools (UAI) of the manager's school candidates, for the filter. */
export function listSchools(db: Executor, manager: ManagerUser): string[] {
	return db
		.selectDistinct({ uai: registrations.schoolUai })
		.from(registrations)
		.where(and(eq(registrations.origin, 'school'), academyScope(manager, registrations.academyCode)))
		.orderBy(asc(registrations.schoolUai))
		.all()
		.map((row) => row.uai)
		.filter((uai): uai is string => !!uai);
}

/** One school candidate of the manager's académies, by N° candidat, or null (SPEC M1: 404). */
export function scopedSchoolCandidate(db: Executor, manager: ManagerUser, candidateNumber: string) {
	const row = selectSchoolCandidates(db, manager, eq(candidates.candidateNumber, candidateNumber)).get();
	return row ? { ...row, name: displayName(row), state: stateOf(row) } : null;
}

export type PrintResult =
	| { status: 'not-found' }
	| { status: 'nothing'; skipped: string[] }
	| { status: 'printed'; pdf: Uint8Array; printed: number; skipped: string[] };

const captionOf = (row: Pick<Selected, 'schoolUai'>) => (row.schoolUai ? `Établissement ${row.schoolUai}` : '');

/**
 * « Imprimer les papillons » for a selection of N° candidat or for a whole import: one PDF, a new
 * code for each pupil without a password; those with one are skipped (listed in `skipped`).
 */
export async function printLoginSlips(
	db: Db,
	manager: ManagerUser,
	request: { candidateNumbers: string[]; importId?: string },
	{ now, config }: Ctx
): Promise<PrintResult> {
	let selected: Selected[];
	if (request.importId) {
		if (!scopedImport(db, manager, request.importId)) return { status: 'not-found' };
		const ids = db
			.select({ id: schoolImportCandidates.candidateId })
			.from(schoolImportCandidates)
			.where(eq(schoolImportCandidates.importId, request.importId));
		selected = selectSchoolCandidates(db, manager, inArray(candidates.id, ids)).all();
	} else {
		const numbers = [...new Set(request.candidateNumbers)];
		selected = numbers.length ? selectSchoolCandidates(db, manager, inArray(candidates.candidateNumber, numbers)).all() : [];
		// A number that is not one of the manager's school candidates: the whole print is refused as not found.
		if (selected.length !== numbers.length || numbers.length === 0) return { status: 'not-found' };
	}
	const skipped = selected.filter((row) => row.passwordHash).map(displayName);
	const toPrint = selected.filter((row) => !row.passwordHash);
	// argon2 takes its time: the codes are hashed before the transaction, which stays short.
	const issued = await Promise.all(
		toPrint.map(async (row) => {
			const secret = generateLoginSlipSecret();
			return { row, secret, secretHash: await hashPassword(secret) };
		})
	);
	const printed = db.transaction(
		(tx) =>
			issued.filter(({ row, secretHash }) => {
				// A pupil who chose a password meanwhile keeps it and is not printed.
				if (!replaceLoginSlipSecret(tx, row.id, secretHash, 'issue', now)) return false;
				recordAudit(
					tx,
					manager,
					{
						action: 'login-slip.issued',
						subjectType: 'candidate',
						subjectId: row.id,
						details: {
							candidateNumber: row.candidateNumber,
							academyCode: row.academyCode,
							...(request.importId ? { importId: request.importId } : {}),
							replacedCode: row.loginSlipIssuedAt !== null
						}
					},
					now
				);
				return true;
			}),
		{ behavior: 'immediate' }
	);
	if (printed.length === 0) return { status: 'nothing', skipped };
	const slips: LoginSlip[] = printed.map(({ row, secret }) => ({
		name: displayName(row),
		candidateNumber: row.candidateNumber!,
		secret,
		caption: captionOf(row)
	}));
	return { status: 'printed', pdf: await renderLoginSlipsPdf(slips, config.origin, now), printed: slips.length, skipped };
}

/**
 * « Réémettre le papillon » for one pupil: a new code, the previous code AND the password cancelled,
 * the pupil's sessions ended (SPEC M7). How a pupil without an email recovers a forgotten password.
 */
export async function reissueLoginSlip(
	db: Db,
	manager: ManagerUser,
	candidateNumber: string,
	{ now, config }: Ctx
): Promise<{ status: 'not-found' } | { status: 'reissued'; pdf: Uint8Array }> {
	const found = scopedSchoolCandidate(db, manager, candidateNumber);
	if (!found) return { status: 'not-found' };
	const secret = generateLoginSlipSecret();
	const secretHash = await hashPassword(secret);
	db.transaction(
		(tx) => {
			replaceLoginSlipSecret(tx, found.id, secretHash, 'reissue', now);
			recordAudit(
				tx,
				manager,
				{
					action: 'login-slip.reissued',
					subjectType: 'candidate',
					subjectId: found.id,
					before: { passwordSet: found.passwordHash !== null, codeIssued: found.loginSlipIssuedAt !== null },
					after: { passwordSet: false, codeIssued: true },
					details: { candidateNumber: found.candidateNumber, academyCode: found.academyCode }
				},
				now
			);
		},
		{ behavior: 'immediate' }
	);
	const slip: LoginSlip = { name: found.name, candidateNumber, secret, caption: captionOf(found) };
	return { status: 'reissued', pdf: await renderLoginSlipsPdf([slip], config.origin, now) };
}
