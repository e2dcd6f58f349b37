import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { registrations } from '../db/schema';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { refusePiece } from '../admin/supporting-review';
import { recordSignedConfirmation } from '../admin/decisions';
import { insertPublishedDocument, markDocumentsSeen } from '../documents';
import { depositSupportingDocument } from '../documents/supporting';
import type { ManagerUser } from '../managers/sessions';
import { emptyRegistrationContent } from '../../domain/registration-content';
import { writeDraft } from './drafts';
import { loadMySpace } from './home';
import { submitRegistration, withdrawRegistration } from './index';
import { TEST_CONFIG, TEST_NOW, seededTestDb, submission } from './test-fixtures';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * 60_000);
const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };

let db: Db;
let dataDir: string;
let candidateId: string;

function register(key: string, academyCode = '08'): string {
	const answer = submitRegistration(db, candidateId, key, submission(undefined, academyCode), ctx);
	expect(answer.status).toBe(201);
	return (answer.body as { registrationNumber: string }).registrationNumber;
}

const kinds = (steps: Array<{ kind: string }>) => steps.map((step) => step.kind);

/** How many statements `run` prepares: the page's cost in queries. */
/** Statements run (prepared once and run again counts each run). */
function countQueries(run: () => void): number {
	const statement = Object.getPrototypeOf(db.$client.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
	const methods = ['all', 'get', 'run', 'iterate'] as const;
	const originals = methods.map((name) => statement[name]);
	let count = 0;
	methods.forEach((name, index) => {
		statement[name] = function (this: unknown, ...args: unknown[]) {
			count += 1;
			return originals[index].apply(this, args);
		};
	});
	try {
		run();
	} finally {
		methods.forEach((name, index) => (statement[name] = originals[index]));
	}
	return count;
}

beforeEach(async () => {
	db = seededTestDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-home-'));
	candidateId = await createActivatedCandidate(db, ctx);
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('N2: « Mon espace »', () => {
	it('shows a draft kept on the server as its own card, to save before the window closes', () => {
		const body = { academyCode: '08', registrationNumber: null, baseVersion: null, tab: 'choice', content: emptyRegistrationContent() };
		expect(writeDraft(db, candidateId, 'BCP', 2027, { basedOn: 0, body }, TEST_NOW).status).toBe(200);
		const space = loadMySpace(db, candidateId, later(1));
		expect(space.registrations).toEqual([]);
		expect(space.drafts).toEqual([
			{
				key: 'BCP-2027-08',
				domainName: 'Baccalauréat professionnel',
				sessionYear: 2027,
				academyName: 'Académie de Grenoble',
				open: true,
				steps: [
					expect.objectContaining({
						kind: 'save-draft',
						href: '/inscription/BCP/2027/08',
						linkText: 'Enregistrer votre inscription',
						deadline: expect.objectContaining({ daysLeft: 40, daysLeftText: 'encore 40 jours' })
					})
				]
			}
		]);
	});

	it('lists a new registration’s pieces and confirmation, a refused piece with its reason, a new document, until each is done', async () => {
		const number = register('key-home-0000000001');
		let [card] = loadMySpace(db, candidateId, later(1)).registrations;
		expect(card).toMatchObject({
			registrationNumber: number,
			domainName: 'Baccalauréat professionnel',
			specialtyName: 'Métiers du commerce et de la vente',
			sessionYear: 2027,
			academyName: 'Académie de Grenoble',
			versionLabel: 'Version 01',
			state: 'active',
			modifiableUntil: { daysLeftText: 'encore 40 jours' }
		});
		expect(card.steps).toEqual([
			expect.objectContaining({
				kind: 'deposit-missing',
				href: `/mes-inscriptions/${number}/pieces`,
				after:
					' : Pièce d’identité ; Certificat de participation à la JDC ou attestation de recensement ; Attestations de périodes de formation en milieu professionnel (PFMP).'
			}),
			// Grenoble's return date and postal address are placeholders in the catalogue, its email is confirmed.
			expect.objectContaining({
				kind: 'send-confirmation',
				linkText: 'Imprimer, signer et envoyer la confirmation d’inscription (Version 01)',
				deadline: null,
				address: null,
				email: expect.stringMatching(/@ac-grenoble\.fr$/)
			})
		]);

		const document = await PDFDocument.create();
		document.addPage();
		const pdf = await document.save();
		expect(await depositSupportingDocument(db, dataDir, candidateId, number, 'identity-document', pdf, later(2))).toEqual({ ok: true });
		const piece = db.$client.prepare("SELECT id FROM supporting_documents WHERE type_code = 'identity-document'").get() as { id: string };
		expect(refusePiece(db, grenoble, number, piece.id, 'Document illisible : le recto est flou', { ...ctx, now: later(3) })).toBe('done');
		const registrationId = db.select().from(registrations).where(eq(registrations.registrationNumber, number)).get()!.id;
		insertPublishedDocument(
			db,
			'stored-name',
			{
				candidateId,
				registrationId,
				kind: 'summons',
				title: 'Convocation aux épreuves',
				fileName: 'convocation.pdf',
				mediaType: 'application/pdf',
				bytes: pdf
			},
			later(4)
		);

		[card] = loadMySpace(db, candidateId, later(5)).registrations;
		expect(kinds(card.steps)).toEqual(['deposit-refused', 'deposit-missing', 'send-confirmation', 'read-document']);
		expect(card.steps[0]).toMatchObject({
			linkText: 'Déposer de nouveau la pièce « Pièce d’identité »',
			reason: 'Document illisible : le recto est flou'
		});
		expect(card.steps[3]).toMatchObject({ href: '/mes-documents', linkText: 'Lire le nouveau document : Convocation aux épreuves' });

		// « Mes documents » opened: the summons is read. The office received the signed confirmation.
		markDocumentsSeen(db, candidateId, later(6));
		expect(recordSignedConfirmation(db, grenoble, number, { receivedOn: '2026-12-01', version: 1 }, later(7))).toBe('done');
		[card] = loadMySpace(db, candidateId, later(8)).registrations;
		expect(kinds(card.steps)).toEqual(['deposit-refused', 'deposit-missing']);
	});

	it('keeps a withdrawn registration of a session not over, with nothing left to do, and the new one beside it', () => {
		const first = register('key-home-0000000002');
		expect(withdrawRegistration(db, candidateId, first, later(1), TEST_CONFIG)).toBe('withdrawn');
		const second = register('key-home-0000000003', '10');
		const space = loadMySpace(db, candidateId, later(2));
		expect(space.registrations.map((card) => [card.registrationNumber, card.state, card.modifiableUntil !== null])).toEqual([
			[first, 'withdrawn', false],
			[second, 'active', true]
		]);
		expect(space.registrations[0].steps).toEqual([]);
	});

	it('costs the same few queries whatever the number of registrations', () => {
		register('key-home-0000000004');
		const one = countQueries(() => loadMySpace(db, candidateId, later(1)));
		const [card] = loadMySpace(db, candidateId, later(1)).registrations;
		withdrawRegistration(db, candidateId, card.registrationNumber, later(1), TEST_CONFIG);
		register('key-home-0000000005', '10');
		const two = countQueries(() => loadMySpace(db, candidateId, later(2)));
		expect(two).toBe(one);
		expect(one).toBeLessThanOrEqual(10);
	});
});
