import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { candidates, documents, queuedJobs, registrations } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { modifyRegistration, submitRegistration } from '../registrations';
import type { RegistrationContent } from '../../domain/registration-content';
import { confirmationsInPreparation, listCandidateDocuments, publishDocument, readCandidateDocument, runQueuedJobs } from './index';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';

const config = TEST_CONFIG;
const NOW = TEST_NOW;
const ctx = { now: NOW, config };

const content: RegistrationContent = {
	choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] },
	situation: { category: 'individual', lastDiploma: 'cap', lastDiplomaYear: '2022', currentActivity: 'employed', trainingOrganisation: '' },
	priorResults: {
		keptMarks: [{ unitCode: 'E2', mark: '12,5', sessionYear: '2025', academyCode: '08', specialtyCode: 'MCV' }],
		diploma: { held: false, name: '', level: '', year: '' },
		declined: []
	},
	accommodations: { applied: 'no' }
};
const envelope = (c: RegistrationContent) => submission(c);

async function textOf(bytes: Uint8Array): Promise<string[]> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const pages: string[] = [];
	for (let number = 1; number <= pdf.numPages; number++) {
		const page = await pdf.getPage(number);
		const text = await page.getTextContent();
		pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return pages;
}

let db: Db;
let dataDir: string;
let candidateId: string;
let registrationNumber: string;

