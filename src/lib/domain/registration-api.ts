// What « Enregistrer » sends and what it gets back: shared by the page, its offline queue and the API.
import { z } from 'zod';
import type { RegistrationContent } from './registration-content';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,100}$/;

/** The envelope; the content itself is checked by registrationContentSchema against the catalogue. */
export const registrationSubmissionSchema = z.object({
	examDomainCode: z.string().regex(/^[A-Z]{2,5}$/),
	sessionYear: z.number().int().min(2000).max(2100),
	academyCode: z.string().regex(/^(\d{2}|E-[A-Z]{2}-[A-Z0-9-]+)$/),
	content: z.unknown()
});

export interface RegistrationSubmission {
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
	content: RegistrationContent;
}

export type WizardTab = 'identity' | 'choice' | 'situation' | 'priorResults' | 'accommodations' | 'summary';

export interface FieldProblem {
	tab: WizardTab;
	path: Array<string | number>;
	message: string;
}

export type SubmissionAnswer =
	| {
			ok: true;
			registrationNumber: string;
			candidateNumber: string;
			version: number;
			/** ISO instant the registration window closes; after it nothing can change. */
			closesAt: string;
			/** The same, as the académie's clock shows it, in French. */
			closesAtText: string;
	  }
	| {
			ok: false;
			code:
				| 'invalid'
				| 'window-closed'
				| 'already-registered'
				| 'key-reused'
				| 'unknown-exam'
				| 'bad-request'
				| 'too-large'
				| 'not-found'
				| 'withdrawn'
				| 'conflict';
			message: string;
			problems?: FieldProblem[];
			/** For already-registered: the registration to go to. */
			registrationNumber?: string;
			/** For conflict (412): what the server holds now, saved from another device (SPEC O5). */
			current?: { version: number; content: RegistrationContent };
	  };

/** Version 1 → « Version 01 » (SPEC R10). */
export function versionLabel(version: number): string {
	return `Version ${String(version).padStart(2, '0')}`;
}

// ─── Drafts kept by the server (SPEC O3): shape only; a draft may hold anything half-typed ───

const draftText = z.string().max(300);

export const draftContentSchema = z.object({
	choice: z.object({
		specialtyCode: draftText,
		optionCode: draftText,
		languages: z.record(z.string().max(10), draftText),
		optionalUnits: z.array(draftText).max(20)
	}),
	situation: z.object({
		category: draftText,
		lastDiploma: draftText,
		lastDiplomaYear: draftText,
		currentActivity: draftText,
		trainingOrganisation: draftText
	}),
	priorResults: z.object({
		keptMarks: z
			.array(z.object({ unitCode: draftText, mark: draftText, sessionYear: draftText, academyCode: draftText, specialtyCode: draftText }))
			.max(30),
		diploma: z.object({ held: z.boolean(), name: draftText, level: draftText, year: draftText }),
		declined: z.array(draftText).max(30)
	}),
	accommodations: z.object({ applied: draftText })
});

export const WIZARD_TABS = ['identity', 'choice', 'situation', 'priorResults', 'accommodations', 'summary'] as const satisfies readonly WizardTab[];

export const draftWriteSchema = z.object({
	academyCode: z.string().regex(/^(\d{2}|E-[A-Z]{2}-[A-Z0-9-]+)$/),
	registrationNumber: z.string().regex(/^\d{10}[0-9A-Z]$/).nullable(),
	baseVersion: z.number().int().min(1).nullable(),
	tab: z.enum(WIZARD_TABS),
	content: draftContentSchema
});

export type DraftWrite = z.infer<typeof draftWriteSchema>;

export interface ServerDraft {
	academyCode: string;
	registrationNumber: string | null;
	baseVersion: number | null;
	tab: WizardTab;
	content: RegistrationContent;
	revision: number;
	updatedAt: string;
}

export type DraftAnswer =
	| { ok: true; revision: number; updatedAt: string }
	| { ok: false; code: 'conflict'; current: ServerDraft }
	| { ok: false; code: 'bad-request' | 'not-found' | 'gone'; message: string };
