// The catalogue of one exam as the wizard receives it (client-safe, cacheable on the device).
// Read by every wizard page and every « Enregistrer »: kept in memory beside the catalogue's
// snapshot (catalogue/cache.ts), so read again whenever that snapshot is (a change committed here or
// elsewhere); inside a transaction, read from the database as the transaction sees it.
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { academies, candidateSituations, examUnits, languages, specialties, specialtyOptions } from '../db/schema';
import { catalogueSnapshot, sessionKey, type CatalogueSnapshot } from '../catalogue/cache';
import type { CandidateSituation, ExamCatalogue } from '../../domain/registration-content';

interface Kept {
	examCatalogues: Map<string, ExamCatalogue>;
	domainsWithUnits?: string[];
}

/** What is kept for each snapshot of the catalogue: forgotten with it. */
const kept = new WeakMap<CatalogueSnapshot, Kept>();

function keptFor(db: Executor): Kept | null {
	const snapshot = catalogueSnapshot(db);
	if (!snapshot) return null;
	let entry = kept.get(snapshot);
	if (!entry) kept.set(snapshot, (entry = { examCatalogues: new Map() }));
	return entry;
}

/** The exam's catalogue; the same object for every caller while the catalogue is unchanged: read it, never change it. */
export function getExamCatalogue(db: Executor, examDomainCode: string, sessionYear: number): ExamCatalogue {
	const entry = keptFor(db);
	if (!entry) return readExamCatalogue(db, examDomainCode, sessionYear);
	const key = sessionKey(examDomainCode, sessionYear);
	let catalogue = entry.examCatalogues.get(key);
	if (!catalogue) entry.examCatalogues.set(key, (catalogue = readExamCatalogue(db, examDomainCode, sessionYear)));
	return catalogue;
}

function readExamCatalogue(db: Executor, examDomainCode: string, sessionYear: number): ExamCatalogue {
	const specialtyRows = db
		.select()
		.from(specialties)
		.where(eq(specialties.examDomainCode, examDomainCode))
		.orderBy(asc(specialties.sortOrder))
		.all();
	const optionRows = db.select().from(specialtyOptions).orderBy(asc(specialtyOptions.sortOrder)).all();
	const unitRows = db.select().from(examUnits).orderBy(asc(examUnits.sortOrder)).all();
	return {
		examDomainCode,
		sessionYear,
		specialties: specialtyRows.map((specialty) => {
			const units = unitRows.filter((unit) => unit.specialtyCode === specialty.code);
			return {
				code: specialty.code,
				name: specialty.name,
				options: optionRows.filter((option) => option.specialtyCode === specialty.code).map(({ code, name }) => ({ code, name })),
				units: units
					.filter((unit) => !unit.optional && unit.coefficient !== null)
					.map((unit) => ({
						code: unit.code,
						name: unit.name,
						parentCode: unit.parentCode,
						optionCode: unit.optionCode,
						general: unit.general,
						coefficient: unit.coefficient!,
						languageChoice: unit.languageChoice,
						illustrative: unit.illustrative
					})),
				optionalUnits: units
					.filter((unit) => unit.optional)
					.map((unit) => ({ code: unit.code, name: unit.name, languageChoice: unit.languageChoice, note: unit.note }))
			};
		}),
		languages: db
			.select({ code: languages.code, name: languages.name, optionalOnly: languages.optionalOnly })
			.from(languages)
			.orderBy(asc(languages.sortOrder))
			.all(),
		situations: db
			.select({ code: candidateSituations.code, label: candidateSituations.label, description: candidateSituations.description })
			.from(candidateSituations)
			.orderBy(asc(candidateSituations.sortOrder))
			.all() as ExamCatalogue['situations'] & { code: CandidateSituation }[],
		academies: db.select({ code: academies.code, name: academies.name }).from(academies).orderBy(asc(academies.sortOrder)).all()
	};
}

/** Only exams whose catalogue lists units are offered for registration (SPEC R1). */
export function examDomainsWithUnits(db: Db): string[] {
	const entry = keptFor(db);
	if (!entry) return readExamDomainsWithUnits(db);
	entry.domainsWithUnits ??= readExamDomainsWithUnits(db);
	return [...entry.domainsWithUnits];
}

function readExamDomainsWithUnits(db: Db): string[] {
	return db
		.selectDistinct({ code: specialties.examDomainCode })
		.from(specialties)
		.innerJoin(examUnits, and(eq(examUnits.specialtyCode, specialties.code)))
		.all()
		.map((row) => row.code);
}
