import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../db';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../db/schema';
import { foldMissingSearchNames, withSearchNames } from '../db/search-names';
import { seedCatalogue } from '../catalogue/seed';
import {
	candidateNameWords,
	candidates,
	registrations,
	registrationVersions,
	supportingDocuments,
	supportingDocumentTypes
} from '../db/schema';
import type { ManagerUser } from '../managers/sessions';
import { activateAccount, createAccount, createSchoolCandidate, updatePersonalData } from '../accounts';
import { createActivatedCandidate, LEA, LEA_PASSWORD, lastMailedToken } from '../accounts/test-fixtures';
import { submitRegistration } from '../registrations';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, seededTestDb, submission } from '../registrations/test-fixtures';
import { formatCandidateNumber, formatRegistrationNumber } from '../../domain/numbers';
import type { RegistrationContent } from '../../domain/registration-content';
import { requiredSupportingDocuments } from '../../domain/supporting-documents';
import {
	CANDIDATURES_PAGE_SIZE,
	classifySearch,
	decodeCursor,
	foldText,
	encodeCursor,
	parseCandidaturesQuery,
	candidaturesSearchParams,
	type CandidaturesQuery
} from '../../domain/admin-candidatures';
import { SCHOOL_CSV_COLUMNS } from '../../domain/school-import';
import { CSV_HEADER, allCandidatures, candidaturesCsvStream, listCandidatures, neutralizeFormula } from './candidatures';
import { correctPersonalData } from './corrections';
import { applyImport } from './school-import';

const GRENOBLE = '08';
const LYON = '10';
const grenobleManager: ManagerUser = { id: 'm-gre', email: 'g@example.org', role: 'manager', academyCodes: [GRENOBLE], totpEnabled: false };
const lyonManager: ManagerUser = { id: 'm-lyo', email: 'l@example.org', role: 'manager', academyCodes: [LYON], totpEnabled: false };
const administrator: ManagerUser = { id: 'm-adm', email: 'a@example.org', role: 'administrator', academyCodes: [], totpEnabled: false };

const query = (params: Record<string, string> = {}): CandidaturesQuery => parseCandidaturesQuery(new URLSearchParams(params));

let db: Db;
const sequences = new Map<string, number>();
let candidateCount = 0;

interface Fixture {
	birthName?: string;
	usageName?: string;
	firstNames?: string;
	birthDate?: string;
	nationality?: 'FR' | 'EU' | 'OTHER';
	email?: string | null;
	academyCode?: string;
	examDomainCode?: string;
	sessionYear?: number;
	content?: RegistrationContent;
	status?: 'active' | 'withdrawn';
	setAside?: boolean;
	lockedAt?: Date | null;
	pendingValidation?: boolean;
	signedOn?: string | null;
	updatedAt?: Date;
	/** Supporting documents on file, by type code. */
	files?: Record<string, 'deposited' | 'accepted' | 'refused'>;
}

/** A candidate and one registration, written as the services write them (version 1 stored whole). */
function addRegistration(fixture: Fixture = {}) {
	candidateCount += 1;
	const academyCode = fixture.academyCode ?? GRENOBLE;
	const sessionYear = fixture.sessionYear ?? 2027;
	const sequenceKey = `${sessionYear}-${academyCode}`;
	const sequence = (sequences.get(sequenceKey) ?? 0) + 1;
	sequences.set(sequenceKey, sequence);
	const candidateId = `cand-${String(candidateCount).padStart(4, '0')}`;
	const registrationId = `reg-${String(candidateCount).padStart(4, '0')}`;
	const registrationNumber = formatRegistrationNumber(sessionYear, academyCode, sequence);
	const candidateNumber = formatCandidateNumber(academyCode, candidateCount);
	const email = fixture.email === undefined ? `candidat${candidateCount}@example.org` : fixture.email;
	const personal = {
		civility: 'MME' as const,
		birthName: fixture.birthName ?? 'Martin',
		usageName: fixture.usageName ?? '',
		firstNames: fixture.firstNames ?? 'Léa',
		birthDate: fixture.birthDate ?? '2005-03-14',
		birthPlace: 'Grenoble',
		birthCountry: 'France',
		nationality: fixture.nationality ?? ('FR' as const),
		addressLine1: '3 rue des Alpes',
		addressLine2: '',
		postalCode: '38000',
		city: 'Grenoble',
		country: 'France',
		phone: '06 12 34 56 78'
	};
	db.insert(candidates)
		.values({
			id: candidateId,
			candidateNumber,
			source: 'account',
			...withSearchNames(personal),
			email,
			emailNormalized: email?.toLowerCase() ?? null,
			personalDataLockedAt: TEST_NOW,
			createdAt: TEST_NOW
		})
		.run();
	const updatedAt = fixture.updatedAt ?? TEST_NOW;
	db.insert(registrations)
		.values({
			id: registrationId,
			candidateId,
			examDomainCode: fixture.examDomainCode ?? 'BCP',
			sessionYear,
			academyCode,
			registrationNumber,
			status: fixture.status ?? 'active',
			version: 1,
			createdAt: TEST_NOW,
			updatedAt,
			withdrawnAt: fixture.status === 'withdrawn' ? updatedAt : null,
			supportingDocumentsLockedAt: fixture.lockedAt ?? null,
			pendingValidation: fixture.pendingValidation ?? false,
			setAsideAt: fixture.setAside ? updatedAt : null,
			setAsideReason: fixture.setAside ? 'Dossier incomplet' : null,
			signedConfirmationReceivedOn: fixture.signedOn ?? null,
			signedConfirmationVersion: fixture.signedOn ? 1 : null
		})
		.run();
	db.insert(registrationVersions)
		.values({
			registrationId,
			version: 1,
			content: {
				identity: { ...personal, email, candidateNumber },
				examDomainCode: fixture.examDomainCode ?? 'BCP',
				sessionYear,
				academyCode,
				content: fixture.content ?? SAMPLE_CONTENT,
				exemptions: [],
				unitsToSit: []
			},
			createdAt: TEST_NOW,
			createdBy: 'candidate'
		})
		.run();
	for (const [typeCode, state] of Object.entries(fixture.files ?? {})) {
		db.insert(supportingDocuments)
			.values({
				id: `${registrationId}-${typeCode}`,
				registrationId,
				typeCode,
				storageName: `file-${registrationId}-${typeCode}`,
				mediaType: 'application/pdf',
				byteSize: 1000,
				uploadedAt: TEST_NOW,
				state,
				reviewReason: state === 'refused' ? 'Illisible' : null,
				reviewedAt: state === 'deposited' ? null : TEST_NOW
			})
			.run();
	}
	return { registrationId, registrationNumber, candidateNumber, email };
}

