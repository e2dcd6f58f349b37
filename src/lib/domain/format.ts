// Dates, instants and counts in French, as the candidate's pages, the admin pages and the server
// write them. Making an Intl formatter costs far more than using one, and a list formats a date on
// every row: each is made once per (options, time zone) and kept.

export const PARIS_TIME_ZONE = 'Europe/Paris';

/** An instant as the pages receive it: a `Date`, an ISO text or milliseconds. */
export type Instant = Date | string | number;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** The French formatter of these options in this time zone (Paris by default), made on first use. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions, timeZone: string = PARIS_TIME_ZONE): Intl.DateTimeFormat {
	const key = `${timeZone}\u0000${JSON.stringify(options, Object.keys(options).sort())}`;
	let format = dateTimeFormats.get(key);
	if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat('fr-FR', { ...options, timeZone })));
	return format;
}

const formatIn = (options: Intl.DateTimeFormatOptions) => (instant: Instant, timeZone?: string) =>
	dateTimeFormat(options, timeZone).format(new Date(instant));

/** « 01/12/2026 » */
export const dayShort = formatIn({ dateStyle: 'short' });
/** « 1 décembre 2026 » */
export const dayLong = formatIn({ dateStyle: 'long' });
/** « 01/12/2026 10:00 » */
export const whenShort = formatIn({ dateStyle: 'short', timeStyle: 'short' });
/** « 01/12/2026 10:00:00 » */
export const whenShortSeconds = formatIn({ dateStyle: 'short', timeStyle: 'medium' });
/** « 1 décembre 2026 à 10:00 » */
export const whenLong = formatIn({ dateStyle: 'long', timeStyle: 'short' });

/** « 2027-01-15 » → « 15/01/2027 »: a day of the calendar, not an instant, so in no time zone. */
export const calendarDay = (isoDay: string) => isoDay.slice(0, 10).split('-').reverse().join('/');

let integer: Intl.NumberFormat | undefined;

/** « 20 733 » (a narrow no-break space between thousands), as `toLocaleString('fr-FR')` writes it. */
export function count(value: number): string {
	return (integer ??= new Intl.NumberFormat('fr-FR')).format(value);
}
