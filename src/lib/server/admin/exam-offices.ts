// Exam offices and sessions in the admin view (SPEC M2), administrators only: the office's contact
// printed on the confirmation (R8), the return date, the accommodations circular (R13). Values
// the catalogue still marks as illustrative show « à confirmer »; saving the form confirms what
// was saved and marks the office as changed in the application, which the catalogue seed then
// leaves alone. Every change is audited in its own transaction (M8).
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { academies, examDomains, examOffices, examSessions } from '../db/schema';
import { examOfficeCondition, findExamOffice, type ExamPlace } from '../catalogue';
import { recordAudit } from '../managers/audit';
import type { ManagerUser } from '../managers/sessions';
import { OFFICE_FIELDS, SESSION_MESSAGES, type ExamOfficeForm, type OfficeField } from '../../domain/admin-windows';

type Office = typeof examOffices.$inferSelect;

export { findExamOffice };

/** An exam, a session and an académie: what an office is for. */
export type OfficeKey = ExamPlace;

export interface OfficeFilters {
	academyCode?: string;
	examDomainCode?: string;
	sessionYear?: number;
}

/** The offices, filtered, with which of their values are still to confirm. */
export function listExamOffices(db: Db, filters: OfficeFilters) {
	return db
		.select({ office: examOffices, academyName: academies.name, academyKind: academies.kind, domainName: examDomains.shortName })
		.from(examOffices)
		.innerJoin(academies, eq(academies.code, examOffices.academyCode))
		.innerJoin(examDomains, eq(examDomains.code, examOffices.examDomainCode))
		.where(
			and(
				filters.academyCode ? eq(examOffices.academyCode, filters.academyCode) : undefined,
				filters.examDomainCode ? eq(examOffices.examDomainCode, filters.examDomainCode) : undefined,
				filters.sessionYear ? eq(examOffices.sessionYear, filters.sessionYear) : undefined
			)
		)
		.orderBy(asc(academies.sortOrder), asc(examDomains.sortOrder), desc(examOffices.sessionYear))
		.all()
		.map((row) => ({
			...row.office,
			academyName: row.academyName,
			academyKind: row.academyKind,
			domainName: row.domainName,
			toConfirm: OFFICE_FIELDS.filter((field) => row.office.illustrativeFields.includes(field))
		}));
}

/** The form's values for an office: the address lines one per line. */
export function examOfficeFormValues(office: Office): ExamOfficeForm {
	return {
		serviceName: office.serviceName,
		addressLines: office.postalAddress.lines.join('\n'),
		postalCode: office.postalAddress.postalCode,
		city: office.postalAddress.city,
		country: office.postalAddress.country,
		email: office.email,
		phone: office.phone,
		confirmationReturnDate: office.confirmationReturnDate,
		accommodationCircularUrl: office.accommodationCircularUrl,
		accommodationCircularPath: office.accommodationCircularPath ?? ''
	};
}

function auditedValues(office: Office) {
	return {
		serviceName: office.serviceName,
		email: office.email,
		phone: office.phone,
		postalAddress: { ...office.postalAddress },
		accommodationCircularUrl: office.accommodationCircularUrl,
		accommodationCircularPath: office.accommodationCircularPath,
		confirmationReturnDate: office.confirmationReturnDate,
		illustrativeFields: office.illustrativeFields
	};
}