const numbers = (rows: Array<{ registrationNumber: string }>) => rows.map((row) => row.registrationNumber);

/** Every page of a list, following « Page suivante » from the first. */
function walkForward(manager: ManagerUser, params: Record<string, string>) {
	const pages: string[][] = [];
	let apres: string | undefined;
	do {
		const page = listCandidatures(db, manager, query({ ...params, ...(apres ? { apres } : {}) }));
		pages.push(numbers(page.rows));
		apres = page.next ?? undefined;
	} while (apres && pages.length < 100);
	return pages;
}

beforeEach(() => {
	db = seededTestDb();
	sequences.clear();
	candidateCount = 0;
});

describe('M1 scope: a manager sees the registrations of their académies only', () => {
	it('a Grenoble manager never sees a Lyon row, whatever the URL asks; an administrator sees both', () => {
		const grenoble = addRegistration({ academyCode: GRENOBLE, birthName: 'Durand' });
		const lyon = addRegistration({ academyCode: LYON, birthName: 'Durand' });

		expect(numbers(listCandidatures(db, grenobleManager, query()).rows)).toEqual([grenoble.registrationNumber]);
		expect(numbers(listCandidatures(db, grenobleManager, query({ academie: LYON })).rows)).toEqual([]);
		expect(listCandidatures(db, grenobleManager, query({ q: lyon.registrationNumber })).total).toBe(0);
		expect(listCandidatures(db, grenobleManager, query({ q: 'durand' })).total).toBe(1);
		expect(numbers(listCandidatures(db, lyonManager, query()).rows)).toEqual([lyon.registrationNumber]);
		expect(listCandidatures(db, administrator, query()).total).toBe(2);
		expect(numbers(listCandidatures(db, administrator, query({ academie: LYON })).rows)).toEqual([lyon.registrationNumber]);
		// The export goes through the same scope.
		expect([...allCandidatures(db, grenobleManager, query())].flat().map((row) => row.academyCode)).toEqual([GRENOBLE]);
	});

	it('a manager of no académie sees nothing', () => {
		addRegistration();
		expect(listCandidatures(db, { ...grenobleManager, academyCodes: [] }, query()).total).toBe(0);
	});
});

