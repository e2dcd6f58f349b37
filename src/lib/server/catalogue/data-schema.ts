// Versioned reference data of the exam catalogue (SPEC M2) and the schemas that guard it.
// Kept free of $lib, $app and $env imports: the seed script loads it under plain tsx.
import { z } from 'zod';
import academiesJson from './data/academies.json';
import bacProSpecialtiesJson from './data/bac-pro-specialties.json';
import examDomainsJson from './data/exam-domains.json';
import examOfficesJson from './data/exam-offices-2027.json';
import supportingDocumentsJson from './data/supporting-documents.json';

/** French text as shown to people: trimmed, and with the typographic apostrophe ’ only. */
const frenchText = z
	.string()
	.min(1)
	.refine((text) => text.trim() === text, { message: 'no leading or trailing spaces' })
	.refine((text) => !text.includes("'"), {
		message: 'use the typographic apostrophe ’ (U+2019), not a straight one'
	});

const kebabCode = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

function duplicates(values: readonly string[]): string[] {
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const value of values) {
		if (seen.has(value)) repeated.add(value);
		seen.add(value);
	}
	return [...repeated];
}

export function isIanaTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat(undefined, { timeZone });
		return true;
	} catch {
		return false;
	}
}

// Area/Location names only: offsets and "UTC" would hide the daylight-saving rules of R15.
const timeZoneSchema = z
	.string()
	.regex(/^[A-Z][A-Za-z_]+(?:\/[A-Za-z_+-]+)+$/)
	.refine(isIanaTimeZone, { message: 'unknown IANA time zone' });

// ---------------------------------------------------------------- académies and centres

export const academyCodeSchema = z.string().regex(/^\d{2}$/);
export const foreignCentreCodeSchema = z.string().regex(/^E-[A-Z]{2}-[A-Z0-9]+(?:-[A-Z0-9]+)*$/);

const centreFields = {
	name: frenchText,
	/** As written in a sentence or a letterhead: « Académie d’Aix-Marseille ». */
	fullName: frenchText,
	timeZone: timeZoneSchema
};

export const academySchema = z.discriminatedUnion('kind', [
	z.strictObject({ code: academyCodeSchema, kind: z.literal('academy'), ...centreFields }),
	z.strictObject({ code: academyCodeSchema, kind: z.literal('vice-rectorate'), ...centreFields }),
	z
		.strictObject({
			code: foreignCentreCodeSchema,
			kind: z.literal('foreign-centre'),
			...centreFields,
			countryCode: z.string().regex(/^[A-Z]{2}$/),
			countryName: frenchText,
			/** The académie whose exam office manages the centre's candidates. */
			parentCode: academyCodeSchema,
			illustrative: z.literal(true).optional()
		})
		.refine((centre) => centre.code.startsWith(`E-${centre.countryCode}-`), {
			message: 'a foreign centre code is E- + its ISO country code + the city',
			path: ['code']
		})
]);

export const academiesFileSchema = z
	.strictObject({ version: z.literal(1), academies: z.array(academySchema).min(1) })
	.superRefine((file, ctx) => {
		for (const code of duplicates(file.academies.map((entry) => entry.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate code ${code}`, path: ['academies'] });
		}
		const academyCodes = new Set(file.academies.filter((entry) => entry.kind === 'academy').map((entry) => entry.code));
		file.academies.forEach((entry, index) => {
			if (entry.kind === 'foreign-centre' && !academyCodes.has(entry.parentCode)) {
				ctx.addIssue({
					code: 'custom',
					message: `parent académie ${entry.parentCode} of ${entry.code} does not exist`,
					path: ['academies', index, 'parentCode']
				});
			}
		});
	});

export type Academy = z.infer<typeof academySchema>;
export type AcademyKind = Academy['kind'];
export type AcademiesFile = z.infer<typeof academiesFileSchema>;

// ---------------------------------------------------------------- exam domains

export const examDomainCodeSchema = z.string().regex(/^[A-Z]{2,5}$/);

export const examDomainSchema = z.strictObject({
	code: examDomainCodeSchema,
	name: frenchText,
	shortName: frenchText,
	/** Only domains whose catalogue lists units are offered for registration (SPEC R1). */
	hasUnits: z.boolean()
});

export const examDomainsFileSchema = z
	.strictObject({ version: z.literal(1), examDomains: z.array(examDomainSchema).min(1) })
	.superRefine((file, ctx) => {
		for (const code of duplicates(file.examDomains.map((domain) => domain.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate exam domain ${code}`, path: ['examDomains'] });
		}
	});

