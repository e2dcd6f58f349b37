// The catalogue of one exam as the wizard receives it (client-safe, cacheable on the device).
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { academies, candidateSituations, examUnits, languages, specialties, specialtyOptions } from '../db/schema';
import type { CandidateSituation, ExamCatalogue } from '../../domain/registration-content';

export function getExamCatalogue(db: Executor, examDomainCode: string, sessionYear: number): ExamCatalogue {
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
export function examDomainsWithUnits(db: Db) {
	return db
		.selectDistinct({ code: specialties.examDomainCode })
		.from(specialties)
		.innerJoin(examUnits, and(eq(examUnits.specialtyCode, specialties.code)))
		.all()
		.map((row) => row.code);
}