describe('M3 search: N° inscription, N° candidat, name, email', () => {
	it('finds a registration by its N° inscription or N° candidat, typed with spaces and in lower case', () => {
		addRegistration();
		const wanted = addRegistration();
		const byRegistration = listCandidatures(
			db,
			grenobleManager,
			query({ q: ` ${wanted.registrationNumber.slice(0, 4)} ${wanted.registrationNumber.slice(4).toLowerCase()}` })
		);
		expect(numbers(byRegistration.rows)).toEqual([wanted.registrationNumber]);
		const byCandidate = listCandidatures(db, grenobleManager, query({ q: wanted.candidateNumber.toLowerCase() }));
		expect(numbers(byCandidate.rows)).toEqual([wanted.registrationNumber]);
	});

	it('finds names by the start of a word, whatever the accents and the case, in birth, usage and first names', () => {
		const lefevre = addRegistration({ birthName: 'Lefèvre', firstNames: 'Zoé Anne' });
		const usage = addRegistration({ birthName: 'Dupont', usageName: 'Lefebvre-Éluard', firstNames: 'Marc' });
		addRegistration({ birthName: 'Martin', firstNames: 'Léa' });
		const search = (q: string) => numbers(listCandidatures(db, grenobleManager, query({ q })).rows).sort();

		expect(search('LEFEVRE')).toEqual([lefevre.registrationNumber]);
		expect(search('lef')).toEqual([lefevre.registrationNumber, usage.registrationNumber].sort());
		expect(search('eluard')).toEqual([usage.registrationNumber]);
		expect(search('zoe')).toEqual([lefevre.registrationNumber]);
		expect(search('anne lefèvre')).toEqual([lefevre.registrationNumber]);
		expect(search('anne dupont')).toEqual([]);
		// Inside a word is not a start.
		expect(search('fevre')).toEqual([]);
	});

	it('finds an email address by its start, in any case', () => {
		const wanted = addRegistration({ email: 'Camille.Roux@example.org' });
		addRegistration({ email: 'camille@example.org' });
		expect(numbers(listCandidatures(db, grenobleManager, query({ q: 'CAMILLE.ROUX@' })).rows)).toEqual([wanted.registrationNumber]);
		expect(listCandidatures(db, grenobleManager, query({ q: 'camille@example.org' })).total).toBe(1);
		expect(listCandidatures(db, grenobleManager, query({ q: 'personne@example.org' })).total).toBe(0);
	});

	it('a real registration, saved through the service, is found by its number and shows its specialty', async () => {
		const ctx = { now: TEST_NOW, config: TEST_CONFIG };
		const candidateId = await createActivatedCandidate(db, ctx);
		const answer = submitRegistration(db, candidateId, 'key-admin-list-000001', submission(), ctx);
		const { registrationNumber } = answer.body as { registrationNumber: string };
		const [row] = listCandidatures(db, grenobleManager, query({ q: registrationNumber })).rows;
		expect(row).toMatchObject({
			registrationNumber,
			birthName: 'Martin',
			firstNames: 'Léa',
			email: 'lea@example.org',
			examName: 'Bac pro',
			specialtyCode: 'MCV',
			specialtyName: 'Métiers du commerce et de la vente',
			sessionYear: 2027,
			academyName: 'Grenoble',
			state: 'active',
			version: 1
		});
		expect(listCandidatures(db, grenobleManager, query({ specialite: 'MCV' })).total).toBe(1);
	});

	it('reads what a search means', () => {
		expect(classifySearch('27 08 000001 x')).toEqual({ kind: 'registration-number', value: '2708000001X' });
		expect(classifySearch('080000001k')).toEqual({ kind: 'candidate-number', value: '080000001K' });
		expect(classifySearch(' Léa@Example.org ')).toEqual({ kind: 'email', value: 'léa@example.org' });
		expect(classifySearch('  D’Arc-Lefèvre ')).toEqual({ kind: 'name', tokens: ['d', 'arc', 'lefevre'] });
		expect(classifySearch('  ')).toBeNull();
	});
});

