import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { auditEvents, documents, mailOutbox, registrations, supportingDocuments } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { modifyRegistration, submitRegistration, withdrawRegistration } from '../registrations';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { depositSupportingDocument, lockSupportingDocuments, QUOTA_BYTES } from '../documents/supporting';
import { readCandidateReminder } from '../documents/reminder';
import { readStoredFile } from '../documents/storage';
import type { ManagerUser } from '../managers/sessions';
import { encodeQueueCursor } from '../../domain/supporting-review';
import {
	acceptPiece,
	listReviewQueue,
	loadPieceView,
	readPieceFile,
	refusePiece,
	sendSupportingReminder,
	unlockSupportingDocuments
} from './supporting-review';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * 60_000);

const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };
const rennes: ManagerUser = { id: 'm-rennes', email: 'r@example.org', role: 'manager', academyCodes: ['14'], totpEnabled: false };
const administrator: ManagerUser = { id: 'm-admin', email: 'a@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };

/** SAMPLE_CONTENT (no diploma declared), Léa under 25 and French: identity, JDC, PFMP. */
const REQUIRED = ['identity-document', 'jdc-certificate', 'pfmp-certificates'];

let db: Db;
let dataDir: string;
let candidateId: string;
let number: string;
let pdf: Uint8Array;

const registration = () => db.select().from(registrations).where(eq(registrations.registrationNumber, number)).get()!;
const pieceOf = (typeCode: string) =>
	db
		.select()
		.from(supportingDocuments)
		.where(and(eq(supportingDocuments.registrationId, registration().id), eq(supportingDocuments.typeCode, typeCode)))
		.get()!;
const events = () => db.select().from(auditEvents).where(eq(auditEvents.subjectId, registration().id)).all();
const mails = () => db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'lea@example.org')).all();

async function depositAll(at = TEST_NOW) {
	for (const code of REQUIRED)
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, code, pdf, at)).toEqual({ ok: true });
}

