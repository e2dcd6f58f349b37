// The data `npm run bench` measures on, in a fresh DATA_DIR: the catalogue and the demonstration
// windows (Grenoble open), one candidate made through the real services (the signed-in pages, a
// generated confirmation to download), a pool of candidates with a session and a draft each (one
// registration submitted per request), and 20,000 candidates with 50,000 registrations for the
// admin list, inserted with bulk SQL in one transaction, sharing one password hash.
import { eq } from 'drizzle-orm';
import { activateAccount, createAccount } from '../../src/lib/server/accounts';
import { LEA, LEA_PASSWORD, lastMailedToken } from '../../src/lib/server/accounts/test-fixtures';
import { createSession } from '../../src/lib/server/auth/session';
import { seedCatalogue, seedDemoWindows } from '../../src/lib/server/catalogue/seed';
import type { Config } from '../../src/lib/server/config';
import { databaseFile, migrateDatabase, openDatabase } from '../../src/lib/server/db';
import { foldMissingSearchNames } from '../../src/lib/server/db/search-names';
import { candidates, documents, registrations } from '../../src/lib/server/db/schema';
import { runQueuedJobs } from '../../src/lib/server/documents';
import { createManager } from '../../src/lib/server/managers/accounts';
import { createManagerSession } from '../../src/lib/server/managers/sessions';
import { writeDraft } from '../../src/lib/server/registrations/drafts';
import { submitRegistration } from '../../src/lib/server/registrations/submission';
import { SAMPLE_CONTENT, submission } from '../../src/lib/server/registrations/test-fixtures';

export const BENCH_EMAIL = 'bench@example.org';
export const BENCH_PASSWORD = LEA_PASSWORD;
/** The wizard of the pool's drafts and of the signed-in pages: Bac pro 2027 in Grenoble (open). */
export const EXAM = { domain: 'BCP', session: 2027, academy: '08' } as const;
const MANAGER = { email: 'gestion.bench@ac-grenoble.fr', password: 'Banc d’essai 2027 !' };

export interface Seeded {
	/** The document of the signed-in candidate (the confirmation of their registration). */
	documentId: string;
	/** Session tokens of the pool's candidates, each with a draft of EXAM and no registration. */
	poolTokens: string[];
	/** Each pool draft's revision (what a draft write names in If-Match). */
	poolRevisions: number[];
	managerToken: string;
	registrations: number;
	candidates: number;
}

export interface SeedSizes {
	pool: number;
	listCandidates: number;
	listRegistrations: number;
}

function draftBody() {
	return { academyCode: EXAM.academy, registrationNumber: null, baseVersion: null, tab: 'choice', content: SAMPLE_CONTENT };
}