describe('#17 M3: the name search reads folded names stored with the candidate, through an index', () => {
	const ctx = { now: TEST_NOW, config: TEST_CONFIG };
	const search = (q: string) => numbers(listCandidatures(db, grenobleManager, query({ q })).rows).sort();
	const register = (candidateId: string, key: string) =>
		(submitRegistration(db, candidateId, key, submission(), ctx).body as { registrationNumber: string }).registrationNumber;

	async function createCandidate(names: Partial<typeof LEA>, email: string) {
		await createAccount(db, { ...LEA, ...names, email, password: LEA_PASSWORD }, ctx);
		activateAccount(db, lastMailedToken(db, email), ctx);
		return db.select({ id: candidates.id }).from(candidates).where(eq(candidates.email, email)).get()!.id;
	}

	it('#17: an account’s names are found typed without accents nor case; after « Modifier mon compte », the new names only', async () => {
		const zoe = await createCandidate({ birthName: 'Lefèvre-D’Arc', firstNames: 'Zoé' }, 'zoe@example.org');
		const renamed = await createCandidate({ birthName: 'Bérard', firstNames: 'Inès' }, 'ines@example.org');
		expect(updatePersonalData(db, renamed, { ...LEA, birthName: 'Éluard', usageName: 'Duval', firstNames: 'Inès' })).toBe('updated');
		const zoeNumber = register(zoe, 'key-search-names-000001');
		const renamedNumber = register(renamed, 'key-search-names-000002');

		expect(search('LEFEVRE')).toEqual([zoeNumber]);
		expect(search('zoé d’arc')).toEqual([zoeNumber]);
		expect(search('eluard')).toEqual([renamedNumber]);
		expect(search('DUVAL ines')).toEqual([renamedNumber]);
		expect(search('berard')).toEqual([]);
	});

	it('#17: after a manager’s correction (M4), found by the corrected name, not the old one', async () => {
		const candidateId = await createActivatedCandidate(db, ctx);
		const registrationNumber = register(candidateId, 'key-search-names-000003');
		expect(search('martin lea')).toEqual([registrationNumber]);
		const result = correctPersonalData(
			db,
			grenobleManager,
			registrationNumber,
			{ ...LEA, birthName: 'Müller', firstNames: 'Léa Anne', reason: 'Erreur de saisie (acte de naissance).' },
			ctx
		);
		expect(result.status).toBe('corrected');
		expect(search('MULLER anne')).toEqual([registrationNumber]);
		expect(search('martin')).toEqual([]);
	});

	it('#17: a school import (M7) creates pupils found by their names; a re-import that renames one, by the new name only', () => {
		const header = SCHOOL_CSV_COLUMNS.join(';');
		const importing = (row: string) => ({
			academyCode: GRENOBLE,
			fileName: 'eleves.csv',
			bytes: new TextEncoder().encode(`${header}\r\n${row}\r\n`)
		});
		const pupil = '123456789AB;Mme;Durand;;Chloé;14/03/2009;Grenoble;France;Française;;0380089F;MELEC;2027';
		expect(applyImport(db, grenobleManager, importing(pupil), TEST_NOW).status).toBe('applied');
		const [registrationNumber] = search('chloe durand');
		expect(registrationNumber).toBeDefined();

		const renamed = pupil.replace(';Durand;;Chloé;', ';Durand;Saint-Exupéry;Chloé Élise;');
		expect(applyImport(db, grenobleManager, importing(renamed), new Date(TEST_NOW.getTime() + 60_000)).status).toBe('applied');
		expect(search('exupery elise')).toEqual([registrationNumber]);
		expect(search('chloe elise durand')).toEqual([registrationNumber]);
		expect(search('saint chloe')).toEqual([registrationNumber]);
		expect(search('durand')).toEqual([registrationNumber]);
		expect(search('chloe durande')).toEqual([]);
	});

	it('#17: a record made by a school or an exam office (the demo seed’s path) stores its folded names', async () => {
		const { candidateId } = await createSchoolCandidate(
			db,
			{ ...LEA, birthName: 'N’Diaye', firstNames: 'Moussa', academyCode: GRENOBLE },
			ctx
		);
		const stored = db.select({ searchNames: candidates.searchNames }).from(candidates).where(eq(candidates.id, candidateId)).get()!;
		expect(stored.searchNames).toBe('n diaye moussa');
		const words = db
			.select({ word: candidateNameWords.word })
			.from(candidateNameWords)
			.where(eq(candidateNameWords.candidateId, candidateId))
			.all();
		expect(words.map((row) => row.word).sort()).toEqual(['diaye', 'moussa', 'n']);
	});

	it('#17: rows without folded names (older than the column, or bulk-inserted) are folded at the next start, once', () => {
		const wanted = addRegistration({ birthName: 'Da Silva', firstNames: 'João' });
		// As an older database or the bench's bulk insert leaves them.
		db.$client.prepare('UPDATE candidates SET search_names = NULL').run();
		expect(search('joao')).toEqual([]);

		migrateDatabase(db);
		expect(search('SILVA JOAO')).toEqual([wanted.registrationNumber]);
		expect(foldMissingSearchNames(db)).toBe(0);
	});

	it('#17: a deleted candidate leaves no words behind', async () => {
		await createAccount(db, { ...LEA, email: 'jamais@example.org', password: LEA_PASSWORD }, ctx);
		const id = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.email, 'jamais@example.org')).get()!.id;
		expect(db.select().from(candidateNameWords).where(eq(candidateNameWords.candidateId, id)).all()).toHaveLength(2);
		db.delete(candidates).where(eq(candidates.id, id)).run();
		expect(db.select().from(candidateNameWords).all()).toEqual([]);
	});

	it('#17: finds exactly whom the fold of every row in SQL found: a word of the folded names starts with each word typed', () => {
		const letters = ['a', 'e', 'é', 'É', 'L', 'l', 'è', 'ß', 'œ', 'Ø', 'İ', 'ﬁ', '1', '-', ' ', '’', "'"];
		const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength });
		const people = fc.sample(fc.record({ birthName: text(8), usageName: text(4), firstNames: text(8) }), { numRuns: 80, seed: 17 });
		const registered = people.map((names) => ({ ...names, registrationNumber: addRegistration(names).registrationNumber }));
		const typed = fc.sample(text(6), { numRuns: 150, seed: 1717 });
		for (const q of typed) {
			const search = classifySearch(q);
			if (search?.kind !== 'name') continue;
			const expected = registered
				.filter((person) => {
					const names = ' ' + foldText(`${person.birthName} ${person.usageName} ${person.firstNames}`);
					return search.tokens.every((token) => names.includes(' ' + token));
				})
				.map((person) => person.registrationNumber)
				.sort();
			const found = [...allCandidatures(db, grenobleManager, query({ q }))].flat().map((row) => row.registrationNumber);
			expect(found.sort(), JSON.stringify(q)).toEqual(expected);
		}
	});

	it('#17: a name search reads a range of the words’ index, never every candidate (EXPLAIN QUERY PLAN)', () => {
		const executed: string[] = [];
		const client = new Database(':memory:', { verbose: (statement) => executed.push(String(statement)) });
		try {
			db = drizzle(client, { schema }) as Db;
			migrateDatabase(db);
			seedCatalogue(db, undefined, TEST_NOW);
			for (let i = 0; i < 30; i++) addRegistration({ birthName: `Martin${i}`, firstNames: i % 2 ? 'Léa' : 'Zoé' });
			const plans: Array<{ shape: string; details: string[] }> = [];
			for (const plan of ['narrow', 'walk'] as const)
				for (const tri of ['numero', 'nom', 'modification']) {
					executed.length = 0;
					const page = listCandidatures(db, grenobleManager, query({ q: 'martin1 lea', tri }), { plan });
					// Martin1 and Martin11, 13, 15, 17, 19: the odd ones are Léa.
					expect(page.total).toBe(6);
					const statements = executed.filter(
						(text) => /^\s*select/i.test(text) && text.includes('"registrations"') && text.includes('candidate_name_words')
					);
					expect(statements.length, `${plan} ${tri}`).toBeGreaterThan(0);
					for (const text of statements) {
						const details = (client.prepare(`EXPLAIN QUERY PLAN ${text}`).all() as Array<{ detail: string }>).map((row) => row.detail);
						plans.push({ shape: `${plan} ${tri}`, details });
					}
				}
			for (const { shape, details } of plans) {
				// The rarer word's range of the index, then the other word among those candidates' words.
				expect(
					details.filter((detail) => /^SEARCH candidate_name_words USING .*\(word>\? AND word<\?\)/.test(detail)),
					shape
				).toHaveLength(1);
				expect(
					details.filter((detail) =>
						/^SEARCH other_words (EXISTS )?USING COVERING INDEX .*\(candidate_id=\? AND word>\? AND word<\?\)/.test(detail)
					),
					shape
				).toHaveLength(1);
				expect(
					details.filter((detail) => /SCAN (candidate_name_words|other_words)/.test(detail)),
					shape
				).toEqual([]);
				// The narrow plan (a search's: few rows) reads candidates by id only, registrations by candidate.
				if (shape.startsWith('narrow'))
					expect(
						details.filter((detail) => /^SCAN (candidates|registrations)\b/.test(detail)),
						shape
					).toEqual([]);
			}
		} finally {
			client.close();
		}
	});
});

