import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { eq } from 'drizzle-orm';
import { auditEvents, registrations, supportingDocuments } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { modifyRegistration, submitRegistration } from '../registrations';
import type { RegistrationContent } from '../../domain/registration-content';
import { depositSupportingDocument, listSupportingDocuments, lockSupportingDocuments, readSupportingDocument } from './supporting';
import { exifWithLocation, GPS_MAP_DATUM, handWrittenPdf, jpegSegment, withJpegSegments } from './fixtures/hostile';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';

const config = TEST_CONFIG;
const NOW = TEST_NOW;
const ctx = { now: NOW, config };
const content: RegistrationContent = {
	choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] },
	situation: { category: 'individual', lastDiploma: 'cap', lastDiplomaYear: '2022', currentActivity: 'employed', trainingOrganisation: '' },
	priorResults: { keptMarks: [], diploma: { held: true, name: 'Baccalauréat général', level: '4', year: '2020' }, declined: [] },
	accommodations: { applied: 'no' }
};
const envelope = (c: RegistrationContent) => submission(c);

let db: Db;
let dataDir: string;
let candidateId: string;
let number: string;
let pdf: Uint8Array;

beforeEach(async () => {
	db = seededTestDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-pieces-'));
	candidateId = await createActivatedCandidate(db, ctx);
	number = (submitRegistration(db, candidateId, 'key-pieces-0000000001', envelope(content), ctx).body as { registrationNumber: string })
		.registrationNumber;
	const document = await PDFDocument.create();
	document.addPage();
	pdf = await document.save();
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('R12: supporting documents', () => {
	it('requires an identity document, the JDC under 25, the diploma declared and the PFMP of an individual candidate', () => {
		const listed = listSupportingDocuments(db, candidateId, number)!;
		expect(listed.items.map((item) => item.type.code)).toEqual([
			'identity-document',
			'jdc-certificate',
			'diploma-copy',
			'pfmp-certificates'
		]);
	});

	it('deposits, replaces until locking, keeps the earlier file when a bad one is sent, then locks', async () => {
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, NOW)).toEqual({ ok: true });
		const first = db.select().from(supportingDocuments).get()!;
		const refused = await depositSupportingDocument(
			db,
			dataDir,
			candidateId,
			number,
			'identity-document',
			new TextEncoder().encode('<html>'),
			NOW
		);
		expect(refused).toMatchObject({ ok: false, status: 422 });
		expect(db.select().from(supportingDocuments).get()).toEqual(first);
		expect(
			await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, new Date(NOW.getTime() + 1000))
		).toEqual({ ok: true });
		expect(db.select().from(supportingDocuments).all()).toHaveLength(1);
		expect(fs.readdirSync(path.join(dataDir, 'files'))).toHaveLength(1);

		expect(lockSupportingDocuments(db, candidateId, number, NOW)).toMatchObject({
			ok: false,
			reason: expect.stringContaining('Il manque')
		});
		for (const code of ['jdc-certificate', 'diploma-copy', 'pfmp-certificates']) {
			expect(await depositSupportingDocument(db, dataDir, candidateId, number, code, pdf, NOW)).toEqual({ ok: true });
		}
		expect(lockSupportingDocuments(db, candidateId, number, NOW)).toEqual({ ok: true });
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, NOW)).toMatchObject({
			ok: false,
			status: 409
		});
	});

	it('M5: after locking, a refused piece is replaced (back to « déposée », recorded), an accepted or deposited one is not', async () => {
		for (const code of ['identity-document', 'jdc-certificate', 'diploma-copy', 'pfmp-certificates'])
			await depositSupportingDocument(db, dataDir, candidateId, number, code, pdf, NOW);
		lockSupportingDocuments(db, candidateId, number, NOW);
		db.update(supportingDocuments)
			.set({ state: 'refused', reviewReason: 'Document illisible', reviewedBy: 'm-1' })
			.where(eq(supportingDocuments.typeCode, 'identity-document'))
			.run();
		db.update(supportingDocuments).set({ state: 'accepted' }).where(eq(supportingDocuments.typeCode, 'jdc-certificate')).run();
		const later = new Date(NOW.getTime() + 1000);
		for (const code of ['jdc-certificate', 'diploma-copy'])
			expect(await depositSupportingDocument(db, dataDir, candidateId, number, code, pdf, later)).toMatchObject({ ok: false, status: 409 });
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, later)).toEqual({ ok: true });
		expect(db.select().from(supportingDocuments).where(eq(supportingDocuments.typeCode, 'identity-document')).get()).toMatchObject({
			state: 'deposited',
			reviewReason: null,
			reviewedBy: null,
			uploadedAt: later
		});
		expect(db.select().from(registrations).get()!.supportingDocumentsLockedAt).toEqual(NOW);
		expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'supporting-document.deposited')).all()).toMatchObject([
			{ actorType: 'candidate', actorId: candidateId, details: { typeCode: 'identity-document', before: { state: 'refusée' } } }
		]);
		expect(fs.readdirSync(path.join(dataDir, 'files'))).toHaveLength(4);
	});

	it('refuses a piece the registration does not ask for', async () => {
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'work-certificates', pdf, NOW)).toMatchObject({
			ok: false,
			status: 400
		});
	});

	it('after locking, a modification is possible but waits for the exam office’s validation', async () => {
		for (const code of ['identity-document', 'jdc-certificate', 'diploma-copy', 'pfmp-certificates'])
			await depositSupportingDocument(db, dataDir, candidateId, number, code, pdf, NOW);
		lockSupportingDocuments(db, candidateId, number, NOW);
		expect(db.select().from(registrations).get()!.pendingValidation).toBe(false);
		const answer = modifyRegistration(
			db,
			candidateId,
			number,
			{ key: 'key-pieces-0000000002', ifMatch: 1, body: envelope({ ...content, accommodations: { applied: 'yes' } }) },
			ctx
		);
		expect(answer.body).toMatchObject({ ok: true, version: 2 });
		expect(db.select().from(registrations).get()!.pendingValidation).toBe(true);
	});

	it('a candidate reads only their own files', async () => {
		await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, NOW);
		const id = db.select().from(supportingDocuments).get()!.id;
		const other = await createActivatedCandidate(db, ctx, 'autre@example.org');
		expect(readSupportingDocument(db, dataDir, other, id)).toBeNull();
		expect(readSupportingDocument(db, dataDir, candidateId, id)!.file.mediaType).toBe('application/pdf');
		expect(listSupportingDocuments(db, other, number)).toBeNull();
		expect(await depositSupportingDocument(db, dataDir, other, number, 'identity-document', pdf, NOW)).toMatchObject({
			ok: false,
			status: 404
		});
	});
});

