// « M’inscrire »: the rules of the registration form, one module per rule. Importers may name the
// module of the rule they use; this one keeps `$lib/domain/registration` whole.
export * from './exemptions';
export * from './registration-tabs';
export * from './stale-entries';
export * from './tab-schemas';
