// SPEC M5, D1, M2: the « Relance de pièces justificatives » says what is missing or refused, and
// prints the exam office's contact only where it is confirmed (never a placeholder as fact).
import { eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { registrations, supportingDocuments } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { submitRegistration } from '../registrations';
import { saveExamOffice } from '../admin/exam-offices';
import type { ManagerUser } from '../managers/sessions';
import { OFFICE_CONTACT_PENDING, type ExamOfficeForm } from '../../domain/admin-windows';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { buildReminderData, renderReminderPdf } from './reminder';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const ADMIN: ManagerUser = { id: 'admin-1', email: 'admin@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };
const LYON_OFFICE: ExamOfficeForm = {
	serviceName: 'DEC 3 – Baccalauréat professionnel',
	addressLines: 'Rectorat de l’académie de Lyon\n92 rue de Marseille',
	postalCode: '69354',
	city: 'Lyon Cedex 07',
	country: 'France',
	email: 'dec3@ac-lyon.fr',
	phone: '04 72 80 60 60',
	confirmationReturnDate: '2027-01-22',
	accommodationCircularUrl: 'https://www.ac-lyon.fr/examens/amenagements',
	accommodationCircularPath: ''
};

async function textOf(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const pages: string[] = [];
	for (let number = 1; number <= pdf.numPages; number++) {
		const text = await (await pdf.getPage(number)).getTextContent();
		pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return pages.join('\n').replace(/\s+/g, ' ');
}

let db: Db;
let candidateId: string;

function register(academyCode: string) {
	const answer = submitRegistration(db, candidateId, `key-reminder-${academyCode}-000000`, submission(undefined, academyCode), ctx);
	const { registrationNumber } = answer.body as { registrationNumber: string };
	return db.select().from(registrations).where(eq(registrations.registrationNumber, registrationNumber)).get()!;
}

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
});

describe('M5: the reminder’s content', () => {
	it('lists the missing pieces, the refused ones with their reason, the numbers and the confirmed office', async () => {
		const registration = register('10');
		saveExamOffice(db, ADMIN, { academyCode: '10', examDomainCode: 'BCP', sessionYear: 2027 }, LYON_OFFICE, TEST_NOW);
		db.insert(supportingDocuments)
			.values({
				id: 'a'.repeat(24),
				registrationId: registration.id,
				typeCode: 'identity-document',
				storageName: 'b'.repeat(24),
				mediaType: 'application/pdf',
				byteSize: 10,
				uploadedAt: TEST_NOW,
				state: 'refused',
				reviewReason: 'Document expiré'
			})
			.run();
		const data = buildReminderData(db, registration.id, TEST_NOW)!;
		expect(data).toMatchObject({
			registrationNumber: registration.registrationNumber,
			candidateName: 'Madame Léa Martin',
			exam: { sessionYear: 2027 },
			refused: [{ label: 'Pièce d’identité', reason: 'Document expiré' }],
			office: { serviceName: LYON_OFFICE.serviceName, email: 'dec3@ac-lyon.fr', phone: '04 72 80 60 60' }
		});
		expect(data.missing).toEqual([expect.stringContaining('JDC'), expect.stringContaining('PFMP')]);
		const text = await textOf(await renderReminderPdf(data));
		for (const expected of [
			'Relance de pièces justificatives',
			`N° inscription : ${registration.registrationNumber}`,
			`N° candidat : ${data.candidateNumber}`,
			'Madame Léa Martin',
			'Pièces manquantes',
			'Pièce d’identité – motif : Document expiré',
			'DEC 3 – Baccalauréat professionnel',
			'69354 Lyon Cedex 07',
			'dec3@ac-lyon.fr'
		])
			expect(text).toContain(expected);
		expect(text).not.toContain(OFFICE_CONTACT_PENDING);
	});

	it('prints no placeholder as fact where the office is not confirmed, and is nothing when nothing is missing', async () => {
		const registration = register('14');
		const data = buildReminderData(db, registration.id, TEST_NOW)!;
		expect(data.office.addressLines).toBeNull();
		const text = await textOf(await renderReminderPdf(data));
		if (!data.office.serviceName && !data.office.email && !data.office.phone) expect(text).toContain(OFFICE_CONTACT_PENDING);
		for (const code of ['identity-document', 'jdc-certificate', 'pfmp-certificates']) {
			db.insert(supportingDocuments)
				.values({
					id: code
						.replace(/[^a-z]/g, '')
						.padEnd(24, 'x')
						.slice(0, 24),
					registrationId: registration.id,
					typeCode: code,
					storageName: 'c'.repeat(24),
					mediaType: 'application/pdf',
					byteSize: 10,
					uploadedAt: TEST_NOW,
					state: 'deposited'
				})
				.run();
		}
		expect(buildReminderData(db, registration.id, TEST_NOW)).toBeNull();
	});
});