async function textOf(bytes: Uint8Array): Promise<string> {
	const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const pages: string[] = [];
	for (let page = 1; page <= document.numPages; page++) {
		const text = await (await document.getPage(page)).getTextContent();
		pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return pages.join('\n');
}

beforeEach(async () => {
	db = seededTestDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-review-'));
	candidateId = await createActivatedCandidate(db, ctx);
	number = (submitRegistration(db, candidateId, 'key-review-000000001', submission(), ctx).body as { registrationNumber: string })
		.registrationNumber;
	const document = await PDFDocument.create();
	document.addPage();
	pdf = await document.save();
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('M1, M5: scope', () => {
	it('answers a manager of another académie like an unknown piece, and changes nothing', async () => {
		await depositAll();
		const id = pieceOf('identity-document').id;
		expect(loadPieceView(db, rennes, number, id)).toBeNull();
		expect(readPieceFile(db, dataDir, rennes, number, id)).toBeNull();
		expect(acceptPiece(db, rennes, number, id, later(1))).toBe('not-found');
		expect(refusePiece(db, rennes, number, id, 'Document illisible', { ...ctx, now: later(1) })).toBe('not-found');
		lockSupportingDocuments(db, candidateId, number, TEST_NOW);
		expect(unlockSupportingDocuments(db, rennes, number, later(1))).toBe('not-found');
		expect(await sendSupportingReminder(db, dataDir, rennes, number, ctx)).toEqual({ status: 'not-found' });
		expect(pieceOf('identity-document').state).toBe('deposited');
		expect(registration().supportingDocumentsLockedAt).not.toBeNull();
		expect(events().filter((event) => event.actorType !== 'candidate')).toEqual([]);
		expect(listReviewQueue(db, rennes, {}, later(1)).rows).toEqual([]);
	});

	it('a piece id of another registration is not found through this registration’s number', async () => {
		await depositAll();
		const otherCandidate = await createActivatedCandidate(db, ctx, 'autre@example.org');
		const other = (submitRegistration(db, otherCandidate, 'key-review-000000002', submission(), ctx).body as { registrationNumber: string })
			.registrationNumber;
		const id = pieceOf('identity-document').id;
		expect(loadPieceView(db, grenoble, other, id)).toBeNull();
		expect(acceptPiece(db, grenoble, other, id, later(1))).toBe('not-found');
		expect(loadPieceView(db, grenoble, number, id)).toMatchObject({ registrationNumber: number, piece: { id, state: 'deposited' } });
		expect(readPieceFile(db, dataDir, administrator, number, id)!.bytes).toEqual(Buffer.from(pdf));
	});
});

describe('M5: accept, refuse, unlock', () => {
	it('refuses with the reason (audit row with before, after and reason, a notice with the reason), then accepts', async () => {
		await depositAll();
		const id = pieceOf('identity-document').id;
		const mailsBefore = mails().length;
		expect(refusePiece(db, grenoble, number, id, 'Document illisible : photo floue', { ...ctx, now: later(1) })).toBe('done');
		expect(pieceOf('identity-document')).toMatchObject({
			state: 'refused',
			reviewReason: 'Document illisible : photo floue',
			reviewedAt: later(1),
			reviewedBy: 'm-grenoble'
		});
		expect(refusePiece(db, grenoble, number, id, 'Document illisible : photo floue', { ...ctx, now: later(2) })).toBe('unchanged');
		const refused = events().filter((event) => event.action === 'supporting-document.refused');
		expect(refused).toMatchObject([
			{
				actorType: 'manager',
				actorId: 'm-grenoble',
				reason: 'Document illisible : photo floue',
				details: {
					registrationNumber: number,
					academyCode: '08',
					pieceId: id,
					typeCode: 'identity-document',
					before: { state: 'déposée' },
					after: { state: 'refusée' }
				}
			}
		]);
		const notice = mails().slice(mailsBefore);
		expect(notice).toHaveLength(1);
		expect(notice[0].subject).toBe('Une pièce justificative a été refusée');
		expect(notice[0].textBody).toContain('Motif : Document illisible : photo floue');
		expect(notice[0].textBody).toContain(`${TEST_CONFIG.origin}/mes-inscriptions/${number}/pieces`);
		expect(notice[0].textBody).not.toContain('Martin');

		expect(acceptPiece(db, grenoble, number, id, later(3))).toBe('done');
		expect(pieceOf('identity-document')).toMatchObject({ state: 'accepted', reviewReason: null, reviewedBy: 'm-grenoble' });
		expect(acceptPiece(db, grenoble, number, id, later(4))).toBe('unchanged');
		expect(events().filter((event) => event.action === 'supporting-document.accepted')).toMatchObject([
			{ details: { before: { state: 'refusée' }, after: { state: 'acceptée' } } }
		]);
	});

	it('« Déverrouiller » clears the lock once, recorded; a withdrawn registration takes no decision', async () => {
		await depositAll();
		lockSupportingDocuments(db, candidateId, number, TEST_NOW);
		expect(unlockSupportingDocuments(db, grenoble, number, later(1))).toBe('done');
		expect(registration().supportingDocumentsLockedAt).toBeNull();
		expect(unlockSupportingDocuments(db, grenoble, number, later(2))).toBe('unchanged');
		expect(events().filter((event) => event.action === 'supporting-documents.unlocked')).toMatchObject([
			{ actorId: 'm-grenoble', details: { before: { locked: true }, after: { locked: false } } }
		]);
		withdrawRegistration(db, candidateId, number, TEST_NOW, TEST_CONFIG);
		expect(acceptPiece(db, grenoble, number, pieceOf('identity-document').id, later(3))).toBe('withdrawn');
	});
});

describe('R12, M5: the candidate after a review, in a locked set', () => {
	it('replaces a refused piece even when locked: back to « déposée », recorded as coming back; an accepted one stays', async () => {
		await depositAll();
		expect(lockSupportingDocuments(db, candidateId, number, TEST_NOW)).toEqual({ ok: true });
		const identity = pieceOf('identity-document');
		refusePiece(db, grenoble, number, identity.id, 'Document expiré', { ...ctx, now: later(1) });
		acceptPiece(db, grenoble, number, pieceOf('jdc-certificate').id, later(1));

		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'jdc-certificate', pdf, later(2))).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'pfmp-certificates', pdf, later(2))).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, later(2))).toEqual({ ok: true });
		expect(pieceOf('identity-document')).toMatchObject({
			id: identity.id,
			state: 'deposited',
			reviewReason: null,
			reviewedBy: null,
			uploadedAt: later(2)
		});
		expect(registration().supportingDocumentsLockedAt).not.toBeNull();
		expect(events().filter((event) => event.action === 'supporting-document.deposited')).toMatchObject([
			{
				actorType: 'candidate',
				actorId: candidateId,
				details: { pieceId: identity.id, typeCode: 'identity-document', before: { state: 'refusée' }, after: { state: 'déposée' } }
			}
		]);
		// Back in the queue.
		expect(listReviewQueue(db, grenoble, {}, later(3)).rows.map((row) => row.id)).toContain(identity.id);
	});

	it('a piece required after a modification can be deposited into a locked set', async () => {
		await depositAll();
		lockSupportingDocuments(db, candidateId, number, TEST_NOW);
		const withDiploma = {
			...SAMPLE_CONTENT,
			priorResults: { ...SAMPLE_CONTENT.priorResults, diploma: { held: true, name: 'Baccalauréat général', level: '4', year: '2020' } }
		};
		expect(
			modifyRegistration(db, candidateId, number, { key: 'key-review-000000003', ifMatch: 1, body: submission(withDiploma) }, ctx).body
		).toMatchObject({
			ok: true
		});
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'diploma-copy', pdf, later(1))).toEqual({ ok: true });
		expect(events().filter((event) => event.action === 'supporting-document.deposited')).toMatchObject([
			{ details: { typeCode: 'diploma-copy', before: { state: 'manquante' } } }
		]);
	});

	it('the 25 MB quota still holds for a replacement in a locked set', async () => {
		await depositAll();
		lockSupportingDocuments(db, candidateId, number, TEST_NOW);
		refusePiece(db, grenoble, number, pieceOf('identity-document').id, 'Document incomplet', { ...ctx, now: later(1) });
		// The two other pieces take all but a few bytes of the quota.
		db.update(supportingDocuments)
			.set({ byteSize: Math.floor(QUOTA_BYTES / 2) })
			.where(eq(supportingDocuments.typeCode, 'jdc-certificate'))
			.run();
		db.update(supportingDocuments)
			.set({ byteSize: Math.ceil(QUOTA_BYTES / 2) - 10 })
			.where(eq(supportingDocuments.typeCode, 'pfmp-certificates'))
			.run();
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, later(2))).toMatchObject({
			ok: false,
			status: 413
		});
		expect(pieceOf('identity-document').state).toBe('refused');
	});
});