export type ExamDomain = z.infer<typeof examDomainSchema>;
export type ExamDomainsFile = z.infer<typeof examDomainsFileSchema>;

// ---------------------------------------------------------------- Bac pro specialties

const optionCodeSchema = z.string().regex(/^[A-Z]$/);

export const specialtyOptionSchema = z.strictObject({
	code: optionCodeSchema,
	name: frenchText,
	illustrative: z.literal(true).optional()
});

/**
 * A unit that is marked: a sub-unit (E31) or an épreuve without sub-units (E2). A unit that
 * exists in one option only ends with that option's letter (E34A, E34B), so that a code is
 * unique within its specialty.
 */
export const leafUnitSchema = z.strictObject({
	code: z.string().regex(/^E[1-7]\d?[A-Z]?$/),
	name: frenchText,
	/** General education, as opposed to the specialty's professional units. */
	general: z.boolean(),
	coefficient: z.number().positive().finite(),
	/** The candidate picks a language from `languages` for this unit. */
	languageChoice: z.literal(true).optional(),
	/** Set when the unit exists only in one option of the specialty. */
	optionCode: optionCodeSchema.optional(),
	/** Not checked against the official règlement d’examen: never present it as official. */
	illustrative: z.literal(true).optional()
});

/** An épreuve made of sub-units (E1 → E11, E12…); its coefficient is the sum of theirs. */
export const unitGroupSchema = z
	.strictObject({
		code: z.string().regex(/^E[1-7]$/),
		name: frenchText,
		general: z.boolean(),
		illustrative: z.literal(true).optional(),
		subUnits: z.array(leafUnitSchema).min(1)
	})
	.superRefine((group, ctx) => {
		group.subUnits.forEach((unit, index) => {
			if (!new RegExp(`^${group.code}\\d[A-Z]?$`).test(unit.code)) {
				ctx.addIssue({
					code: 'custom',
					message: `sub-unit ${unit.code} does not belong to ${group.code}`,
					path: ['subUnits', index, 'code']
				});
			}
		});
		if (group.general !== group.subUnits.every((unit) => unit.general)) {
			ctx.addIssue({
				code: 'custom',
				message: 'a group is general exactly when all its sub-units are',
				path: ['general']
			});
		}
	});

export const examUnitSchema = z.union([unitGroupSchema, leafUnitSchema]);

/** Épreuves facultatives: no coefficient, only the points above 10/20 count. */
export const optionalUnitSchema = z.strictObject({
	code: z.string().regex(/^UF[A-Z0-9]{1,4}$/),
	name: frenchText,
	general: z.boolean(),
	languageChoice: z.literal(true).optional(),
	illustrative: z.literal(true).optional(),
	note: frenchText.optional()
});

export const languageSchema = z.strictObject({
	/** ISO 639 code. */
	code: z.string().regex(/^[a-z]{2,3}$/),
	name: frenchText,
	/** Regional languages: offered for the optional language unit only. */
	optionalOnly: z.literal(true).optional()
});

export type LeafUnit = z.infer<typeof leafUnitSchema>;
export type UnitGroup = z.infer<typeof unitGroupSchema>;
export type ExamUnit = z.infer<typeof examUnitSchema>;
export type OptionalUnit = z.infer<typeof optionalUnitSchema>;
export type SpecialtyOption = z.infer<typeof specialtyOptionSchema>;
export type Language = z.infer<typeof languageSchema>;

export function isUnitGroup(unit: ExamUnit): unit is UnitGroup {
	return 'subUnits' in unit;
}

/**
 * The marked units of a candidate in `optionCode` (or of a specialty without options):
 * option-less units plus those of the chosen option, in catalogue order.
 */
export function leafUnitsFor(specialty: { units: readonly ExamUnit[] }, optionCode?: string): LeafUnit[] {
	return specialty.units
		.flatMap((unit) => (isUnitGroup(unit) ? unit.subUnits : [unit]))
		.filter((unit) => unit.optionCode === undefined || unit.optionCode === optionCode);
}

