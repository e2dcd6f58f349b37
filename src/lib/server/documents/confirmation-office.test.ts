// SPEC M2: the candidate never reads a placeholder as fact. Where the catalogue still marks an
// exam office's contact as illustrative, the confirmation (PDF and HTML data), « Modifier mon
// compte » and the wizard say the académie will give it; once an administrator saves the office,
// they print it.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { registrations } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { submitRegistration } from '../registrations';
import { latestExamOffice } from '../registrations/consultation';
import { loadWizardData } from '../registrations/wizard-data';
import { saveExamOffice } from '../admin/exam-offices';
import type { ManagerUser } from '../managers/sessions';
import { OFFICE_CONTACT_PENDING, type ExamOfficeForm } from '../../domain/admin-windows';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { buildConfirmationData } from './index';
import { renderConfirmationPdf } from './confirmation';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const ADMIN: ManagerUser = { id: 'admin-1', email: 'admin@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };
const LYON_OFFICE: ExamOfficeForm = {
	serviceName: 'DEC 3 – Baccalauréat professionnel',
	addressLines: 'Rectorat de l’académie de Lyon\n92 rue de Marseille\nBP 7227',
	postalCode: '69354',
	city: 'Lyon Cedex 07',
	country: 'France',
	email: 'dec3@ac-lyon.fr',
	phone: '04 72 80 60 60',
	confirmationReturnDate: '2027-01-22',
	accommodationCircularUrl: 'https://www.ac-lyon.fr/examens/amenagements',
	accommodationCircularPath: ''
};

async function backPage(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const page = await pdf.getPage(2);
	const text = await page.getTextContent();
	return text.items
		.map((item) => ('str' in item ? item.str : ''))
		.join(' ')
		.replace(/\s+/g, ' ');
}

let db: Db;
let candidateId: string;

async function register(academyCode: string) {
	const answer = submitRegistration(db, candidateId, `key-office-${academyCode}-0000000`, submission(undefined, academyCode), ctx);
	const { registrationNumber } = answer.body as { registrationNumber: string };
	return db
		.select()
		.from(registrations)
		.all()
		.find((row) => row.registrationNumber === registrationNumber)!;
}

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
});

describe('M2: an exam office not confirmed is never printed as fact', () => {
	it('the confirmation PDF says the académie will give the contact, without the example address, email, phone or date', async () => {
		const registration = await register('10');
		const data = buildConfirmationData(db, registration.id, 1, TEST_NOW);
		expect(data.office).toEqual({ serviceName: null, addressLines: null, email: null, phone: null });
		expect(data.returnDate).toBeNull();
		const back = await backPage(await renderConfirmationPdf(data));
		expect(back).toContain(OFFICE_CONTACT_PENDING);
		expect(back).toContain('dans le délai fixé par votre académie');
		expect(back).not.toContain('example.org');
		expect(back).not.toContain('92 rue de Marseille');
		expect(back).not.toContain('04 65 71 10 00');
		expect(back).not.toContain('15/01/2027');
	});

	it('once an administrator saves the office, the next confirmation prints it and no longer the sentence', async () => {
		const registration = await register('10');
		saveExamOffice(db, ADMIN, { academyCode: '10', examDomainCode: 'BCP', sessionYear: 2027 }, LYON_OFFICE, TEST_NOW);
		const data = buildConfirmationData(db, registration.id, 1, TEST_NOW);
		const back = await backPage(await renderConfirmationPdf(data));
		expect(back).not.toContain(OFFICE_CONTACT_PENDING);
		expect(back).toContain('avant le 22/01/2027');
		expect(back).toContain('DEC 3 – Baccalauréat professionnel');
		expect(back).toContain('92 rue de Marseille');
		expect(back).toContain('69354 Lyon Cedex 07');
		expect(back).toContain('Contact : dec3@ac-lyon.fr – 04 72 80 60 60');
	});

	it('a partly confirmed office (Grenoble: only the email) prints the email and the sentence for the rest', async () => {
		const registration = await register('08');
		const back = await backPage(await renderConfirmationPdf(buildConfirmationData(db, registration.id, 1, TEST_NOW)));
		expect(back).toContain('Contact : ce.decbacpro@ac-grenoble.fr');
		expect(back).toContain(OFFICE_CONTACT_PENDING);
		expect(back).not.toContain('Bir-Hakeim');
		expect(back).not.toContain('04 65 71 08 00');
	});

	it('« Modifier mon compte » reads only confirmed values of the office', async () => {
		await register('10');
		expect(latestExamOffice(db, candidateId)).toEqual({ serviceName: null, email: null, phone: null });
		saveExamOffice(db, ADMIN, { academyCode: '10', examDomainCode: 'BCP', sessionYear: 2027 }, LYON_OFFICE, TEST_NOW);
		expect(latestExamOffice(db, candidateId)).toEqual({
			serviceName: 'DEC 3 – Baccalauréat professionnel',
			email: 'dec3@ac-lyon.fr',
			phone: '04 72 80 60 60'
		});
	});

	it('the wizard offers the accommodation circular only once confirmed', () => {
		const lyon = { domainCode: 'BCP', sessionYear: 2027, academyCode: '10' };
		expect(loadWizardData(db, candidateId, lyon, TEST_NOW)!.accommodation).toBeNull();
		// Grenoble's circular is the real académie site, confirmed in the catalogue.
		expect(loadWizardData(db, candidateId, { ...lyon, academyCode: '08' }, TEST_NOW)!.accommodation?.url).toBe(
			'https://www.ac-grenoble.fr/'
		);
		saveExamOffice(db, ADMIN, { academyCode: '10', examDomainCode: 'BCP', sessionYear: 2027 }, LYON_OFFICE, TEST_NOW);
		expect(loadWizardData(db, candidateId, lyon, TEST_NOW)!.accommodation).toMatchObject({
			url: 'https://www.ac-lyon.fr/examens/amenagements',
			path: null
		});
	});
});
