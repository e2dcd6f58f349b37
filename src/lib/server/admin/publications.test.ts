import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { auditEvents, documents, mailOutbox, registrations } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { listCandidateDocuments } from '../documents';
import { pngImage } from '../documents/fixtures/images';
import { submitRegistration, withdrawRegistration } from '../registrations';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import type { ManagerUser } from '../managers/sessions';
import { checkCharacter } from '../../domain/numbers';
import { numberInFileName, publishSchema } from '../../domain/publications';
import { previewBatch, publishBatchFile, publishToRegistration, scopedDocument, storedFileName } from './publications';

const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };
const rennes: ManagerUser = { id: 'm-rennes', email: 'r@example.org', role: 'manager', academyCodes: ['14'], totpEnabled: false };

const later = new Date(TEST_NOW.getTime() + 60_000);
let db: Db;
let dataDir: string;
let ctx: { now: Date; config: typeof TEST_CONFIG };
let candidateId: string;
let number: string;

async function pdf(text: string): Promise<Uint8Array> {
	const document = await PDFDocument.create();
	document.addPage([200, 200]).drawText(text, { x: 10, y: 100, size: 10 });
	return document.save();
}

/** The same number with another (wrong) check character. */
function wrongCheck(registrationNumber: string): string {
	const body = registrationNumber.slice(0, 10);
	const right = checkCharacter(body);
	return body + (right === '0' ? '1' : '0');
}

const registration = () => db.select().from(registrations).where(eq(registrations.registrationNumber, number)).get()!;
const published = () => db.select().from(documents).where(eq(documents.kind, 'summons')).all();
const audit = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'document.published')).all();

beforeEach(async () => {
	db = seededTestDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-publications-'));
	ctx = { now: later, config: { ...TEST_CONFIG, dataDir } };
	candidateId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG });
	number = (
		submitRegistration(db, candidateId, 'key-pub-0000000000001', submission(), { now: TEST_NOW, config: TEST_CONFIG }).body as {
			registrationNumber: string;
		}
	).registrationNumber;
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('M6: the N° inscription in a file name (R14)', () => {
	it('finds an 11-character number standing alone, case-insensitive, and never corrects a wrong check character', () => {
		expect(numberInFileName(`convocation_${number}.pdf`)).toEqual({ status: 'found', number });
		expect(numberInFileName(`${number.toLowerCase()}-convocation.PDF`)).toEqual({ status: 'found', number });
		expect(numberInFileName(`conv ${wrongCheck(number)}.pdf`)).toEqual({ status: 'wrong-check', number: wrongCheck(number) });
		// Part of a longer run of digits: not a number.
		expect(numberInFileName(`9${number}.pdf`)).toEqual({ status: 'none' });
		expect(numberInFileName('convocation.pdf')).toEqual({ status: 'none' });
	});

	it('the form wants a title for « Autre document » only', () => {
		expect(publishSchema.safeParse({ kind: 'summons', title: '' }).success).toBe(true);
		const other = publishSchema.safeParse({ kind: 'other', title: ' ' });
		expect(other.success).toBe(false);
		expect(other.error?.issues[0].path).toEqual(['title']);
		expect(publishSchema.safeParse({ kind: 'confirmation', title: '' }).success).toBe(false);
	});

	it('keeps a plain file name ending in .pdf', () => {
		expect(storedFileName('C:\\Users\\x\\convocation 1.pdf', 'f')).toBe('convocation 1.pdf');
		expect(storedFileName('a\u0000b', 'f')).toBe('ab.pdf');
		expect(storedFileName('', 'summons-1')).toBe('summons-1.pdf');
	});
});

describe('M6: the preview of a batch, from the file names only', () => {
	it('classifies each mismatch and shows the candidate only for its own académie', async () => {
		const secondId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG }, 'second@example.org');
		const second = (
			submitRegistration(db, secondId, 'key-pub-0000000000002', submission(), { now: TEST_NOW, config: TEST_CONFIG }).body as {
				registrationNumber: string;
			}
		).registrationNumber;
		const thirdId = await createActivatedCandidate(db, { now: TEST_NOW, config: TEST_CONFIG }, 'third@example.org');
		const third = (
			submitRegistration(db, thirdId, 'key-pub-0000000000003', submission(), { now: TEST_NOW, config: TEST_CONFIG }).body as {
				registrationNumber: string;
			}
		).registrationNumber;
		withdrawRegistration(db, thirdId, third, TEST_NOW, TEST_CONFIG);
		const unknownBody = `${number.slice(0, 4)}999999`;
		const unknown = unknownBody + checkCharacter(unknownBody);

		const rows = previewBatch(db, grenoble, [
			`convocation-${number}.pdf`,
			`convocation-${wrongCheck(second)}.pdf`,
			`convocation-${unknown}.pdf`,
			`convocation-${third}.pdf`,
			'convocation-sans-numero.pdf',
			`convocation-${second}.pdf`,
			`convocation-${second}-bis.pdf`,
			`convocation-${number}.jpg`
		]);
		expect(rows.map((row) => row.outcome)).toEqual([
			'match',
			'wrong-check',
			'unknown-number',
			'withdrawn',
			'no-number',
			'duplicate',
			'duplicate',
			'not-pdf-name'
		]);
		expect(rows[0]).toMatchObject({ registrationNumber: number, candidateName: expect.stringContaining('Léa') });
		expect(rows[1].candidateName).toBeNull();

		// M1: a Rennes manager learns that it is another académie's, never whose.
		const [other] = previewBatch(db, rennes, [`convocation-${number}.pdf`]);
		expect(other).toEqual({
			fileName: `convocation-${number}.pdf`,
			outcome: 'other-academy',
			registrationNumber: number,
			candidateName: null
		});
	});
});