describe('M3 filters', () => {
	const KEPT_MARK = { unitCode: 'E2', mark: '12', sessionYear: '2024', academyCode: GRENOBLE, specialtyCode: 'MCV' };

	beforeEach(() => {
		addRegistration({
			birthName: 'Actif',
			files: { 'identity-document': 'accepted', 'jdc-certificate': 'accepted', 'pfmp-certificates': 'accepted' }
		});
		addRegistration({ birthName: 'Desinscrit', status: 'withdrawn', files: { 'identity-document': 'deposited' } });
		addRegistration({ birthName: 'Ecarte', setAside: true, files: { 'identity-document': 'refused' } });
		addRegistration({
			birthName: 'Verrou',
			lockedAt: TEST_NOW,
			pendingValidation: true,
			signedOn: '2026-12-01',
			files: { 'identity-document': 'accepted', 'jdc-certificate': 'accepted', 'pfmp-certificates': 'accepted' }
		});
		addRegistration({
			birthName: 'Autre',
			examDomainCode: 'CAP',
			sessionYear: 2028,
			content: { ...SAMPLE_CONTENT, choice: { ...SAMPLE_CONTENT.choice, specialtyCode: 'MA' } }
		});
		addRegistration({
			birthName: 'Acquis',
			content: { ...SAMPLE_CONTENT, priorResults: { ...SAMPLE_CONTENT.priorResults, keptMarks: [KEPT_MARK] } },
			files: { 'identity-document': 'accepted', 'jdc-certificate': 'accepted', 'pfmp-certificates': 'accepted' }
		});
	});

	/** The names a filter keeps, the same by either plan (walking the sort's index, or the filters' then sorting). */
	const names = (params: Record<string, string>) => {
		const [walk, narrow] = (['walk', 'narrow'] as const).map((plan) =>
			listCandidatures(db, grenobleManager, query(params), { plan }).rows.map((row) => row.birthName)
		);
		expect(narrow).toEqual(walk);
		return walk.sort();
	};

	it('by exam, specialty (in the current version’s content) and session', () => {
		expect(names({ examen: 'CAP' })).toEqual(['Autre']);
		expect(names({ specialite: 'MA' })).toEqual(['Autre']);
		expect(names({ specialite: 'MCV' })).toEqual(['Acquis', 'Actif', 'Desinscrit', 'Ecarte', 'Verrou']);
		expect(names({ session: '2028' })).toEqual(['Autre']);
		expect(names({ examen: 'BCP', session: '2028' })).toEqual([]);
	});

	it('by state: active, withdrawn, set aside', () => {
		expect(names({ etat: 'active' })).toEqual(['Acquis', 'Actif', 'Autre', 'Verrou']);
		expect(names({ etat: 'withdrawn' })).toEqual(['Desinscrit']);
		expect(names({ etat: 'set-aside' })).toEqual(['Ecarte']);
	});

	it('by supporting documents: missing, to review, refused, locked', () => {
		// Missing: Acquis declared a kept mark and has no earlier transcript; the others lack pieces or have none.
		expect(names({ pieces: 'missing' })).toEqual(['Acquis', 'Autre', 'Desinscrit', 'Ecarte']);
		expect(names({ pieces: 'to-review' })).toEqual(['Desinscrit']);
		expect(names({ pieces: 'refused' })).toEqual(['Ecarte']);
		expect(names({ pieces: 'locked' })).toEqual(['Verrou']);
	});

	it('by modifications awaiting validation and by signed confirmation', () => {
		expect(names({ avalider: 'oui' })).toEqual(['Verrou']);
		expect(names({ avalider: 'non' })).toHaveLength(5);
		expect(names({ confirmation: 'recue' })).toEqual(['Verrou']);
		expect(names({ confirmation: 'non-recue' })).toHaveLength(5);
	});

	it('each row says where its documents stand', () => {
		const rows = listCandidatures(db, grenobleManager, query()).rows;
		const of = (name: string) => rows.find((row) => row.birthName === name)!.documents;
		expect(of('Actif')).toEqual({ missing: 0, toReview: 0, refused: 0, locked: false });
		expect(of('Ecarte')).toEqual({ missing: 2, toReview: 0, refused: 1, locked: false });
		expect(of('Acquis')).toEqual({ missing: 1, toReview: 0, refused: 0, locked: false });
		expect(of('Verrou')).toEqual({ missing: 0, toReview: 0, refused: 0, locked: true });
	});

	it('a value outside the lists reads as no filter; empty selects too', () => {
		expect(names({ etat: 'supprimé', pieces: '', session: 'x' })).toHaveLength(6);
	});
});