describe('M5: « Pièces à examiner »', () => {
	it('lists deposited pieces of the manager’s académies, oldest first, filtered by exam and age, paged by keyset', async () => {
		await depositSupportingDocument(db, dataDir, candidateId, number, 'pfmp-certificates', pdf, later(-60 * 24 * 10));
		await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, later(-60 * 24 * 3));
		await depositSupportingDocument(db, dataDir, candidateId, number, 'jdc-certificate', pdf, TEST_NOW);
		acceptPiece(db, grenoble, number, pieceOf('jdc-certificate').id, later(1));
		const queue = listReviewQueue(db, grenoble, {}, later(2));
		expect(queue.total).toBe(2);
		expect(queue.rows.map((row) => row.label)).toEqual([expect.stringContaining('PFMP'), 'Pièce d’identité']);
		expect(queue.rows[0]).toMatchObject({ registrationNumber: number, birthName: 'Martin', academyName: 'Grenoble', locked: false });
		expect(listReviewQueue(db, administrator, {}, later(2)).total).toBe(2);
		expect(listReviewQueue(db, grenoble, { age: '7' }, later(2)).rows.map((row) => row.id)).toEqual([pieceOf('pfmp-certificates').id]);
		expect(listReviewQueue(db, grenoble, { examen: 'CAP' }, later(2)).rows).toEqual([]);
		expect(listReviewQueue(db, grenoble, { academie: '14' }, later(2)).rows).toEqual([]);
		const first = queue.rows[0];
		expect(
			listReviewQueue(db, grenoble, { apres: encodeQueueCursor(first.uploadedAt, first.id) }, later(2)).rows.map((row) => row.id)
		).toEqual([queue.rows[1].id]);
		withdrawRegistration(db, candidateId, number, TEST_NOW, TEST_CONFIG);
		expect(listReviewQueue(db, grenoble, {}, later(3)).rows).toEqual([]);
	});
});