export async function seedBenchData(config: Config, sizes: SeedSizes, now = new Date()): Promise<Seeded> {
	const db = openDatabase(databaseFile(config.dataDir));
	migrateDatabase(db);
	seedCatalogue(db, undefined, now);
	seedDemoWindows(db, now);
	const ctx = { now, config };

	// The signed-in candidate, made as a person makes it; a registration and its confirmation PDF.
	await createAccount(db, { ...LEA, email: BENCH_EMAIL, password: BENCH_PASSWORD }, ctx);
	activateAccount(db, lastMailedToken(db, BENCH_EMAIL), ctx);
	const benchId = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.email, BENCH_EMAIL)).get()!.id;
	const saved = submitRegistration(db, benchId, 'bench-seed-registration-0001', submission(), ctx);
	if (saved.status !== 201 && saved.status !== 200) throw new Error(`seeding: the registration was refused: ${JSON.stringify(saved)}`);
	await runQueuedJobs(db, config.dataDir, now);
	const document = db.select({ id: documents.id }).from(documents).where(eq(documents.candidateId, benchId)).get();
	if (!document) throw new Error('seeding: no confirmation was generated');
	const benchRegistration = db.select().from(registrations).where(eq(registrations.candidateId, benchId)).get()!;

	const client = db.$client;
	const passwordHash = (client.prepare('SELECT password_hash FROM accounts WHERE candidate_id = ?').pluck().get(benchId) as string) ?? '';
	const at = now.getTime();

	const poolTokens: string[] = [];
	const poolRevisions: number[] = [];
	client.transaction(() => {
		// Bulk rows copied from the real candidate: another name, address and email, one password hash.
		const copyCandidates = client.prepare(`
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
			INSERT INTO candidates (id, source, civility, birth_name, usage_name, first_names, birth_date, birth_place, birth_country,
				nationality, address_line1, address_line2, postal_code, city, country, phone, email, email_normalized, created_at)
			SELECT @prefix || i, 'account', t.civility, 'Nom' || (i % 997), '', 'Prénom' || i, t.birth_date, t.birth_place, t.birth_country,
				t.nationality, t.address_line1, '', t.postal_code, t.city, t.country, t.phone,
				@prefix || i || '@example.org', @prefix || i || '@example.org', @at
			FROM n, candidates t WHERE t.id = @template`);
		const copyAccounts = client.prepare(`
			INSERT INTO accounts (candidate_id, password_hash, activated_at, created_at)
			SELECT id, @hash, @at, @at FROM candidates WHERE id LIKE @prefix || '%'`);
		for (const [prefix, count] of [
			['bench-pool-', sizes.pool],
			['bench-list-', sizes.listCandidates]
		] as const) {
			copyCandidates.run({ count, prefix, at, template: benchId });
			copyAccounts.run({ hash: passwordHash, at, prefix });
		}
		// The pool: a session each through the service; the first draft through the service too, the
		// others copied from it in bulk (writing each through the service took minutes).
		for (let i = 1; i <= sizes.pool; i++) poolTokens.push(createSession(db, `bench-pool-${i}`, 'candidate', now, config).token);
		const draft = writeDraft(db, 'bench-pool-1', EXAM.domain, EXAM.session, { basedOn: 0, body: draftBody() }, now);
		if (!draft.body.ok) throw new Error(`seeding: a draft was refused: ${JSON.stringify(draft)}`);
		client
			.prepare(
				`INSERT INTO registration_drafts (candidate_id, exam_domain_code, session_year, academy_code, registration_number, base_version, tab,
					content, revision, updated_at)
				SELECT c.id, d.exam_domain_code, d.session_year, d.academy_code, d.registration_number, d.base_version, d.tab, d.content,
					d.revision, d.updated_at
				FROM candidates c, registration_drafts d
				WHERE c.id LIKE 'bench-pool-%' AND c.id <> 'bench-pool-1' AND d.candidate_id = 'bench-pool-1'`
			)
			.run();
		const revision = draft.body.revision;
		poolRevisions.push(...poolTokens.map(() => revision));
		// The admin list: 50,000 registrations of 20,000 candidates, two in five in Grenoble, the rest
		// spread over the académies; Bac pro 2027, CAP 2027 and Bac pro 2028 (one active each at most).
		client.exec('CREATE TEMP TABLE bench_academies AS SELECT code, row_number() OVER (ORDER BY sort_order) - 1 AS k FROM academies');
		client
			.prepare(
				// Bound numbers are REAL in SQLite: cast, or 'bench-list-' || 1.0 names nobody.
				`WITH RECURSIVE p(people) AS (SELECT CAST(@people AS INTEGER)),
				n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1)
				INSERT INTO registrations (id, candidate_id, exam_domain_code, session_year, academy_code, registration_number, status, origin,
					version, created_at, updated_at)
				SELECT 'bench-reg-' || i, 'bench-list-' || (i % people + 1),
					CASE (i / people) % 3 WHEN 1 THEN 'CAP' ELSE 'BCP' END, CASE (i / people) % 3 WHEN 2 THEN 2028 ELSE 2027 END,
					CASE WHEN i % 5 < 2 THEN '08' ELSE (SELECT code FROM bench_academies WHERE k = i % (SELECT count(*) FROM bench_academies)) END,
					printf('%010d', 7000000000 + i) || 'B', 'active', 'candidate', 1, @at - i * 1000, @at - i * 1000
				FROM n, p`
			)
			.run({ count: sizes.listRegistrations, people: sizes.listCandidates, at });
		client
			.prepare(
				`INSERT INTO registration_versions (registration_id, version, content, created_at, created_by)
				SELECT r.id, 1, json_set(t.content, '$.examDomainCode', r.exam_domain_code, '$.sessionYear', r.session_year,
					'$.academyCode', r.academy_code), r.created_at, 'candidate'
				FROM registrations r, (SELECT content FROM registration_versions WHERE registration_id = @template AND version = 1) t
				WHERE r.id LIKE 'bench-reg-%'`
			)
			.run({ template: benchRegistration.id });
		client.exec('DROP TABLE bench_academies');
	})();
	// The bulk rows' names, folded as the services fold them (the admin list's name search reads them).
	foldMissingSearchNames(db);

	const manager = await createManager(db, { email: MANAGER.email, role: 'manager', academyCodes: ['08'], password: MANAGER.password }, now);
	if (manager.status !== 'created') throw new Error(`seeding: the manager was not created (${manager.status})`);
	const managerToken = createManagerSession(db, manager.id, false, now, config).token;

	const counts = client.prepare('SELECT (SELECT count(*) FROM registrations) AS r, (SELECT count(*) FROM candidates) AS c').get() as {
		r: number;
		c: number;
	};
	client.pragma('wal_checkpoint(TRUNCATE)');
	client.close();
	return { documentId: document.id, poolTokens, poolRevisions, managerToken, registrations: counts.r, candidates: counts.c };
}
