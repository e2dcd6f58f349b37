// The shapes the registration API checks (SPEC R1, O3), apart from ./registration-api, which the
// pages import: a page that shows a version label does not carry zod (issue #17's weight budgets).
import { z } from 'zod';
import { draftContentSchema } from './registration-content';
import { TAB_ORDER } from './registration-tabs';

/** The envelope; the content itself is checked by registrationContentSchema against the catalogue. */
export const registrationSubmissionSchema = z.object({
	examDomainCode: z.string().regex(/^[A-Z]{2,5}$/),
	sessionYear: z.number().int().min(2000).max(2100),
	academyCode: z.string().regex(/^(\d{2}|E-[A-Z]{2}-[A-Z0-9-]+)$/),
	content: z.unknown()
});

// Drafts kept by the server (SPEC O3): shape only; a draft may hold anything half-typed.
export const draftWriteSchema = z.object({
	academyCode: z.string().regex(/^(\d{2}|E-[A-Z]{2}-[A-Z0-9-]+)$/),
	registrationNumber: z
		.string()
		.regex(/^\d{10}[0-9A-Z]$/)
		.nullable(),
	baseVersion: z.number().int().min(1).nullable(),
	tab: z.enum(TAB_ORDER),
	content: draftContentSchema
});

export type DraftWrite = z.infer<typeof draftWriteSchema>;
