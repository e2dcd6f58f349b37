import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { documents, registrations, registrationVersions } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { readCandidateDocument, runQueuedJobs } from '../documents';
import type { RegistrationContent } from '../../domain/registration-content';
import type { VersionSnapshot } from '../../domain/registration-version';
import { modifyRegistration, submitRegistration } from './index';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from './test-fixtures';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = { now: new Date(TEST_NOW.getTime() + 60_000), config: TEST_CONFIG };

/**
 * What a draft holds after the candidate chose Commerce (MCV) with Italian and Portuguese, ticked
 * and unticked UF1 with Breton, then moved to Logistique, which has one language unit (E4) and no option.
 */
const AFTER_CHANGE_OF_SPECIALTY: RegistrationContent = {
	...SAMPLE_CONTENT,
	choice: { specialtyCode: 'LOGISTIQUE', optionCode: '', languages: { E41: 'it', E42: 'pt', UF1: 'br', E4: 'de' }, optionalUnits: [] }
};
const STALE_LANGUAGES = ['Italien', 'Portugais', 'Breton'];

async function pdfText(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const pages: string[] = [];
	for (let number = 1; number <= pdf.numPages; number++) {
		const text = await (await pdf.getPage(number)).getTextContent();
		pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return pages.join('\n');
}

let db: Db;
let dataDir: string;
let candidateId: string;

beforeEach(async () => {
	db = seededTestDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-stale-'));
	candidateId = await createActivatedCandidate(db, ctx);
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function storedVersion(registrationNumber: string, version: number): VersionSnapshot {
	const registration = db.select().from(registrations).where(eq(registrations.registrationNumber, registrationNumber)).get()!;
	return db
		.select()
		.from(registrationVersions)
		.where(and(eq(registrationVersions.registrationId, registration.id), eq(registrationVersions.version, version)))
		.get()!.content;
}

async function confirmationText(version: number, now: Date): Promise<string> {
	await runQueuedJobs(db, dataDir, now);
	const document = db
		.select()
		.from(documents)
		.where(and(eq(documents.kind, 'confirmation'), eq(documents.version, version)))
		.get()!;
	return pdfText(readCandidateDocument(db, dataDir, candidateId, document.id)!.bytes);
}

function expectNoStaleLanguage(stored: VersionSnapshot, text: string): void {
	expect(stored.content.choice.languages).toEqual({ E4: 'de' });
	expect(stored.unitsToSit.filter((unit) => unit.languageCode !== null).map((unit) => [unit.code, unit.languageCode])).toEqual([
		['E4', 'de']
	]);
	expect(text).toContain('Allemand');
	for (const language of STALE_LANGUAGES) expect(text).not.toContain(language);
	for (const unit of ['E41', 'E42', 'UF1']) expect(text).not.toContain(`Langue de l’épreuve ${unit}`);
}

describe('R4: no language of a unit the candidate no longer sits is stored or printed', () => {
	it('« Enregistrer » after a change of specialty', async () => {
		const answer = submitRegistration(db, candidateId, 'key-stale-00000000001', submission(AFTER_CHANGE_OF_SPECIALTY), ctx);
		expect(answer.status).toBe(201);
		const { registrationNumber } = answer.body as { registrationNumber: string };
		expectNoStaleLanguage(storedVersion(registrationNumber, 1), await confirmationText(1, ctx.now));
	});

	it('« Modifier » to another specialty', async () => {
		const first = submitRegistration(db, candidateId, 'key-stale-00000000002', submission(SAMPLE_CONTENT), ctx);
		const { registrationNumber } = first.body as { registrationNumber: string };
		const answer = modifyRegistration(
			db,
			candidateId,
			registrationNumber,
			{ key: 'key-stale-00000000003', ifMatch: 1, body: submission(AFTER_CHANGE_OF_SPECIALTY) },
			later
		);
		expect(answer.body).toMatchObject({ ok: true, version: 2 });
		expectNoStaleLanguage(storedVersion(registrationNumber, 2), await confirmationText(2, later.now));
	});

	it('« Modifier » without a change keeps the version, even when the stored one still holds leftovers', () => {
		const first = submitRegistration(db, candidateId, 'key-stale-00000000004', submission(SAMPLE_CONTENT), ctx);
		const { registrationNumber } = first.body as { registrationNumber: string };
		// As a version stored before the server pruned holds it, and « Modifier » sends it back.
		const withLeftover: RegistrationContent = {
			...SAMPLE_CONTENT,
			choice: { ...SAMPLE_CONTENT.choice, languages: { ...SAMPLE_CONTENT.choice.languages, UF1: 'br' } }
		};
		db.update(registrationVersions)
			.set({ content: { ...storedVersion(registrationNumber, 1), content: withLeftover } })
			.run();
		const answer = modifyRegistration(
			db,
			candidateId,
			registrationNumber,
			{ key: 'key-stale-00000000005', ifMatch: 1, body: submission(withLeftover) },
			later
		);
		expect(answer.body).toMatchObject({ ok: true, version: 1 });
		expect(db.select().from(registrationVersions).all()).toHaveLength(1);
	});
});
