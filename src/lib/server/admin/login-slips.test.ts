import { eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { accounts, auditEvents, candidates, sessions } from '../db/schema';
import { createSession } from '../auth/session';
import { logInWithLoginSlip, setFirstPassword } from '../accounts';
import { TEST_CONFIG, TEST_NOW, seededTestDb } from '../registrations/test-fixtures';
import type { ManagerUser } from '../managers/sessions';
import { SCHOOL_CSV_COLUMNS } from '../../domain/school-import';
import { applyImport } from './school-import';
import { listSchoolCandidates, printLoginSlips, reissueLoginSlip, scopedSchoolCandidate } from './login-slips';

const grenoble: ManagerUser = { id: 'm-grenoble', email: 'g@example.org', role: 'manager', academyCodes: ['08'], totpEnabled: false };
const rennes: ManagerUser = { id: 'm-rennes', email: 'r@example.org', role: 'manager', academyCodes: ['14'], totpEnabled: false };
const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const later = (minutes: number) => ({ now: new Date(TEST_NOW.getTime() + minutes * 60_000), config: TEST_CONFIG });
const PASSWORD = 'Lycée 2027 !';

const ROWS = [
	'123456789AB;Mme;Durand;;Chloé;14/03/2009;Grenoble;France;Française;;0380089F;MELEC;2027',
	'1234567890C;Mme;Martin;;Anaïs;02/11/2008;Voiron;France;Française;;0380089F;MELEC;2027'
];

async function pdfText(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	let text = '';
	for (let number = 1; number <= pdf.numPages; number++) {
		const content = await (await pdf.getPage(number)).getTextContent();
		text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
	}
	return text;
}

/** The code printed for this N° candidat on the slips. */
const codeOf = (text: string, candidateNumber: string) =>
	new RegExp(`N° candidat : ${candidateNumber}\\s+Code initial : ([A-Z0-9]{5}) ([A-Z0-9]{5})`).exec(text)!.slice(1).join('');

let db: Db;
let importId: string;
let chloe: string;
let anais: string;
beforeEach(() => {
	db = seededTestDb();
	const header = SCHOOL_CSV_COLUMNS.join(';');
	const result = applyImport(
		db,
		grenoble,
		{ academyCode: '08', fileName: 'e.csv', bytes: Buffer.from([header, ...ROWS].join('\n')) },
		TEST_NOW
	);
	if (result.status !== 'applied') throw new Error('import failed');
	importId = result.importId;
	const number = (ine: string) => db.select().from(candidates).where(eq(candidates.ine, ine)).get()!.candidateNumber!;
	chloe = number('123456789AB');
	anais = number('1234567890C');
});

const slipLogIn = (candidateNumber: string, secret: string, at = later(10)) => logInWithLoginSlip(db, candidateNumber, secret, at);
const auditActions = () =>
	db
		.select({ action: auditEvents.action })
		.from(auditEvents)
		.all()
		.map((row) => row.action);

describe('M7: printing issues the codes', () => {
	it('one PDF for a whole import, each slip with the name, the N° candidat and a code that logs in', async () => {
		expect(await slipLogIn(chloe, 'ABCDEFGHJK')).toMatchObject({ status: 'invalid' });
		const printed = await printLoginSlips(db, grenoble, { candidateNumbers: [], importId }, ctx);
		if (printed.status !== 'printed') throw new Error(printed.status);
		expect(printed).toMatchObject({ printed: 2, skipped: [] });
		const text = await pdfText(printed.pdf);
		expect(text).toContain('Chloé Durand');
		expect(text).toContain('Anaïs Martin');
		expect(text).toContain(`${TEST_CONFIG.origin}/candidat-scolaire`);
		expect(text).toContain('Je suis candidat scolaire');
		expect(await slipLogIn(chloe, codeOf(text, chloe))).toMatchObject({ status: 'ok', mustSetPassword: true });
		expect(auditActions().filter((action) => action === 'login-slip.issued')).toHaveLength(2);
		expect(listSchoolCandidates(db, grenoble, { import: importId, etablissement: '', q: '' })!.rows.map((row) => row.state)).toEqual([
			'printed',
			'printed'
		]);
	});

	it('printing again cancels the previous code; a pupil who chose a password is skipped', async () => {
		const first = await printLoginSlips(db, grenoble, { candidateNumbers: [chloe, anais] }, ctx);
		if (first.status !== 'printed') throw new Error(first.status);
		const firstText = await pdfText(first.pdf);
		const oldCode = codeOf(firstText, chloe);
		// Anaïs logs in and chooses her password.
		const anaisId = scopedSchoolCandidate(db, grenoble, anais)!.id;
		const login = await slipLogIn(anais, codeOf(firstText, anais));
		expect(login).toMatchObject({ status: 'ok' });
		const { session } = createSession(db, anaisId, 'candidate', TEST_NOW, TEST_CONFIG);
		expect(await setFirstPassword(db, anaisId, session.id, PASSWORD)).toBe('set');

		const second = await printLoginSlips(db, grenoble, { candidateNumbers: [chloe, anais] }, later(20));
		if (second.status !== 'printed') throw new Error(second.status);
		expect(second).toMatchObject({ printed: 1, skipped: ['Anaïs Martin'] });
		const secondText = await pdfText(second.pdf);
		expect(secondText).not.toContain('Anaïs');
		expect(await slipLogIn(chloe, oldCode, later(30))).toMatchObject({ status: 'invalid' });
		expect(await slipLogIn(chloe, codeOf(secondText, chloe), later(30))).toMatchObject({ status: 'ok' });
		expect(await slipLogIn(anais, PASSWORD, later(30))).toMatchObject({ status: 'ok', mustSetPassword: false });

		// Only Anaïs in the selection: nothing to print.
		expect(await printLoginSlips(db, grenoble, { candidateNumbers: [anais] }, later(40))).toEqual({
			status: 'nothing',
			skipped: ['Anaïs Martin']
		});
	});
});

describe('M7: « Réémettre le papillon »', () => {
	it('cancels the previous code and the password, ends the sessions, and audits it', async () => {
		const anaisId = scopedSchoolCandidate(db, grenoble, anais)!.id;
		const first = await printLoginSlips(db, grenoble, { candidateNumbers: [anais] }, ctx);
		if (first.status !== 'printed') throw new Error(first.status);
		const oldCode = codeOf(await pdfText(first.pdf), anais);
		const { session } = createSession(db, anaisId, 'candidate', TEST_NOW, TEST_CONFIG);
		await setFirstPassword(db, anaisId, session.id, PASSWORD);
		expect(db.select().from(sessions).where(eq(sessions.candidateId, anaisId)).all()).toHaveLength(1);

		const reissued = await reissueLoginSlip(db, grenoble, anais, later(20));
		if (reissued.status !== 'reissued') throw new Error(reissued.status);
		const newCode = codeOf(await pdfText(reissued.pdf), anais);
		expect(db.select().from(sessions).where(eq(sessions.candidateId, anaisId)).all()).toHaveLength(0);
		expect(db.select().from(accounts).where(eq(accounts.candidateId, anaisId)).get()!.passwordHash).toBeNull();
		expect(await slipLogIn(anais, PASSWORD, later(30))).toMatchObject({ status: 'invalid' });
		expect(await slipLogIn(anais, oldCode, later(30))).toMatchObject({ status: 'invalid' });
		expect(await slipLogIn(anais, newCode, later(30))).toMatchObject({ status: 'ok', mustSetPassword: true });
		const event = db.select().from(auditEvents).where(eq(auditEvents.action, 'login-slip.reissued')).get()!;
		expect(event).toMatchObject({
			actorId: grenoble.id,
			subjectId: anaisId,
			details: { before: { passwordSet: true }, after: { passwordSet: false } }
		});
	});
});

describe('M1: scope', () => {
	it('another académie’s manager sees none of these pupils and can print or reissue nothing', async () => {
		expect(listSchoolCandidates(db, rennes, { import: '', etablissement: '', q: '' })!.rows).toEqual([]);
		expect(listSchoolCandidates(db, rennes, { import: importId, etablissement: '', q: '' })).toBeNull();
		expect(await printLoginSlips(db, rennes, { candidateNumbers: [chloe] }, ctx)).toEqual({ status: 'not-found' });
		expect(await printLoginSlips(db, rennes, { candidateNumbers: [], importId }, ctx)).toEqual({ status: 'not-found' });
		expect(await reissueLoginSlip(db, rennes, chloe, ctx)).toEqual({ status: 'not-found' });
		// A selection that mixes in another académie's number is refused whole.
		expect(await printLoginSlips(db, grenoble, { candidateNumbers: [chloe, '140000001X'] }, ctx)).toEqual({ status: 'not-found' });
		expect(auditActions().filter((action) => action.startsWith('login-slip.'))).toEqual([]);
	});

	it('filters by school and by name', () => {
		const list = (q: string, etablissement = '') => listSchoolCandidates(db, grenoble, { import: '', etablissement, q })!.rows;
		expect(list('anaïs').map((row) => row.firstNames)).toEqual(['Anaïs']);
		expect(list('', '0380089F')).toHaveLength(2);
		expect(list('', '0380090G')).toHaveLength(0);
	});
});
