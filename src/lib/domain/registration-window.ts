// The registration-window rule (SPEC R15), shared by the pages and the server.
import { TZDate } from '@date-fns/tz';

import { dateTimeFormat, dayShort, PARIS_TIME_ZONE, type Instant } from './format';
import { keptAnswers } from './kept-answers';
import type { WindowState } from './window-states';

export { WINDOW_STATE_LABELS, type WindowState } from './window-states';

export { PARIS_TIME_ZONE };

export interface WindowPeriod {
	opensAt: Date;
	closesAt: Date;
}

/** Open from the opening instant included to the closing instant excluded (SPEC R15). */
export function windowState(period: WindowPeriod, now: Date): WindowState {
	if (now.getTime() < period.opensAt.getTime()) return 'upcoming';
	if (now.getTime() < period.closesAt.getTime()) return 'open';
	return 'closed';
}

export function isWindowOpen(period: WindowPeriod, now: Date): boolean {
	return windowState(period, now) === 'open';
}

export interface LocalDateTime {
	year: number;
	/** 1 to 12 */
	month: number;
	day: number;
	hour: number;
	minute: number;
}

/** The instant at which a wall-clock time occurs in a time zone (an académie's official time). */
export function instantOf(local: LocalDateTime, timeZone: string): Date {
	return new Date(new TZDate(local.year, local.month - 1, local.day, local.hour, local.minute, timeZone).getTime());
}

/**
 * The wall-clock date in a time zone of an instant. Kept per second and zone (every zone's offset
 * is a whole number of seconds, so the second decides the date): « Mon espace » asks it of the
 * same instants, and of the same « now », for every registration and step (issue #17).
 */
export function localDateOf(instant: Date, timeZone: string): Readonly<{ year: number; month: number; day: number }> {
	return localDates(`${Math.floor(instant.getTime() / 1000)}\u0000${timeZone}`, () => {
		const zoned = new TZDate(instant.getTime(), timeZone);
		return Object.freeze({ year: zoned.getFullYear(), month: zoned.getMonth() + 1, day: zoned.getDate() });
	});
}

const localDates = keptAnswers<Readonly<{ year: number; month: number; day: number }>>(1000);

/**
 * An instant in French as the académie's clock shows it: « lundi 4 janvier 2027 à 09:00 ».
 * Outside Paris time the zone is named after the place (with its article: « la Martinique »), with its UTC offset, because Intl's own
 * zone names are uneven (« UTC+01:00 » for Rabat, « Afrique de l’Est » for Mayotte).
 */
export function formatInstant(instant: Date, timeZone: string, place: string): string {
	return instantTexts(`${instant.getTime()}\u0000${timeZone}\u0000${place}`, () => formatInstantOnce(instant, timeZone, place));
}

function formatInstantOnce(instant: Date, timeZone: string, place: string): string {
	const text = dateTimeFormat({ dateStyle: 'full', timeStyle: 'short' }, timeZone).format(instant);
	if (timeZone === PARIS_TIME_ZONE) return text;
	const offset = utcOffsetOf(instant, timeZone);
	return `${text} (heure de ${place}${offset ? `, ${offset}` : ''})`;
}

// The instants shown are mostly the few windows' opens and closes, shown on every wizard page and
// registration: each text is formatted once (ICU's formatting was most of formatInstant's time
// under load). Emptied when full, so that it stays small whatever is formatted.
const instantTexts = keptAnswers<string>(1000);

/** « UTC−4 »: the offset of a time zone at an instant, as Intl names it in French. */
export function utcOffsetOf(instant: Date, timeZone: string): string | undefined {
	return dateTimeFormat({ timeZoneName: 'shortOffset' }, timeZone)
		.formatToParts(instant)
		.find((part) => part.type === 'timeZoneName')?.value;
}

/** A day on Paris's calendar, « 30/11/2026 »: the date of an act of the exam office. */
export function formatParisDate(instant: Instant): string {
	return dayShort(instant);
}