describe('M3 « pièces manquantes » in SQL agrees with the rule of the candidate space', () => {
	it('on every combination of nationality, age, situation and prior results, with some pieces on file', () => {
		const types = db.select().from(supportingDocumentTypes).orderBy(asc(supportingDocumentTypes.sortOrder)).all();
		const situations = ['individual', 'distance-learning', 'continuing-education', 'professional-experience', ''] as const;
		// 1 January 2027: born 2002-01-01 is 25 that day, born 2002-01-02 is 24.
		const births = ['2002-01-01', '2002-01-02', '1990-06-15'];
		const expected = new Map<string, number>();
		let index = 0;
		for (const nationality of ['FR', 'EU'] as const)
			for (const birthDate of births)
				for (const category of situations)
					for (const keptMark of [false, true])
						for (const diploma of [false, true]) {
							const content: RegistrationContent = {
								...SAMPLE_CONTENT,
								situation: { ...SAMPLE_CONTENT.situation, category },
								priorResults: {
									keptMarks: keptMark
										? [{ unitCode: 'E2', mark: '12', sessionYear: '2024', academyCode: GRENOBLE, specialtyCode: 'MCV' }]
										: [],
									diploma: { held: diploma, name: diploma ? 'BTS' : '', level: diploma ? '5' : '', year: diploma ? '2020' : '' },
									declined: []
								}
							};
							index += 1;
							// Some registrations already have the first of their required pieces on file.
							const required = requiredSupportingDocuments(types, content, { birthDate, nationality }, 2027);
							const files = index % 2 === 0 && required.length > 0 ? { [required[0].code]: 'accepted' as const } : {};
							const { registrationNumber } = addRegistration({ nationality, birthDate, content, files });
							expected.set(registrationNumber, required.length - Object.keys(files).length);
						}
		const rows = [...allCandidatures(db, administrator, query())].flat();
		expect(rows).toHaveLength(expected.size);
		for (const row of rows)
			expect([row.registrationNumber, row.documents.missing]).toEqual([row.registrationNumber, expected.get(row.registrationNumber)]);
		const missing = [...allCandidatures(db, administrator, query({ pieces: 'missing' }))].flat();
		expect(numbers(missing).sort()).toEqual(
			[...expected]
				.filter(([, count]) => count > 0)
				.map(([number]) => number)
				.sort()
		);
	});
});

