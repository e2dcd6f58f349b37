// What « Enregistrer » sends and what it gets back: shared by the page, its offline queue and the API.
// No zod here (pages import this module): the schemas the API checks are in ./registration-api-schemas.
import type { RegistrationContent } from './registration-content';
import type { RegistrationTab } from './registration-tabs';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,100}$/;

export interface RegistrationSubmission {
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
	content: RegistrationContent;
}

/** The name the page and its device drafts give a tab of ./registration-tabs. */
export type WizardTab = RegistrationTab;

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

// ─── Drafts kept by the server (SPEC O3) ───

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
