// Registrations (SPEC R1–R11, R14), one module per requirement; the routes import them from here.
export { getRegistration, getRegistrationHistory, getRegistrationSummary, latestExamOffice, listRegistrations } from './consultation';
export { hashRequest, type Answer } from './idempotency';
export { findActiveRegistration, modifyRegistration, planSubmission, submitRegistration, type Ctx } from './submission';
export { withdrawRegistration } from './withdrawal';
// The name documents/supporting.ts still imports; ./versions reads and writes versions.
export type { VersionSnapshot as StoredVersion } from '../../domain/registration-version';