describe('M6, D2: publishing to one registration', () => {
	it('writes a version with its manager and hash, the audit row and the notice in one go; the same file again is « déjà publié »', async () => {
		const first = await pdf('Convocation 1');
		const result = await publishToRegistration(
			db,
			grenoble,
			number,
			{ kind: 'summons', title: '', fileName: 'conv.pdf', bytes: first },
			ctx
		);
		expect(result).toMatchObject({ status: 'published', version: 1 });
		expect(published()).toMatchObject([
			{ version: 1, title: 'Convocation aux épreuves', createdBy: 'manager', createdByManagerId: grenoble.id, fileName: 'conv.pdf' }
		]);
		expect(published()[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
		expect(audit()).toMatchObject([
			{
				actorType: 'manager',
				actorId: grenoble.id,
				subjectType: 'registration',
				subjectId: registration().id,
				details: { kind: 'summons', version: 1, fileName: 'conv.pdf', registrationNumber: number }
			}
		]);
		const mails = db
			.select()
			.from(mailOutbox)
			.where(eq(mailOutbox.subject, 'Un nouveau document est disponible dans votre espace candidat'))
			.all();
		expect(mails).toHaveLength(1);
		expect(mails[0].textBody).toContain('Convocation aux épreuves');
		expect(mails[0].textBody).toContain(`${TEST_CONFIG.origin}/mes-documents`);
		expect(mails[0].textBody).not.toContain(number);

		// The very same file again: recognised, nothing written.
		const again = await publishToRegistration(
			db,
			grenoble,
			number,
			{ kind: 'summons', title: '', fileName: 'autre-nom.pdf', bytes: first },
			ctx
		);
		expect(again).toMatchObject({ status: 'already-published', version: 1 });
		expect(published()).toHaveLength(1);
		expect(audit()).toHaveLength(1);
		expect(fs.readdirSync(path.join(dataDir, 'files'))).toHaveLength(1);

		// Another file: version 2, which « Mes documents » shows alone (D2); version 1 stays.
		const second = await publishToRegistration(
			db,
			grenoble,
			number,
			{ kind: 'summons', title: '', fileName: 'conv2.pdf', bytes: await pdf('Convocation 2') },
			ctx
		);
		expect(second).toMatchObject({ status: 'published', version: 2 });
		expect(
			published()
				.map((row) => row.version)
				.sort()
		).toEqual([1, 2]);
		const listed = listCandidateDocuments(db, candidateId).filter((row) => row.document.kind === 'summons');
		expect(listed.map((row) => row.document.version)).toEqual([2]);
		expect(audit().map((row) => (row.details as { version: number }).version)).toEqual([1, 2]);
	});

	it('refuses an image, another académie and a withdrawn registration, writing nothing', async () => {
		const image = new Uint8Array(pngImage(40, 30));
		expect(
			await publishToRegistration(db, grenoble, number, { kind: 'summons', title: '', fileName: 'x.pdf', bytes: image }, ctx)
		).toMatchObject({
			status: 'invalid-file',
			message: expect.stringContaining('Seul un fichier PDF')
		});
		const file = await pdf('Convocation');
		expect(await publishToRegistration(db, rennes, number, { kind: 'summons', title: '', fileName: 'x.pdf', bytes: file }, ctx)).toEqual({
			status: 'not-found'
		});
		withdrawRegistration(db, candidateId, number, TEST_NOW, TEST_CONFIG);
		expect(await publishToRegistration(db, grenoble, number, { kind: 'summons', title: '', fileName: 'x.pdf', bytes: file }, ctx)).toEqual({
			status: 'withdrawn'
		});
		expect(published()).toHaveLength(0);
		expect(audit()).toHaveLength(0);
	});

	it('a manager downloads only the documents of their académies’ registrations', async () => {
		const result = await publishToRegistration(
			db,
			grenoble,
			number,
			{ kind: 'summons', title: '', fileName: 'c.pdf', bytes: await pdf('C') },
			ctx
		);
		if (result.status !== 'published') throw new Error(result.status);
		expect(scopedDocument(db, grenoble, number, result.id)?.id).toBe(result.id);
		expect(scopedDocument(db, rennes, number, result.id)).toBeNull();
	});
});

describe('M6: one file of a batch', () => {
	it('is matched again on the server, published once, and answers « déjà publié » when sent again', async () => {
		const bytes = await pdf('Convocation lot');
		const file = { kind: 'summons' as const, title: '', fileName: `convocation-${number}.pdf`, bytes, batchId: 'lot-00000001' };
		expect(await publishBatchFile(db, grenoble, file, ctx)).toEqual({
			ok: true,
			status: 'published',
			registrationNumber: number,
			version: 1
		});
		expect(await publishBatchFile(db, grenoble, file, ctx)).toEqual({
			ok: true,
			status: 'already-published',
			registrationNumber: number,
			version: 1
		});
		expect(audit()).toMatchObject([{ details: { batchId: 'lot-00000001' } }]);
		expect(await publishBatchFile(db, grenoble, { ...file, fileName: `convocation-${wrongCheck(number)}.pdf` }, ctx)).toMatchObject({
			ok: false,
			message: expect.stringContaining('Caractère de contrôle')
		});
		expect(await publishBatchFile(db, rennes, file, ctx)).toMatchObject({ ok: false, message: 'Inscription d’une autre académie' });
		expect(published()).toHaveLength(1);
	});
});