describe('M5, D1: « Relance de pièces justificatives »', () => {
	it('is refused when nothing is missing or refused', async () => {
		await depositAll();
		expect(await sendSupportingReminder(db, dataDir, grenoble, number, ctx)).toEqual({ status: 'nothing-missing' });
		expect(db.select().from(documents).where(eq(documents.kind, 'supporting-reminder')).all()).toEqual([]);
	});

	it('lists missing and refused pieces in a PDF and its payload, versioned, recorded, with a notice that lists nothing', async () => {
		await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, TEST_NOW);
		refusePiece(db, grenoble, number, pieceOf('identity-document').id, 'Ce n’est pas le document demandé', { ...ctx, now: later(1) });
		const mailsBefore = mails().length;
		const sent = await sendSupportingReminder(db, dataDir, grenoble, number, { ...ctx, now: later(2) });
		expect(sent).toMatchObject({ status: 'sent', version: 1, mailed: true });
		const row = db.select().from(documents).where(eq(documents.kind, 'supporting-reminder')).get()!;
		expect(row).toMatchObject({
			candidateId,
			registrationId: registration().id,
			version: 1,
			title: 'Relance de pièces justificatives',
			mediaType: 'application/pdf',
			createdBy: 'manager',
			createdByManagerId: 'm-grenoble',
			payload: {
				registrationNumber: number,
				missing: [expect.stringContaining('JDC'), expect.stringContaining('PFMP')],
				refused: [{ label: 'Pièce d’identité', reason: 'Ce n’est pas le document demandé' }]
			}
		});
		const text = await textOf(readStoredFile(dataDir, row.storageName));
		expect(text).toContain('Relance de pièces justificatives');
		expect(text).toContain(number);
		expect(text).toContain('Ce n’est pas le document demandé');
		expect(text).toContain('Pièces manquantes');
		expect(events().filter((event) => event.action === 'supporting-documents.reminder-sent')).toMatchObject([
			{ actorId: 'm-grenoble', details: { documentId: row.id, version: 1 } }
		]);
		const notice = mails().slice(mailsBefore);
		expect(notice.map((mail) => mail.subject)).toEqual(['Relance : des pièces justificatives sont attendues']);
		expect(notice[0].textBody).toContain(`${TEST_CONFIG.origin}/mes-documents`);
		expect(notice[0].textBody).not.toContain('Ce n’est pas le document demandé');

		expect(await sendSupportingReminder(db, dataDir, grenoble, number, { ...ctx, now: later(3) })).toMatchObject({ version: 2 });
		expect(readCandidateReminder(db, candidateId, row.id)).toMatchObject({ version: 1, data: { registrationNumber: number } });
		const other = await createActivatedCandidate(db, ctx, 'autre@example.org');
		expect(readCandidateReminder(db, other, row.id)).toBeNull();
	});
});
