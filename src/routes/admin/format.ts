// Dates and counts as the admin pages show them, in Paris time. Each Intl formatter is made once:
// making one costs far more than using it, and a list page formats a date on every row.
const PARIS = 'Europe/Paris';

const shortDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: PARIS });
const shortDateTimeSeconds = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: PARIS });
const longDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: PARIS });
const integer = new Intl.NumberFormat('fr-FR');

/** « 01/12/2026 10:00 » */
export const whenShort = (iso: string) => shortDateTime.format(new Date(iso));
/** « 01/12/2026 10:00:00 » */
export const whenShortSeconds = (iso: string) => shortDateTimeSeconds.format(new Date(iso));
/** « 1 décembre 2026 à 10:00 » */
export const whenLong = (iso: string) => longDateTime.format(new Date(iso));
/** « 20 733 », as `toLocaleString('fr-FR')` writes it. */
export const count = (value: number) => integer.format(value);
