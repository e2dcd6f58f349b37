// The tables, one file per domain under schema/. Kept free of $lib and $env imports: drizzle-kit
// loads it outside Vite.
export * from './schema/audit';
export * from './schema/catalogue';
export * from './schema/accounts';
export * from './schema/mail';
export * from './schema/registrations';
export * from './schema/documents';
export * from './schema/jobs';
export * from './schema/throttle';
export * from './schema/drafts';
export * from './schema/managers';
