// Loads the versioned catalogue data files into the database, and the demonstration windows.
// Idempotent: a file is applied once per version, rows are upserted by code, and a window or an
// exam office changed through the application is never overwritten.
import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import * as t from '../db/schema';
import { instantOf, localDateOf } from '../../domain/registration-window';
import { isUnitGroup, loadCatalogueData, type CatalogueData } from './data-schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function appliedVersion(tx: Tx, file: string): number {
	return (
		tx
			.select({ version: t.catalogueDataVersions.version })
			.from(t.catalogueDataVersions)
			.where(eq(t.catalogueDataVersions.file, file))
			.get()?.version ?? 0
	);
}

/** Runs `apply` when the file's version is newer than the one this database has. */
function applyOnce(tx: Tx, file: string, version: number, now: Date, apply: () => void): void {
	if (appliedVersion(tx, file) >= version) return;
	apply();
	tx.insert(t.catalogueDataVersions)
		.values({ file, version, appliedAt: now })
		.onConflictDoUpdate({ target: t.catalogueDataVersions.file, set: { version, appliedAt: now } })
		.run();
}

/** Every column of `row` but the key is refreshed on conflict. */
function excludedSet<T extends Record<string, unknown>>(row: T, keys: string[]) {
	return Object.fromEntries(
		Object.keys(row)
			.filter((key) => !keys.includes(key))
			.map((key) => [key, row[key]])
	);
}

export function seedCatalogue(db: Db, data: CatalogueData = loadCatalogueData(), now = new Date()): void {
	db.transaction(
		(tx) => {
			applyOnce(tx, 'exam-domains', data.examDomains.version, now, () => {
				data.examDomains.examDomains.forEach((domain, index) => {
					const row = { code: domain.code, name: domain.name, shortName: domain.shortName, sortOrder: index };
					tx.insert(t.examDomains)
						.values(row)
						.onConflictDoUpdate({ target: t.examDomains.code, set: excludedSet(row, ['code']) })
						.run();
				});
			});

			applyOnce(tx, 'academies', data.academies.version, now, () => {
				// Parents first: foreign centres refer to their académie.
				const ordered = [...data.academies.academies].sort(
					(a, b) => Number(a.kind === 'foreign-centre') - Number(b.kind === 'foreign-centre')
				);
				for (const academy of ordered) {
					const row = {
						code: academy.code,
						kind: academy.kind,
						name: academy.name,
						fullName: academy.fullName,
						timeZone: academy.timeZone,
						parentCode: academy.kind === 'foreign-centre' ? academy.parentCode : null,
						countryCode: academy.kind === 'foreign-centre' ? academy.countryCode : null,
						countryName: academy.kind === 'foreign-centre' ? academy.countryName : null,
						illustrative: academy.kind === 'foreign-centre' && academy.illustrative === true,
						sortOrder: data.academies.academies.indexOf(academy)
					};
					tx.insert(t.academies)
						.values(row)
						.onConflictDoUpdate({ target: t.academies.code, set: excludedSet(row, ['code']) })
						.run();
				}
			});

			applyOnce(tx, 'bac-pro-specialties', data.bacProSpecialties.version, now, () => {
				const file = data.bacProSpecialties;
				file.languages.forEach((language, index) => {
					const row = { code: language.code, name: language.name, optionalOnly: language.optionalOnly === true, sortOrder: index };
					tx.insert(t.languages)
						.values(row)
						.onConflictDoUpdate({ target: t.languages.code, set: excludedSet(row, ['code']) })
						.run();
				});
				file.specialties.forEach((specialty, index) => {
					const row = {
						code: specialty.code,
						examDomainCode: file.examDomainCode,
						name: specialty.name,
						illustrative: specialty.illustrative === true,
						sortOrder: index
					};
					tx.insert(t.specialties)
						.values(row)
						.onConflictDoUpdate({ target: t.specialties.code, set: excludedSet(row, ['code']) })
						.run();
					// Options and units belong to their specialty's file version: replaced as a whole.
					tx.delete(t.specialtyOptions).where(eq(t.specialtyOptions.specialtyCode, specialty.code)).run();
					tx.delete(t.examUnits).where(eq(t.examUnits.specialtyCode, specialty.code)).run();
					(specialty.options ?? []).forEach((option, order) => {
						tx.insert(t.specialtyOptions)
							.values({
								specialtyCode: specialty.code,
								code: option.code,
								name: option.name,
								illustrative: option.illustrative === true,
								sortOrder: order
							})
							.run();
					});
					let order = 0;
					const unit = (values: Omit<typeof t.examUnits.$inferInsert, 'specialtyCode' | 'sortOrder'>) =>
						tx
							.insert(t.examUnits)
							.values({ ...values, specialtyCode: specialty.code, sortOrder: order++ })
							.run();
					for (const entry of specialty.units) {
						if (isUnitGroup(entry)) {
							unit({ code: entry.code, name: entry.name, general: entry.general, illustrative: entry.illustrative === true });
							for (const sub of entry.subUnits) {
								unit({
									code: sub.code,
									parentCode: entry.code,
									optionCode: sub.optionCode ?? null,
									name: sub.name,
									general: sub.general,
									coefficient: sub.coefficient,
									languageChoice: sub.languageChoice === true,
									illustrative: sub.illustrative === true
								});
							}
						} else {
							unit({
								code: entry.code,
								optionCode: entry.optionCode ?? null,
								name: entry.name,
								general: entry.general,
								coefficient: entry.coefficient,
								languageChoice: entry.languageChoice === true,
								illustrative: entry.illustrative === true
							});
						}
					}
					for (const optional of specialty.optionalUnits) {
						unit({
							code: optional.code,
							name: optional.name,
							general: optional.general,
							optional: true,
							languageChoice: optional.languageChoice === true,
							illustrative: optional.illustrative === true,
							note: optional.note ?? null
						});
					}
				});
			});

			applyOnce(tx, 'exam-offices', data.examOffices.version, now, () => {
				const year = data.examOffices.session;
				for (const domain of data.examDomains.examDomains) {
					tx.insert(t.examSessions).values({ examDomainCode: domain.code, year }).onConflictDoNothing().run();
				}
				for (const office of data.examOffices.examOffices) {
					const row = {
						academyCode: office.academyCode,
						examDomainCode: office.examDomainCode,
						sessionYear: year,
						serviceName: office.serviceName,
						email: office.email,
						phone: office.phone,
						postalAddress: office.postalAddress,
						accommodationCircularUrl: office.accommodationCircularUrl,
						accommodationCircularPath: office.accommodationCircularPath ?? null,
						confirmationReturnDate: office.confirmationReturnDate,
						illustrativeFields: office.illustrativeFields
					};
					tx.insert(t.examOffices)
						.values(row)
						.onConflictDoUpdate({
							target: [t.examOffices.academyCode, t.examOffices.examDomainCode, t.examOffices.sessionYear],
							set: excludedSet(row, ['academyCode', 'examDomainCode', 'sessionYear']),
							// An office saved in the admin view (SPEC M2) is the office's word: a new file version never overwrites it.
							setWhere: isNull(t.examOffices.changedInAppAt)
						})
						.run();
				}
			});

			applyOnce(tx, 'supporting-documents', data.supportingDocuments.version, now, () => {
				const file = data.supportingDocuments;
				file.candidateSituations.forEach((situation, index) => {
					const row = { ...situation, sortOrder: index };
					tx.insert(t.candidateSituations)
						.values(row)
						.onConflictDoUpdate({ target: t.candidateSituations.code, set: excludedSet(row, ['code']) })
						.run();
				});
				file.priorResultTypes.forEach((type, index) => {
					const row = { ...type, sortOrder: index };
					tx.insert(t.priorResultTypes)
						.values(row)
						.onConflictDoUpdate({ target: t.priorResultTypes.code, set: excludedSet(row, ['code']) })
						.run();
				});
				file.documents.forEach((document, index) => {
					const row = {
						code: document.code,
						label: document.label,
						description: document.description,
						scope: document.scope,
						situations: document.scope === 'situation' ? document.situations : null,
						priorResultTypes: document.scope === 'prior-result' ? document.priorResultTypes : null,
						condition: document.condition ?? null,
						illustrative: document.illustrative === true,
						sortOrder: index
					};
					tx.insert(t.supportingDocumentTypes)
						.values(row)
						.onConflictDoUpdate({ target: t.supportingDocumentTypes.code, set: excludedSet(row, ['code']) })
						.run();
				});
			});
		},
		{ behavior: 'immediate' }
	);
}

