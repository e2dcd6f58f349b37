import { describe, expect, it } from 'vitest';
import { formatInstant, instantOf, isWindowOpen, localDateOf, windowState } from './registration-window';

const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe('R15: the registration window rule', () => {
	it('is open from the opening instant included to the closing instant excluded', () => {
		const period = { opensAt: new Date('2026-11-02T08:00:00Z'), closesAt: new Date('2026-12-10T16:00:00Z') };
		expect(windowState(period, ms(period.opensAt, -1))).toBe('upcoming');
		expect(windowState(period, period.opensAt)).toBe('open');
		expect(windowState(period, ms(period.closesAt, -1))).toBe('open');
		expect(windowState(period, period.closesAt)).toBe('closed');
		expect(isWindowOpen(period, period.closesAt)).toBe(false);
	});

	it('places Paris wall-clock times on the right instants across the daylight-saving change', () => {
		// Paris moves from UTC+1 to UTC+2 on Sunday 28 March 2027 at 02:00.
		const opensAt = instantOf({ year: 2027, month: 3, day: 27, hour: 9, minute: 0 }, 'Europe/Paris');
		const closesAt = instantOf({ year: 2027, month: 3, day: 29, hour: 9, minute: 0 }, 'Europe/Paris');
		expect(opensAt.toISOString()).toBe('2027-03-27T08:00:00.000Z');
		expect(closesAt.toISOString()).toBe('2027-03-29T07:00:00.000Z');
		const period = { opensAt, closesAt };
		// 47 hours, not 48: the closing instant comes an hour earlier in UTC.
		expect(closesAt.getTime() - opensAt.getTime()).toBe(47 * 3600_000);
		expect(windowState(period, new Date('2027-03-29T06:59:59.999Z'))).toBe('open');
		expect(windowState(period, new Date('2027-03-29T07:00:00.000Z'))).toBe('closed');
		expect(formatInstant(closesAt, 'Europe/Paris', 'Paris')).toBe('lundi 29 mars 2027 à 09:00');
	});

	it('reads La Réunion’s windows on La Réunion’s clock and names the zone', () => {
		const closesAt = instantOf({ year: 2027, month: 1, day: 10, hour: 17, minute: 0 }, 'Indian/Reunion');
		expect(closesAt.toISOString()).toBe('2027-01-10T13:00:00.000Z');
		const period = { opensAt: new Date('2026-11-01T00:00:00Z'), closesAt };
		// 16:30 in Paris is 19:30 in Saint-Denis: already closed there.
		expect(windowState(period, new Date('2027-01-10T15:30:00Z'))).toBe('closed');
		expect(windowState(period, new Date('2027-01-10T12:59:59Z'))).toBe('open');
		expect(formatInstant(closesAt, 'Indian/Reunion', 'La Réunion')).toBe('dimanche 10 janvier 2027 à 17:00 (heure de La Réunion, UTC+4)');
		expect(localDateOf(new Date('2027-01-10T21:00:00Z'), 'Indian/Reunion')).toEqual({ year: 2027, month: 1, day: 11 });
	});

	it('gives each zone its own date of an instant, the same when asked again, and a date nobody can change', () => {
		// 23:30 UTC on New Year's Eve, then the last millisecond of that second and the next second.
		const instant = new Date('2026-12-31T23:30:00Z');
		const dates = () => [
			localDateOf(instant, 'Europe/Paris'),
			localDateOf(instant, 'UTC'),
			localDateOf(instant, 'America/Martinique'),
			localDateOf(new Date('2026-12-31T22:59:59.999Z'), 'Europe/Paris'),
			localDateOf(new Date('2026-12-31T23:00:00Z'), 'Europe/Paris')
		];
		const expected = [
			{ year: 2027, month: 1, day: 1 },
			{ year: 2026, month: 12, day: 31 },
			{ year: 2026, month: 12, day: 31 },
			{ year: 2026, month: 12, day: 31 },
			{ year: 2027, month: 1, day: 1 }
		];
		expect(dates()).toEqual(expected);
		expect(dates()).toEqual(expected);
		expect(Object.isFrozen(localDateOf(instant, 'Europe/Paris'))).toBe(true);
	});

	it('formats each instant for its own zone and place, the same text when asked again', () => {
		const closesAt = new Date('2027-01-10T13:00:00Z');
		const texts = () => [
			formatInstant(closesAt, 'Indian/Reunion', 'La Réunion'),
			formatInstant(closesAt, 'Indian/Reunion', 'Mayotte'),
			formatInstant(closesAt, 'Europe/Paris', 'Paris'),
			formatInstant(new Date(closesAt.getTime() + 60_000), 'Europe/Paris', 'Paris')
		];
		const first = texts();
		expect(first).toEqual([
			'dimanche 10 janvier 2027 à 17:00 (heure de La Réunion, UTC+4)',
			'dimanche 10 janvier 2027 à 17:00 (heure de Mayotte, UTC+4)',
			'dimanche 10 janvier 2027 à 14:00',
			'dimanche 10 janvier 2027 à 14:01'
		]);
		// Many other instants in between (the texts kept are emptied when full): still the same texts.
		for (let minute = 0; minute < 1500; minute++) formatInstant(new Date(minute * 60_000), 'America/Martinique', 'la Martinique');
		expect(texts()).toEqual(first);
	});
});