beforeEach(async () => {
	db = seededTestDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-docs-'));
	candidateId = await createActivatedCandidate(db, ctx);
	// A name with every French character the confirmation must render.
	db.update(candidates).set({ birthName: 'Lœuvre-Éçàèê', firstNames: 'Zoé « Anaïs »', usageName: 'D’Artagnan' }).run();
	registrationNumber = (
		submitRegistration(db, candidateId, 'key-doc-000000000001', envelope(content), ctx).body as { registrationNumber: string }
	).registrationNumber;
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('R8: the confirmation of registration', () => {
	it('is generated after the registration by a job, once, with every French character and the exempted units', async () => {
		expect(db.select().from(documents).all()).toHaveLength(0);
		expect(await runQueuedJobs(db, dataDir, NOW)).toBe(1);
		expect(await runQueuedJobs(db, dataDir, NOW)).toBe(0);
		const [document] = db.select().from(documents).all();
		expect(document).toMatchObject({
			kind: 'confirmation',
			version: 1,
			mediaType: 'application/pdf',
			fileName: `confirmation-inscription-${registrationNumber}-version-01.pdf`
		});

		const { bytes } = readCandidateDocument(db, dataDir, candidateId, document.id)!;
		const pdf = await PDFDocument.load(bytes);
		expect(pdf.getTitle()).toBe(`Confirmation d’inscription ${registrationNumber} – Version 01`);
		expect(pdf.getAuthor()).toContain('Portail candidat');
		expect(pdf.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });

		const [front, back] = await textOf(bytes);
		expect(front).toContain('Confirmation d’inscription');
		expect(front).toContain(`N° inscription : ${registrationNumber}`);
		expect(front).toMatch(/N° candidat : 08\d{7}[0-9A-Z]/);
		expect(front).toContain('Version 01');
		expect(front).toContain('Lœuvre-Éçàèê');
		expect(front).toContain('Zoé « Anaïs »');
		expect(front).toContain('D’Artagnan');
		expect(front).toContain('E2 – Analyse et résolution de situations professionnelles : note conservée 12,5/20 (session 2025)');
		expect(front).toContain('Lu et vérifié, date et signature');
		expect(back).toContain('Pièces justificatives à joindre');
		expect(back).toContain('Pièce d’identité');
		expect(back).toContain('Relevé de notes de la session antérieure');
		expect(back).toContain('ce.decbacpro@ac-grenoble.fr');
	});

	it('a modification produces version 02 and « Mes documents » lists only it', async () => {
		await runQueuedJobs(db, dataDir, NOW);
		const later = { now: new Date(NOW.getTime() + 60_000), config };
		modifyRegistration(
			db,
			candidateId,
			registrationNumber,
			{ key: 'key-doc-000000000002', ifMatch: 1, body: envelope({ ...content, accommodations: { applied: 'yes' } }) },
			later
		);
		await runQueuedJobs(db, dataDir, later.now);
		expect(
			db
				.select()
				.from(documents)
				.all()
				.map((row) => row.version)
				.sort()
		).toEqual([1, 2]);
		const listed = listCandidateDocuments(db, candidateId);
		expect(listed).toHaveLength(1);
		expect(listed[0].document.version).toBe(2);
		const [front] = await textOf(readCandidateDocument(db, dataDir, candidateId, listed[0].document.id)!.bytes);
		expect(front).toContain('Version 02');
	});

	it('D2: between « Modifier » and its job, the new version’s confirmation is being prepared, not the old one the latest', async () => {
		const preparing = () => confirmationsInPreparation(db, candidateId).map((entry) => [entry.registrationNumber, entry.version]);
		expect(preparing()).toEqual([[registrationNumber, 1]]);
		await runQueuedJobs(db, dataDir, NOW);
		expect(preparing()).toEqual([]);
		const later = { now: new Date(NOW.getTime() + 60_000), config };
		modifyRegistration(
			db,
			candidateId,
			registrationNumber,
			{ key: 'key-doc-000000000003', ifMatch: 1, body: envelope({ ...content, accommodations: { applied: 'yes' } }) },
			later
		);
		expect(preparing()).toEqual([[registrationNumber, 2]]);
		await runQueuedJobs(db, dataDir, later.now);
		expect(preparing()).toEqual([]);
	});

	it('a failed generation stays queued and is retried later, never lost', async () => {
		fs.rmSync(dataDir, { recursive: true });
		fs.writeFileSync(dataDir, 'not a folder');
		expect(await runQueuedJobs(db, dataDir, NOW)).toBe(0);
		const job = db.select().from(queuedJobs).get()!;
		expect(job).toMatchObject({ attempts: 1, doneAt: null });
		expect(job.runAt.getTime()).toBeGreaterThan(NOW.getTime());
		fs.rmSync(dataDir);
		fs.mkdirSync(dataDir);
		expect(await runQueuedJobs(db, dataDir, job.runAt)).toBe(1);
	});
});

describe('D1–D3: « Mes documents »', () => {
	it('shows only the latest version of each kind, and a candidate reaches only their own', async () => {
		await runQueuedJobs(db, dataDir, NOW);
		const summons = {
			candidateId,
			registrationId: null,
			kind: 'summons' as const,
			title: 'Convocation',
			fileName: 'convocation.pdf',
			mediaType: 'application/pdf'
		};
		publishDocument(db, dataDir, { ...summons, bytes: new TextEncoder().encode('%PDF-1 v1') }, NOW);
		const second = publishDocument(db, dataDir, { ...summons, bytes: new TextEncoder().encode('%PDF-1 v2') }, NOW);
		expect(second.version).toBe(2);
		const kinds = listCandidateDocuments(db, candidateId).map((row) => `${row.document.kind} ${row.document.version}`);
		expect(kinds.sort()).toEqual(['confirmation 1', 'summons 2']);

		const other = await createActivatedCandidate(db, ctx, 'autre@example.org');
		expect(readCandidateDocument(db, dataDir, other, second.id)).toBeNull();
		expect(readCandidateDocument(db, dataDir, other, 'n0t3x1st1ngd0cum3nt1d000')).toBeNull();
		expect(new TextDecoder().decode(readCandidateDocument(db, dataDir, candidateId, second.id)!.bytes)).toBe('%PDF-1 v2');
	});

	it('D2: the latest version per registration and kind; the very same file again is no new version (M6)', async () => {
		const registrationId = db.select({ id: registrations.id }).from(registrations).get()!.id;
		const base = { candidateId, kind: 'summons' as const, title: 'Convocation', fileName: 'c.pdf', mediaType: 'application/pdf' };
		const bytes = (text: string) => new TextEncoder().encode(text);
		expect(publishDocument(db, dataDir, { ...base, registrationId, bytes: bytes('%PDF-1 a') }, NOW)).toMatchObject({
			status: 'published',
			version: 1
		});
		expect(publishDocument(db, dataDir, { ...base, registrationId, bytes: bytes('%PDF-1 a') }, NOW)).toMatchObject({
			status: 'already-published',
			version: 1
		});
		expect(publishDocument(db, dataDir, { ...base, registrationId, bytes: bytes('%PDF-1 b') }, NOW)).toMatchObject({
			status: 'published',
			version: 2
		});
		// The same kind without a registration is another document: its own versions.
		expect(publishDocument(db, dataDir, { ...base, registrationId: null, bytes: bytes('%PDF-1 a') }, NOW)).toMatchObject({
			status: 'published',
			version: 1
		});
		const listed = listCandidateDocuments(db, candidateId).map(
			(row) => `${row.document.registrationId === null ? '-' : 'reg'} ${row.document.version}`
		);
		expect(listed.sort()).toEqual(['- 1', 'reg 2']);
		expect(db.select().from(documents).all()).toHaveLength(3);
	});
});
