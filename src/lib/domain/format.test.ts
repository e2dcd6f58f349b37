import { describe, expect, it } from 'vitest';
import { calendarDay, count, dateTimeFormat, dayLong, dayShort, whenLong, whenShort, whenShortSeconds } from './format';

// 1 December 2026, 09:05:07 UTC: 10:05:07 in Paris (winter time), 05:05:07 in Martinique.
const INSTANT = '2026-12-01T09:05:07.000Z';
// 1 July 2026, 22:30 UTC: already 2 July in Paris (summer time).
const SUMMER_NIGHT = '2026-07-01T22:30:00.000Z';

describe('French dates and counts', () => {
	it('R15: writes an instant on Paris’s clock by default, in each style the pages use', () => {
		expect(dayShort(INSTANT)).toBe('01/12/2026');
		expect(dayLong(INSTANT)).toBe('1 décembre 2026');
		expect(whenShort(INSTANT)).toBe('01/12/2026 10:05');
		expect(whenShortSeconds(INSTANT)).toBe('01/12/2026 10:05:07');
		expect(whenLong(INSTANT)).toBe('1 décembre 2026 à 10:05');
		expect(dayLong(SUMMER_NIGHT)).toBe('2 juillet 2026');
		expect(whenLong(SUMMER_NIGHT)).toBe('2 juillet 2026 à 00:30');
	});

	it('R15: writes the same instant on another académie’s clock when given its time zone', () => {
		expect(whenLong(INSTANT, 'America/Martinique')).toBe('1 décembre 2026 à 05:05');
		expect(dayLong(SUMMER_NIGHT, 'America/Martinique')).toBe('1 juillet 2026');
		// The Paris formatter, made first, is not reused for another zone.
		expect(whenLong(INSTANT)).toBe('1 décembre 2026 à 10:05');
	});

	it('writes a calendar day (a return date, a birth date) as it is, in no time zone', () => {
		expect(calendarDay('2027-01-15')).toBe('15/01/2027');
		expect(calendarDay('2027-01-15T23:30:00.000Z')).toBe('15/01/2027');
	});

	it('reads an instant given as a Date, an ISO text or milliseconds alike', () => {
		const date = new Date(INSTANT);
		expect(whenShort(date)).toBe(whenShort(INSTANT));
		expect(whenShort(date.getTime())).toBe(whenShort(INSTANT));
	});

	it('#17: makes one formatter per (options, time zone), whatever the order of the options', () => {
		const paris = dateTimeFormat({ dateStyle: 'long', timeStyle: 'short' });
		expect(dateTimeFormat({ timeStyle: 'short', dateStyle: 'long' })).toBe(paris);
		expect(dateTimeFormat({ dateStyle: 'long', timeStyle: 'short' }, 'Europe/Paris')).toBe(paris);
		expect(dateTimeFormat({ dateStyle: 'long', timeStyle: 'short' }, 'Indian/Reunion')).not.toBe(paris);
		expect(dateTimeFormat({ dateStyle: 'long' })).not.toBe(paris);
		expect(paris.resolvedOptions()).toMatchObject({ locale: 'fr-FR', timeZone: 'Europe/Paris' });
	});

	it('writes counts as French does, thousands apart', () => {
		expect(count(20733)).toBe((20733).toLocaleString('fr-FR'));
		expect(count(1234567)).toBe('1\u202f234\u202f567');
		expect(count(7)).toBe('7');
	});
});
