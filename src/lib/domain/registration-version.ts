// What one version of a registration stores (SPEC R10): kept whole, so that the confirmation of
// that version (SPEC R8) and the history read it as it was when saved.
import type { PersonalData } from './account';
import type { ExemptionLine, UnitToSit } from './exemptions';
import type { RegistrationContent } from './registration-content';

/** Copied from the account when the version is saved, never from a draft. */
export type VersionIdentity = PersonalData & { email: string | null; candidateNumber: string };

export interface VersionSnapshot {
	identity: VersionIdentity;
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
	content: RegistrationContent;
	/** Computed once, as they were when saved. */
	exemptions: ExemptionLine[];
	unitsToSit: UnitToSit[];
}