// ─── Demonstration windows, computed from the current date on each académie's clock ───

type DemoState = 'open' | 'upcoming' | 'closed';

/** Days from today (académie's date) of the opening at 09:00 and the closing at 17:00. */
const DEMO_PERIODS: Record<DemoState, { opensInDays: number; closesInDays: number }> = {
	open: { opensInDays: -14, closesInDays: 40 },
	upcoming: { opensInDays: 10, closesInDays: 60 },
	closed: { opensInDays: -60, closesInDays: -5 }
};

/**
 * The demonstration story (SPEC P1, R15): the Bac pro 2027 window is open in Grenoble, Rennes, Paris,
 * Lyon and La Réunion (and everywhere else), upcoming in Lille, closed in Nice; CAP has no window
 * in Corse. Other domains are open everywhere, so any choice shows something.
 */
export function demoWindowState(examDomainCode: string, academyCode: string): DemoState | null {
	if (examDomainCode === 'BCP' && academyCode === '09') return 'upcoming';
	if (examDomainCode === 'BCP' && academyCode === '23') return 'closed';
	if (examDomainCode === 'CAP' && academyCode === '27') return null;
	return 'open';
}

function shiftDays(date: { year: number; month: number; day: number }, days: number) {
	const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
	return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function seedDemoWindows(db: Db, now = new Date()): void {
	const academies = db.select({ code: t.academies.code, timeZone: t.academies.timeZone }).from(t.academies).all();
	const sessions = db.select().from(t.examSessions).all();
	db.transaction(
		(tx) => {
			for (const session of sessions) {
				for (const academy of academies) {
					const state = demoWindowState(session.examDomainCode, academy.code);
					if (!state) continue;
					const today = localDateOf(now, academy.timeZone);
					const period = DEMO_PERIODS[state];
					const row = {
						code: `${session.examDomainCode}-${session.year}-${academy.code}-GP`,
						examDomainCode: session.examDomainCode,
						sessionYear: session.year,
						academyCode: academy.code,
						audience: 'public' as const,
						opensAt: instantOf({ ...shiftDays(today, period.opensInDays), hour: 9, minute: 0 }, academy.timeZone),
						closesAt: instantOf({ ...shiftDays(today, period.closesInDays), hour: 17, minute: 0 }, academy.timeZone)
					};
					tx.insert(t.registrationWindows)
						.values(row)
						.onConflictDoUpdate({
							target: t.registrationWindows.code,
							set: { opensAt: row.opensAt, closesAt: row.closesAt },
							setWhere: isNull(t.registrationWindows.changedInAppAt)
						})
						.run();
				}
			}
		},
		{ behavior: 'immediate' }
	);
}