describe('M3 sort and keyset pages (no OFFSET)', () => {
	const SAME_DAY = new Date('2026-12-01T09:00:00Z');

	beforeEach(() => {
		// 123 rows: many equal names and equal change times, so only the id tells them apart.
		for (let i = 0; i < 123; i++) {
			addRegistration({
				birthName: ['Martin', 'Bernard', 'Roux'][i % 3],
				firstNames: i % 2 ? 'Léa' : 'Hugo',
				updatedAt: i % 4 === 0 ? SAME_DAY : new Date(SAME_DAY.getTime() + (i % 7) * 60_000)
			});
		}
		addRegistration({ academyCode: LYON });
	});

	const everyRow = (params: Record<string, string>) => [...allCandidatures(db, grenobleManager, query(params), 1000)].flat();

	for (const tri of ['numero', 'nom', 'modification'] as const)
		for (const ordre of ['asc', 'desc'] as const)
			it(`by ${tri}, ${ordre}: pages of 50 follow each other with no row twice and none skipped, forward and back`, () => {
				const params = { tri, ordre };
				const all = everyRow(params);
				expect(all).toHaveLength(123);
				// The whole list is in the order asked for.
				const keys = all.map((row) =>
					tri === 'numero'
						? [row.registrationNumber, row.id]
						: tri === 'nom'
							? [row.birthName, row.firstNames, row.id]
							: [row.updatedAt.getTime(), row.id]
				);
				const sorted = [...keys].sort((a, b) => {
					for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
					return 0;
				});
				expect(keys).toEqual(ordre === 'asc' ? sorted : sorted.reverse());

				const pages = walkForward(grenobleManager, params);
				expect(pages.map((page) => page.length)).toEqual([50, 50, 23]);
				expect(pages.flat()).toEqual(numbers(all));

				// « Page précédente » from the last page gives back the same pages.
				let page = listCandidatures(db, grenobleManager, query(params));
				page = listCandidatures(db, grenobleManager, query({ ...params, apres: page.next! }));
				const last = listCandidatures(db, grenobleManager, query({ ...params, apres: page.next! }));
				expect(last.next).toBeNull();
				const back = listCandidatures(db, grenobleManager, query({ ...params, avant: last.previous! }));
				expect(numbers(back.rows)).toEqual(pages[1]);
				const first = listCandidatures(db, grenobleManager, query({ ...params, avant: back.previous! }));
				expect(numbers(first.rows)).toEqual(pages[0]);
				expect(first.previous).toBeNull();
				expect(first.next).not.toBeNull();
				expect(first.total).toBe(123);
			});

	it('both plans give the same pages, forward and back, for every sort, scope and common filter', () => {
		for (let i = 0; i < 40; i++) addRegistration({ academyCode: LYON, birthName: ['Martin', 'Abel'][i % 2], sessionYear: 2027 + (i % 2) });
		const bothAcademies: ManagerUser = { ...grenobleManager, academyCodes: [GRENOBLE, LYON] };
		const pagesOf = (manager: ManagerUser, params: Record<string, string>, plan: 'walk' | 'narrow') => {
			const pages: string[][] = [];
			let page = listCandidatures(db, manager, query(params), { plan });
			for (;;) {
				pages.push(numbers(page.rows));
				if (!page.next) break;
				page = listCandidatures(db, manager, query({ ...params, apres: page.next }), { plan });
			}
			// And back from the last page to the first.
			while (page.previous) {
				page = listCandidatures(db, manager, query({ ...params, avant: page.previous }), { plan });
				pages.push(numbers(page.rows));
			}
			const exported = [...allCandidatures(db, manager, query(params), 30, { plan })].flat();
			return { pages, total: page.total, exported: numbers(exported) };
		};
		for (const manager of [grenobleManager, bothAcademies, administrator])
			for (const tri of ['numero', 'nom', 'modification'] as const)
				for (const ordre of ['asc', 'desc'] as const)
					for (const filter of [{}, { academie: LYON }, { session: '2028' }, { examen: 'BCP', etat: 'active' }, { q: 'martin' }] as Record<
						string,
						string
					>[]) {
						const params = { tri, ordre, ...filter };
						const walk = pagesOf(manager, params, 'walk');
						expect(pagesOf(manager, params, 'narrow'), JSON.stringify(params)).toEqual(walk);
						expect(walk.exported).toHaveLength(walk.total);
					}
	});

	it('the count, kept between pages, follows every change made through this connection or another (a worker)', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-list-'));
		const file = path.join(dir, 'portail.sqlite');
		const mine = openDatabase(file);
		const other = openDatabase(file);
		try {
			migrateDatabase(mine);
			seedCatalogue(mine, undefined, TEST_NOW);
			const total = (params: Record<string, string> = {}) => listCandidatures(mine, grenobleManager, query(params)).total;
			db = mine;
			addRegistration();
			expect(total()).toBe(1);
			expect(total()).toBe(1);
			db = other;
			addRegistration();
			expect(total()).toBe(2);
			other.update(registrations).set({ status: 'withdrawn' }).run();
			expect(total({ etat: 'active' })).toBe(0);
			db = mine;
			addRegistration();
			expect(total()).toBe(3);
			expect(total({ etat: 'active' })).toBe(1);
		} finally {
			mine.$client.close();
			other.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('the first page has no previous one; a tampered or foreign cursor opens the first page', () => {
		const first = listCandidatures(db, grenobleManager, query());
		expect(first.previous).toBeNull();
		expect(first.rows).toHaveLength(CANDIDATURES_PAGE_SIZE);
		expect(numbers(listCandidatures(db, grenobleManager, query({ apres: 'n’importe quoi' })).rows)).toEqual(numbers(first.rows));
		// A cursor of the name sort does not apply to the number sort.
		const byName = listCandidatures(db, grenobleManager, query({ tri: 'nom' }));
		expect(numbers(listCandidatures(db, grenobleManager, query({ apres: byName.next! })).rows)).toEqual(numbers(first.rows));
	});

	it('a cursor round-trips names with accents', () => {
		const cursor = encodeCursor(['Lefèvre-D’Arc', 'Zoé', 'reg-1']);
		expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(decodeCursor(cursor, 'nom')).toEqual(['Lefèvre-D’Arc', 'Zoé', 'reg-1']);
		expect(decodeCursor(cursor, 'modification')).toBeNull();
	});
});

describe('M3 the state is the URL', () => {
	it('parses and writes back the same query, without the defaults', () => {
		const params = new URLSearchParams({
			q: 'martin',
			examen: 'BCP',
			session: '2027',
			etat: 'active',
			pieces: 'missing',
			tri: 'nom',
			ordre: 'desc',
			avalider: 'oui',
			confirmation: 'non-recue',
			specialite: 'MCV',
			academie: '08'
		});
		const parsed = parseCandidaturesQuery(params);
		expect(Object.fromEntries(candidaturesSearchParams(parsed))).toEqual(Object.fromEntries(params));
		expect(candidaturesSearchParams(parseCandidaturesQuery(new URLSearchParams('tri=numero&ordre=asc&examen='))).toString()).toBe('');
		expect(candidaturesSearchParams(parsed, { apres: 'abc' }).get('apres')).toBe('abc');
	});
});

describe('M3 export: a CSV a spreadsheet opens', () => {
	async function exportText(manager: ManagerUser, params: Record<string, string> = {}) {
		const bytes = new Uint8Array(await new Response(candidaturesCsvStream(db, manager, query(params))).arrayBuffer());
		return { bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
	}

	it('UTF-8 with a BOM, « ; » between cells, CRLF, a French header, one row per registration of the filtered list', async () => {
		for (let i = 0; i < 3; i++) addRegistration({ birthName: 'Martin' });
		addRegistration({ birthName: 'Roux', status: 'withdrawn' });
		addRegistration({ academyCode: LYON, birthName: 'Martin' });
		const { bytes, text } = await exportText(grenobleManager, { q: 'martin' });
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = text.slice(1).split('\r\n');
		expect(lines.at(-1)).toBe('');
		expect(lines[0]).toBe(CSV_HEADER.join(';'));
		expect(lines[0]).toBe(
			'N° inscription;N° candidat;Nom de naissance;Nom d’usage;Prénoms;Date de naissance;Email;Examen;Spécialité;Session;Académie;État;Version;Pièces justificatives;Modifications à valider;Confirmation signée reçue le'
		);
		expect(lines).toHaveLength(1 + 3 + 1);
		const cells = lines[1].split(';');
		expect(cells).toHaveLength(16);
		expect(cells.slice(2, 14)).toEqual([
			'Martin',
			'',
			'Léa',
			'14/03/2005',
			'candidat1@example.org',
			'Bac pro',
			'Métiers du commerce et de la vente',
			'2027',
			'Grenoble',
			'Active',
			'Version 01',
			'3 manquantes'
		]);
	});

	it('the whole filtered list, beyond one page and one batch', async () => {
		for (let i = 0; i < 620; i++) addRegistration();
		const { text } = await exportText(grenobleManager);
		expect(text.split('\r\n').filter(Boolean)).toHaveLength(621);
		expect(
			new Set(
				text
					.split('\r\n')
					.slice(1, -1)
					.map((line) => line.split(';')[0])
			).size
		).toBe(620);
	});

	it('quotes what holds « ; », quotes or line breaks, and keeps a would-be formula as text', async () => {
		addRegistration({ birthName: 'Dupont', usageName: '=HYPERLINK("http://x";"y")', firstNames: 'A;B', email: '+33@example.org' });
		db.update(candidates).set({ birthPlace: 'x' }).where(eq(candidates.birthName, 'Dupont')).run();
		const { text } = await exportText(grenobleManager);
		const row = text.split('\r\n')[1];
		expect(row).toContain(`;"'=HYPERLINK(""http://x"";""y"")";"A;B";`);
		expect(row).toContain(`;'+33@example.org;`);
		expect(neutralizeFormula('-1+2')).toBe("'-1+2");
		expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(neutralizeFormula('\tx')).toBe("'\tx");
		expect(neutralizeFormula('\rx')).toBe("'\rx");
		expect(neutralizeFormula('Martin')).toBe('Martin');
	});

	it('never exports another académie’s rows', async () => {
		addRegistration({ academyCode: LYON, birthName: 'Lyonnais' });
		const { text } = await exportText(grenobleManager);
		expect(text).not.toContain('Lyonnais');
		expect(text.split('\r\n').filter(Boolean)).toHaveLength(1);
	});
});
