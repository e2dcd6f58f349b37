// Which supporting documents a registration needs (SPEC R8, R12), from the catalogue's table, and
// the state rules of the set (deposited, locked, modification to validate).
import { declaredPriorResultTypes } from './exemptions';
import type { RegistrationContent } from './registration-content';

export interface SupportingDocumentType {
	code: string;
	label: string;
	description: string;
	scope: 'all' | 'situation' | 'prior-result';
	situations: string[] | null;
	priorResultTypes: string[] | null;
	condition: string | null;
}

export interface CandidateFacts {
	birthDate: string;
	nationality: string;
}

/** Age in whole years on a day (both ISO dates). */
export function ageOn(birthDate: string, day: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number);
	const [y, m, d] = day.split('-').map(Number);
	return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The JDC rule: French candidates under 25, counted on 1 January of the session year. */
function conditionHolds(condition: string | null, candidate: CandidateFacts, sessionYear: number): boolean {
	if (condition === null) return true;
	if (condition === 'under-25-french') return candidate.nationality === 'FR' && ageOn(candidate.birthDate, `${sessionYear}-01-01`) < 25;
	return true;
}

export function requiredSupportingDocuments(
	types: SupportingDocumentType[],
	content: RegistrationContent,
	candidate: CandidateFacts,
	sessionYear: number
): SupportingDocumentType[] {
	const priorTypes: string[] = declaredPriorResultTypes(content);
	return types.filter((type) => {
		if (!conditionHolds(type.condition, candidate, sessionYear)) return false;
		if (type.scope === 'all') return true;
		if (type.scope === 'situation') return !!content.situation.category && (type.situations ?? []).includes(content.situation.category);
		return (type.priorResultTypes ?? []).some((code) => priorTypes.includes(code));
	});
}

export type SupportingDocumentState = 'deposited' | 'accepted' | 'refused';

export const SUPPORTING_DOCUMENT_STATE_LABELS: Record<SupportingDocumentState, string> = {
	deposited: 'déposé',
	accepted: 'accepté',
	refused: 'refusé'
};

/**
 * R12 and guide §10: once the candidate has locked the set, a modification of the registration is
 * still possible while the window is open, but it must be validated by the exam office, and the new
 * confirmation must be sent again.
 */
export function modificationNeedsValidation(registration: { supportingDocumentsLockedAt: Date | null }): boolean {
	return registration.supportingDocumentsLockedAt !== null;
}

export { PENDING_VALIDATION_NOTICE } from './notices';