const TOP_LEVEL_UNIT_CODES = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7'];

export const specialtySchema = z
	.strictObject({
		code: z
			.string()
			.regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/)
			.max(16),
		name: frenchText,
		/** When present, the candidate chooses exactly one option. */
		options: z.array(specialtyOptionSchema).min(2).optional(),
		units: z.array(examUnitSchema).min(1),
		optionalUnits: z.array(optionalUnitSchema),
		illustrative: z.literal(true).optional()
	})
	.superRefine((specialty, ctx) => {
		const topCodes = specialty.units.map((unit) => unit.code);
		if (topCodes.join() !== TOP_LEVEL_UNIT_CODES.join()) {
			ctx.addIssue({
				code: 'custom',
				message: `units must be E1 to E7 in order, got ${topCodes.join(', ')}`,
				path: ['units']
			});
		}
		const optionCodes = (specialty.options ?? []).map((option) => option.code);
		for (const code of duplicates(optionCodes)) {
			ctx.addIssue({ code: 'custom', message: `duplicate option ${code}`, path: ['options'] });
		}
		const leaves = specialty.units.flatMap((unit) => (isUnitGroup(unit) ? unit.subUnits : [unit]));
		for (const code of duplicates(leaves.map((unit) => unit.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate unit ${code}`, path: ['units'] });
		}
		for (const unit of leaves) {
			if (unit.optionCode !== undefined && !optionCodes.includes(unit.optionCode)) {
				ctx.addIssue({
					code: 'custom',
					message: `unit ${unit.code} refers to unknown option ${unit.optionCode}`,
					path: ['units']
				});
			}
			const suffix = /[A-Z]$/.exec(unit.code)?.[0];
			if (suffix !== unit.optionCode) {
				ctx.addIssue({
					code: 'custom',
					message: `unit ${unit.code}: only an option's unit ends with its option letter`,
					path: ['units']
				});
			}
		}
		// Every option must define the same épreuves (E34A in A, E34B in B).
		let reference: string | undefined;
		for (const optionCode of optionCodes) {
			const signature = leafUnitsFor(specialty, optionCode)
				.map((unit) => unit.code.replace(/[A-Z]$/, ''))
				.sort()
				.join();
			reference ??= signature;
			if (signature !== reference) {
				ctx.addIssue({
					code: 'custom',
					message: `option ${optionCode} does not define the same units as the other options`,
					path: ['units']
				});
			}
		}
		for (const code of duplicates(specialty.optionalUnits.map((unit) => unit.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate optional unit ${code}`, path: ['optionalUnits'] });
		}
	});

export const bacProSpecialtiesFileSchema = z
	.strictObject({
		version: z.literal(1),
		examDomainCode: examDomainCodeSchema,
		languages: z.array(languageSchema).min(1),
		specialties: z.array(specialtySchema).min(1)
	})
	.superRefine((file, ctx) => {
		for (const code of duplicates(file.specialties.map((specialty) => specialty.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate specialty ${code}`, path: ['specialties'] });
		}
		for (const code of duplicates(file.languages.map((language) => language.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate language ${code}`, path: ['languages'] });
		}
	});

export type BacProSpecialty = z.infer<typeof specialtySchema>;
export type BacProSpecialtiesFile = z.infer<typeof bacProSpecialtiesFileSchema>;

// ---------------------------------------------------------------- exam offices

export const examOfficeFieldSchema = z.enum([
	'serviceName',
	'email',
	'phone',
	'postalAddress',
	'accommodationCircularUrl',
	'confirmationReturnDate'
]);

const FICTIONAL_HOST = /(^|\.)example\.org$/;

export const examOfficeSchema = z
	.strictObject({
		academyCode: z.union([academyCodeSchema, foreignCentreCodeSchema]),
		examDomainCode: examDomainCodeSchema,
		serviceName: frenchText,
		email: z.email(),
		/** French national format, « 04 65 71 08 00 ». */
		phone: z.string().regex(/^0[1-9](?: \d{2}){4}$/),
		/** Where the signed confirmation and the supporting documents are sent (SPEC R8). */
		postalAddress: z.strictObject({
			lines: z.array(frenchText).min(1).max(6),
			postalCode: z.string().regex(/^\d{5}$/),
			city: frenchText,
			country: frenchText
		}),
		/** The académie’s accommodation circular (SPEC R13). */
		accommodationCircularUrl: z.url({ protocol: /^https$/ }),
		/** Where the circular sits on that site, as the guide words it. */
		accommodationCircularPath: frenchText.optional(),
		/** Printed on the back of the confirmation (SPEC R8). */
		confirmationReturnDate: z.iso.date(),
		/** Fields that are placeholders until a manager enters the real value. */
		illustrativeFields: z.array(examOfficeFieldSchema),
		note: frenchText.optional()
	})
	.superRefine((office, ctx) => {
		for (const field of duplicates(office.illustrativeFields)) {
			ctx.addIssue({ code: 'custom', message: `${field} listed twice`, path: ['illustrativeFields'] });
		}
		const fictional: Array<z.infer<typeof examOfficeFieldSchema>> = [];
		if (FICTIONAL_HOST.test(office.email.split('@')[1] ?? '')) fictional.push('email');
		if (FICTIONAL_HOST.test(new URL(office.accommodationCircularUrl).hostname)) {
			fictional.push('accommodationCircularUrl');
		}
		for (const field of fictional) {
			if (!office.illustrativeFields.includes(field)) {
				ctx.addIssue({
					code: 'custom',
					message: `${field} is a placeholder and must be listed in illustrativeFields`,
					path: [field]
				});
			}
		}
	});

export const examOfficesFileSchema = z
	.strictObject({
		version: z.literal(1),
		session: z.number().int().min(2000).max(2100),
		examOffices: z.array(examOfficeSchema).min(1)
	})
	.superRefine((file, ctx) => {
		const keys = file.examOffices.map((office) => `${office.academyCode}/${office.examDomainCode}`);
		for (const key of duplicates(keys)) {
			ctx.addIssue({ code: 'custom', message: `two exam offices for ${key}`, path: ['examOffices'] });
		}
		file.examOffices.forEach((office, index) => {
			const year = Number(office.confirmationReturnDate.slice(0, 4));
			if (year < file.session - 1 || year > file.session) {
				ctx.addIssue({
					code: 'custom',
					message: `return date ${office.confirmationReturnDate} is outside session ${file.session}`,
					path: ['examOffices', index, 'confirmationReturnDate']
				});
			}
		});
	});

export type ExamOffice = z.infer<typeof examOfficeSchema>;
export type ExamOfficeField = z.infer<typeof examOfficeFieldSchema>;
export type ExamOfficesFile = z.infer<typeof examOfficesFileSchema>;

// ---------------------------------------------------------------- supporting documents

export const candidateSituationCodeSchema = z.enum(['individual', 'distance-learning', 'continuing-education', 'professional-experience']);
export const priorResultTypeCodeSchema = z.enum(['kept-mark', 'diploma']);
/** `under-25-french`: French nationality and under 25 (JDC / recensement). */
export const documentConditionSchema = z.enum(['under-25-french']);

const documentFields = {
	code: kebabCode,
	label: frenchText,
	description: frenchText,
	/** The document is required only when the condition holds for the candidate. */
	condition: documentConditionSchema.optional(),
	illustrative: z.literal(true).optional()
};

/**
 * `all`: every candidate; `situation`: candidates in one of `situations`;
 * `prior-result`: candidates who declare a prior result of one of `priorResultTypes`.
 */
export const supportingDocumentSchema = z.discriminatedUnion('scope', [
	z.strictObject({ ...documentFields, scope: z.literal('all') }),
	z.strictObject({
		...documentFields,
		scope: z.literal('situation'),
		situations: z.array(candidateSituationCodeSchema).min(1)
	}),
	z.strictObject({
		...documentFields,
		scope: z.literal('prior-result'),
		priorResultTypes: z.array(priorResultTypeCodeSchema).min(1)
	})
]);

export const supportingDocumentsFileSchema = z
	.strictObject({
		version: z.literal(1),
		candidateSituations: z.array(z.strictObject({ code: candidateSituationCodeSchema, label: frenchText, description: frenchText })),
		priorResultTypes: z.array(z.strictObject({ code: priorResultTypeCodeSchema, label: frenchText, description: frenchText })),
		documents: z.array(supportingDocumentSchema).min(1)
	})
	.superRefine((file, ctx) => {
		const situationCodes = file.candidateSituations.map((situation) => situation.code);
		const priorCodes = file.priorResultTypes.map((type) => type.code);
		for (const code of duplicates([...situationCodes, ...priorCodes])) {
			ctx.addIssue({ code: 'custom', message: `duplicate code ${code}` });
		}
		for (const code of duplicates(file.documents.map((document) => document.code))) {
			ctx.addIssue({ code: 'custom', message: `duplicate document ${code}`, path: ['documents'] });
		}
		for (const code of candidateSituationCodeSchema.options) {
			if (!situationCodes.includes(code)) {
				ctx.addIssue({
					code: 'custom',
					message: `situation ${code} is not described`,
					path: ['candidateSituations']
				});
			}
		}
		for (const code of priorResultTypeCodeSchema.options) {
			if (!priorCodes.includes(code)) {
				ctx.addIssue({
					code: 'custom',
					message: `prior result ${code} is not described`,
					path: ['priorResultTypes']
				});
			}
			if (!file.documents.some((d) => d.scope === 'prior-result' && d.priorResultTypes.includes(code))) {
				ctx.addIssue({ code: 'custom', message: `no document proves a ${code}`, path: ['documents'] });
			}
		}
	});

export type CandidateSituationCode = z.infer<typeof candidateSituationCodeSchema>;
export type PriorResultTypeCode = z.infer<typeof priorResultTypeCodeSchema>;
export type DocumentCondition = z.infer<typeof documentConditionSchema>;
export type SupportingDocument = z.infer<typeof supportingDocumentSchema>;
export type SupportingDocumentsFile = z.infer<typeof supportingDocumentsFileSchema>;

// ---------------------------------------------------------------- the whole catalogue

export const catalogueDataSchema = z
	.strictObject({
		academies: academiesFileSchema,
		examDomains: examDomainsFileSchema,
		bacProSpecialties: bacProSpecialtiesFileSchema,
		examOffices: examOfficesFileSchema,
		supportingDocuments: supportingDocumentsFileSchema
	})
	.superRefine((data, ctx) => {
		const centreCodes = new Set(data.academies.academies.map((entry) => entry.code));
		const domainCodes = new Set(data.examDomains.examDomains.map((domain) => domain.code));
		data.examOffices.examOffices.forEach((office, index) => {
			if (!centreCodes.has(office.academyCode)) {
				ctx.addIssue({
					code: 'custom',
					message: `exam office for unknown académie ${office.academyCode}`,
					path: ['examOffices', 'examOffices', index, 'academyCode']
				});
			}
			if (!domainCodes.has(office.examDomainCode)) {
				ctx.addIssue({
					code: 'custom',
					message: `exam office for unknown exam domain ${office.examDomainCode}`,
					path: ['examOffices', 'examOffices', index, 'examDomainCode']
				});
			}
		});
		const unitsDomain = data.bacProSpecialties.examDomainCode;
		for (const domain of data.examDomains.examDomains) {
			if (domain.hasUnits !== (domain.code === unitsDomain)) {
				ctx.addIssue({
					code: 'custom',
					message: `exam domain ${domain.code}: hasUnits must match the specialties file`,
					path: ['examDomains']
				});
			}
		}
		// Every place a candidate can pick must show an exam office for the domain that has units.
		const covered = new Set(
			data.examOffices.examOffices.filter((office) => office.examDomainCode === unitsDomain).map((office) => office.academyCode)
		);
		for (const code of centreCodes) {
			if (!covered.has(code)) {
				ctx.addIssue({
					code: 'custom',
					message: `no ${unitsDomain} exam office for ${code} in session ${data.examOffices.session}`,
					path: ['examOffices']
				});
			}
		}
	});

export type CatalogueData = z.infer<typeof catalogueDataSchema>;

export function parseCatalogueData(raw: unknown): CatalogueData {
	return catalogueDataSchema.parse(raw);
}

/** The shipped reference data, validated; throws a ZodError when a file is wrong. */
export function loadCatalogueData(): CatalogueData {
	return parseCatalogueData({
		academies: academiesJson,
		examDomains: examDomainsJson,
		bacProSpecialties: bacProSpecialtiesJson,
		examOffices: examOfficesJson,
		supportingDocuments: supportingDocumentsJson
	});
}
