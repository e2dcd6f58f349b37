// SPEC R9, R11, R15: the wizard, the candidate's pages and the server's checks agree on the window.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { changeRegistrationWindow } from '../catalogue';
import { createActivatedCandidate } from '../accounts/test-fixtures';
import { getRegistration, listRegistrations, modifyRegistration, submitRegistration, withdrawRegistration } from './index';
import { loadWizardData } from './wizard-data';
import { SAMPLE_CONTENT, TEST_CONFIG, TEST_NOW, addWindow, seededTestDb, submission } from './test-fixtures';

const ctx = { now: TEST_NOW, config: TEST_CONFIG };
const inDays = (days: number) => new Date(TEST_NOW.getTime() + days * 86_400_000);
const GRENOBLE = { domainCode: 'BCP', sessionYear: 2027, academyCode: '08' };

let db: Db;
let candidateId: string;

beforeEach(async () => {
	db = seededTestDb();
	candidateId = await createActivatedCandidate(db, ctx);
});

function register(): string {
	const answer = submitRegistration(db, candidateId, 'key-window-00000000001', submission(), ctx);
	expect(answer.status).toBe(201);
	return (answer.body as { registrationNumber: string }).registrationNumber;
}

/** Grenoble's public window closed yesterday; a school window there is open. */
function closePublicWindowBesideASchoolOne(): void {
	changeRegistrationWindow(db, 'BCP-2027-08-GP', { opensAt: inDays(-20), closesAt: inDays(-1) }, TEST_NOW);
	addWindow(db, { academyCode: '08', audience: 'school', opensAt: inDays(-2), closesAt: inDays(30) });
}

describe('P1: only the public windows count for a candidate', () => {
	it('another audience’s open window does not open « Enregistrer »', () => {
		// Nice's public window is closed.
		addWindow(db, { academyCode: '23', audience: 'school', opensAt: inDays(-1), closesAt: inDays(30) });
		const answer = submitRegistration(db, candidateId, 'key-window-00000000002', submission(SAMPLE_CONTENT, '23'), ctx);
		expect(answer.status).toBe(409);
		expect(answer.body).toMatchObject({ ok: false, code: 'window-closed' });
	});

	it('nor « Modifier » or « Se désinscrire » once the public window has closed', () => {
		const number = register();
		closePublicWindowBesideASchoolOne();
		const modify = modifyRegistration(db, candidateId, number, { key: 'key-window-00000000003', ifMatch: 1, body: submission() }, ctx);
		expect(modify.status).toBe(409);
		expect(modify.body).toMatchObject({ code: 'window-closed' });
		expect(withdrawRegistration(db, candidateId, number, TEST_NOW, TEST_CONFIG)).toBe('window-closed');
	});

	it('nor keeps the registration open on its pages, which show the public window’s close', () => {
		const number = register();
		closePublicWindowBesideASchoolOne();
		const found = getRegistration(db, candidateId, number, TEST_NOW)!;
		expect(found.open).toBe(false);
		expect(found.closesAt).toEqual(inDays(-1));
		expect(listRegistrations(db, candidateId, TEST_NOW).map((entry) => entry.open)).toEqual([false]);
	});
});

describe('R9: « Mes inscriptions » lists a registration while its window is open', () => {
	it('not while its window is moved to open later', () => {
		const number = register();
		changeRegistrationWindow(db, 'BCP-2027-08-GP', { opensAt: inDays(5), closesAt: inDays(30) }, TEST_NOW);
		expect(listRegistrations(db, candidateId, TEST_NOW).map((entry) => entry.open)).toEqual([false]);
		expect(getRegistration(db, candidateId, number, TEST_NOW)!.open).toBe(false);
	});
});

describe('R15: with several public windows, the open one decides everywhere', () => {
	it('the wizard shows the close the server enforces', () => {
		// Grenoble's window closes in about 40 days; a second one, open too, closes later.
		addWindow(db, { academyCode: '08', audience: 'public', opensAt: inDays(-1), closesAt: inDays(60) });
		const wizard = loadWizardData(db, candidateId, GRENOBLE, TEST_NOW)!;
		const saved = submitRegistration(db, candidateId, 'key-window-00000000004', submission(), ctx).body as {
			closesAt: string;
			closesAtText: string;
		};
		expect(saved.closesAt).toBe(inDays(60).toISOString());
		expect(wizard.window).toEqual({ closesAt: saved.closesAt, closesAtText: saved.closesAtText });
	});

	it('a registration is open on its pages while the server accepts « Modifier », even with a later window to come', () => {
		const number = register();
		addWindow(db, { academyCode: '08', audience: 'public', opensAt: inDays(50), closesAt: inDays(80) });
		const found = getRegistration(db, candidateId, number, TEST_NOW)!;
		const [listed] = listRegistrations(db, candidateId, TEST_NOW);
		expect(found.open).toBe(true);
		expect(listed.closesAtText).toBe(found.closesAtText);
		expect(found.closesAt!.getTime()).toBeLessThan(inDays(50).getTime());
		const modify = modifyRegistration(db, candidateId, number, { key: 'key-window-00000000005', ifMatch: 1, body: submission() }, ctx);
		expect(modify.body).toMatchObject({ ok: true, closesAtText: found.closesAtText });
	});
});
