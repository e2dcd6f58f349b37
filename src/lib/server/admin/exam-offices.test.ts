import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { auditEvents, examOffices } from '../db/schema';
import { seedCatalogue } from '../catalogue/seed';
import { listSessionYears, sessionExists } from '../catalogue';
import type { ManagerUser } from '../managers/sessions';
import { confirmedOffice, examOfficeFormSchema, type ExamOfficeForm } from '../../domain/admin-windows';
import { addSession, examOfficeFormValues, findExamOffice, listExamOffices, saveExamOffice } from './exam-offices';

const NOW = new Date('2026-11-29T10:00:00Z');
const ADMIN: ManagerUser = { id: 'admin-1', email: 'admin@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };
const MANAGER: ManagerUser = { id: 'manager-1', email: 'm@example.org', role: 'manager', academyCodes: ['10'], totpEnabled: false };
const LYON_BCP = { academyCode: '10', examDomainCode: 'BCP', sessionYear: 2027 };

const LYON_FORM: ExamOfficeForm = {
	serviceName: 'Division des examens et concours – bureau du bac pro',
	addressLines: 'Rectorat de l’académie de Lyon\nDEC 3\n92 rue de Marseille',
	postalCode: '69354',
	city: 'Lyon Cedex 07',
	country: 'France',
	email: 'dec3@ac-lyon.fr',
	phone: '04 72 80 60 60',
	confirmationReturnDate: '2027-01-22',
	accommodationCircularUrl: 'https://www.ac-lyon.fr/examens/amenagements',
	accommodationCircularPath: 'Examens > Aménagements'
};

let db: Db;
beforeEach(() => {
	db = createTestDb();
	seedCatalogue(db, undefined, NOW);
});

describe('M2: an exam office’s values « à confirmer »', () => {
	it('lists what the catalogue still marks as illustrative', () => {
		const [lyon] = listExamOffices(db, { academyCode: '10', examDomainCode: 'BCP' });
		expect(lyon.toConfirm).toEqual([
			'serviceName',
			'email',
			'phone',
			'postalAddress',
			'accommodationCircularUrl',
			'confirmationReturnDate'
		]);
		const [grenoble] = listExamOffices(db, { academyCode: '08', examDomainCode: 'BCP', sessionYear: 2027 });
		expect(grenoble.toConfirm).not.toContain('email');
	});

	it('saving confirms every value saved, marks the office changed in the application, and is audited before/after', () => {
		const before = findExamOffice(db, LYON_BCP)!;
		expect(saveExamOffice(db, ADMIN, LYON_BCP, LYON_FORM, NOW)).toEqual({ status: 'saved' });
		const after = findExamOffice(db, LYON_BCP)!;
		expect(after).toMatchObject({
			serviceName: LYON_FORM.serviceName,
			email: 'dec3@ac-lyon.fr',
			phone: '04 72 80 60 60',
			postalAddress: {
				lines: ['Rectorat de l’académie de Lyon', 'DEC 3', '92 rue de Marseille'],
				postalCode: '69354',
				city: 'Lyon Cedex 07'
			},
			confirmationReturnDate: '2027-01-22',
			illustrativeFields: [],
			changedInAppAt: NOW
		});
		expect(examOfficeFormValues(after)).toEqual(LYON_FORM);
		expect(listExamOffices(db, { academyCode: '10', examDomainCode: 'BCP' })[0].toConfirm).toEqual([]);
		// The candidate now reads the confirmed values.
		expect(confirmedOffice(after)).toMatchObject({
			email: 'dec3@ac-lyon.fr',
			addressLines: ['Rectorat de l’académie de Lyon', 'DEC 3', '92 rue de Marseille', '69354 Lyon Cedex 07']
		});
		expect(confirmedOffice(before)).toMatchObject({ email: null, phone: null, addressLines: null, serviceName: null });

		const [event] = db.select().from(auditEvents).all();
		expect(event).toMatchObject({
			actorType: 'administrator',
			action: 'exam-office.changed',
			subjectType: 'exam-office',
			subjectId: '10/BCP/2027'
		});
		expect(event.details).toMatchObject({
			before: { email: before.email, illustrativeFields: before.illustrativeFields },
			after: { email: 'dec3@ac-lyon.fr', illustrativeFields: [] }
		});
		// Another office is untouched.
		expect(findExamOffice(db, { ...LYON_BCP, examDomainCode: 'CAP' })!.illustrativeFields).toHaveLength(6);
	});

	it('a saved office is kept when the catalogue seed runs again', () => {
		saveExamOffice(db, ADMIN, LYON_BCP, LYON_FORM, NOW);
		seedCatalogue(db, undefined, new Date(NOW.getTime() + 60_000));
		expect(findExamOffice(db, LYON_BCP)!.email).toBe('dec3@ac-lyon.fr');
	});

	it('an unknown office is not found; a manager may not save one', () => {
		expect(saveExamOffice(db, ADMIN, { ...LYON_BCP, sessionYear: 2031 }, LYON_FORM, NOW)).toEqual({ status: 'not-found' });
		expect(() => saveExamOffice(db, MANAGER, LYON_BCP, LYON_FORM, NOW)).toThrow();
	});

	it('the form refuses a wrong email, a non-https circular and an impossible date, in French', () => {
		const result = examOfficeFormSchema.safeParse({
			...LYON_FORM,
			email: 'dec3',
			accommodationCircularUrl: 'http://www.ac-lyon.fr/',
			confirmationReturnDate: '2027-02-30'
		});
		expect(result.success).toBe(false);
		const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
		expect(messages.email).toContain('adresse mail valide');
		expect(messages.accommodationCircularUrl).toContain('https');
		expect(messages.confirmationReturnDate).toContain('date valide');
	});
});

describe('M2: sessions', () => {
	it('an administrator adds a session year; the offices of the previous session are carried over « à confirmer », audited', () => {
		saveExamOffice(db, ADMIN, LYON_BCP, LYON_FORM, NOW);
		const result = addSession(db, ADMIN, { examDomainCode: 'BCP', year: 2028 }, NOW);
		expect(result.status).toBe('created');
		expect(sessionExists(db, 'BCP', 2028)).toBe(true);
		expect(listSessionYears(db)).toContain(2028);
		const carried = findExamOffice(db, { ...LYON_BCP, sessionYear: 2028 })!;
		expect(carried).toMatchObject({ email: 'dec3@ac-lyon.fr', confirmationReturnDate: '2028-01-22', changedInAppAt: null });
		expect(carried.illustrativeFields).toHaveLength(6);
		const copies = db
			.select()
			.from(examOffices)
			.where(and(eq(examOffices.examDomainCode, 'BCP'), eq(examOffices.sessionYear, 2028)))
			.all();
		expect(copies.length).toBe(listExamOffices(db, { examDomainCode: 'BCP', sessionYear: 2027 }).length);
		expect(db.select().from(auditEvents).all().at(-1)).toMatchObject({
			action: 'exam-session.created',
			subjectId: 'BCP/2028',
			details: { after: { examDomainCode: 'BCP', year: 2028 }, officesCarriedOverFrom: 2027 }
		});
	});

	it('refuses a session that exists already, next to the year', () => {
		expect(addSession(db, ADMIN, { examDomainCode: 'BCP', year: 2027 }, NOW)).toEqual({
			status: 'invalid',
			errors: { year: 'Cette session existe déjà pour cet examen.' }
		});
		expect(() => addSession(db, MANAGER, { examDomainCode: 'BCP', year: 2029 }, NOW)).toThrow();
	});
});