describe('S4: what a deposit stores', () => {
	it('stores the checked file: a photo without its location, its size as stored', async () => {
		const photo = withJpegSegments(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'photo.jpg')), [
			jpegSegment(0xe1, exifWithLocation())
		]);
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', photo, NOW)).toEqual({ ok: true });
		const row = db.select().from(supportingDocuments).get()!;
		const stored = readSupportingDocument(db, dataDir, candidateId, row.id)!.bytes;
		expect(stored.includes(GPS_MAP_DATUM)).toBe(false);
		expect(row).toMatchObject({ mediaType: 'image/jpeg', byteSize: stored.length });
		expect(stored.length).toBeLessThan(photo.length);
	});

	it('refuses a hostile file with a 422 and the French reason, keeping nothing', async () => {
		const script = handWrittenPdf({
			catalog: '/Names << /JavaScript 4 0 R >>',
			extra: ['<< /Names [(a) 5 0 R] >>', '<< /S /JavaScript /JS (app.alert\\(1\\)) >>']
		});
		const answer = await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', script, NOW);
		expect(answer).toMatchObject({ ok: false, status: 422, reason: expect.stringContaining('Ce PDF contient des éléments actifs') });
		expect(db.select().from(supportingDocuments).all()).toEqual([]);
		expect(fs.existsSync(path.join(dataDir, 'files')) ? fs.readdirSync(path.join(dataDir, 'files')) : []).toEqual([]);
	});
});