/** Saves the office as entered: every value saved is confirmed (no longer « à confirmer »). */
export function saveExamOffice(db: Db, administrator: ManagerUser, key: OfficeKey, input: ExamOfficeForm, now: Date) {
	if (administrator.role !== 'administrator') throw new Error('Only an administrator edits an exam office');
	return db.transaction(
		(tx) => {
			const before = findExamOffice(tx, key);
			if (!before) return { status: 'not-found' as const };
			const values = {
				serviceName: input.serviceName,
				email: input.email,
				phone: input.phone,
				postalAddress: {
					lines: input.addressLines
						.split(/\r?\n/)
						.map((line) => line.trim())
						.filter(Boolean),
					postalCode: input.postalCode,
					city: input.city,
					country: input.country
				},
				accommodationCircularUrl: input.accommodationCircularUrl,
				accommodationCircularPath: input.accommodationCircularPath || null,
				confirmationReturnDate: input.confirmationReturnDate,
				illustrativeFields: [] as string[]
			};
			tx.update(examOffices)
				.set({ ...values, changedInAppAt: now })
				.where(examOfficeCondition(key))
				.run();
			recordAudit(
				tx,
				administrator,
				{
					action: 'exam-office.changed',
					subjectType: 'exam-office',
					subjectId: `${key.academyCode}/${key.examDomainCode}/${key.sessionYear}`,
					before: auditedValues(before),
					after: auditedValues({ ...before, ...values }),
					details: { academyCode: key.academyCode }
				},
				now
			);
			return { status: 'saved' as const };
		},
		{ behavior: 'immediate' }
	);
}

/** Every session year of every domain, newest first. */
export function listSessions(db: Db) {
	return db
		.select({ examDomainCode: examSessions.examDomainCode, domainName: examDomains.name, year: examSessions.year })
		.from(examSessions)
		.innerJoin(examDomains, eq(examDomains.code, examSessions.examDomainCode))
		.orderBy(asc(examDomains.sortOrder), desc(examSessions.year))
		.all();
}

function shiftYear(isoDate: string, years: number): string {
	const [year, month, day] = isoDate.split('-').map(Number);
	// 29 February becomes 28 February in a common year.
	const shifted = new Date(Date.UTC(year + years, month - 1, Math.min(day, month === 2 ? 28 : day)));
	return shifted.toISOString().slice(0, 10);
}

/**
 * Adds a session year to an exam domain. Each académie's office of the domain's latest earlier
 * session is carried over with every value « à confirmer », so the confirmation never prints a
 * guess as fact and an administrator sees what to check.
 */
export function addSession(db: Db, administrator: ManagerUser, input: { examDomainCode: string; year: number }, now: Date) {
	if (administrator.role !== 'administrator') throw new Error('Only an administrator adds a session');
	return db.transaction(
		(tx) => {
			const domain = tx.select().from(examDomains).where(eq(examDomains.code, input.examDomainCode)).get();
			if (!domain) return { status: 'invalid' as const, errors: { examDomainCode: SESSION_MESSAGES.unknownDomain } };
			const exists = tx
				.select()
				.from(examSessions)
				.where(and(eq(examSessions.examDomainCode, domain.code), eq(examSessions.year, input.year)))
				.get();
			if (exists) return { status: 'invalid' as const, errors: { year: SESSION_MESSAGES.exists } };
			tx.insert(examSessions).values({ examDomainCode: domain.code, year: input.year }).run();

			const previous = tx
				.select({ year: examSessions.year })
				.from(examSessions)
				.where(eq(examSessions.examDomainCode, domain.code))
				.orderBy(desc(examSessions.year))
				.all()
				.find((session) => session.year < input.year);
			let copied = 0;
			if (previous) {
				const offices = tx
					.select()
					.from(examOffices)
					.where(and(eq(examOffices.examDomainCode, domain.code), eq(examOffices.sessionYear, previous.year)))
					.all();
				for (const office of offices) {
					tx.insert(examOffices)
						.values({
							...office,
							sessionYear: input.year,
							confirmationReturnDate: shiftYear(office.confirmationReturnDate, input.year - previous.year),
							illustrativeFields: [...OFFICE_FIELDS] as OfficeField[],
							changedInAppAt: null
						})
						.onConflictDoNothing()
						.run();
					copied++;
				}
			}
			recordAudit(
				tx,
				administrator,
				{
					action: 'exam-session.created',
					subjectType: 'exam-session',
					subjectId: `${domain.code}/${input.year}`,
					after: { examDomainCode: domain.code, year: input.year },
					details: { officesCarriedOverFrom: previous?.year ?? null, officesCarriedOver: copied }
				},
				now
			);
			return { status: 'created' as const, officesCarriedOver: copied };
		},
		{ behavior: 'immediate' }
	);
}
