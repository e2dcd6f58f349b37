// What the registration and document service tests share: a seeded database and a valid content.
import { readConfig } from '../config';
import type { Db } from '../db';
import { createTestDb } from '../db/test-helpers';
import { seedCatalogue, seedDemoWindows } from '../catalogue/seed';
import type { RegistrationContent } from '../../domain/registration-content';

export const TEST_CONFIG = readConfig({});
/** The demonstration windows are computed from this day: Grenoble (08) is open, Nice (23) closed. */
export const TEST_NOW = new Date('2026-11-29T10:00:00Z');

/** A valid Bac pro content: MCV option A, English and Spanish, an individual candidate with a CAP. */
export const SAMPLE_CONTENT: RegistrationContent = {
	choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] },
	situation: { category: 'individual', lastDiploma: 'cap', lastDiplomaYear: '2022', currentActivity: 'employed', trainingOrganisation: '' },
	priorResults: { keptMarks: [], diploma: { held: false, name: '', level: '', year: '' }, declined: [] },
	accommodations: { applied: 'no' }
};

/** The body « Enregistrer » sends, for Bac pro 2027 in Grenoble unless told otherwise. */
export function submission(content: unknown = SAMPLE_CONTENT, academyCode = '08') {
	return { examDomainCode: 'BCP', sessionYear: 2027, academyCode, content };
}

export function seededTestDb(now = TEST_NOW): Db {
	const db = createTestDb();
	seedCatalogue(db, undefined, now);
	seedDemoWindows(db, now);
	return db;
}

/**
 * One more Bac pro 2027 window. Raw SQL, because the audience column holds any text while the
 * schema lists only 'public': a window of another audience (a school's) must count for nothing.
 */
export function addWindow(db: Db, window: { academyCode: string; audience: string; opensAt: Date; closesAt: Date }): void {
	db.$client
		.prepare(
			'INSERT INTO registration_windows (code, exam_domain_code, session_year, academy_code, audience, opens_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
		)
		.run(
			`BCP-2027-${window.academyCode}-${window.audience}-${window.opensAt.getTime()}`,
			'BCP',
			2027,
			window.academyCode,
			window.audience,
			window.opensAt.getTime(),
			window.closesAt.getTime()
		);
}
