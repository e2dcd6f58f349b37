// SPEC N4: what the warning says about the time left, and the way back to the form after logging
// in again (checked by the login page as every return address, SPEC S1).
import { describe, expect, it } from 'vitest';
import { safeNext } from '$lib/server/auth/guard';
import { loginAddress, sessionExpiry, timeLeft, timeLeftText } from './session-expiry';

describe('N4: the time left, as the warning says it', () => {
	it('in minutes and seconds, rounded up to the second, in French', () => {
		expect(timeLeftText(120_000)).toBe('2 minutes');
		expect(timeLeftText(119_000)).toBe('1 minute et 59 secondes');
		expect(timeLeftText(119_001)).toBe('2 minutes');
		expect(timeLeftText(65_000)).toBe('1 minute et 5 secondes');
		expect(timeLeftText(61_000)).toBe('1 minute et 1 seconde');
		expect(timeLeftText(60_000)).toBe('1 minute');
		expect(timeLeftText(45_500)).toBe('46 secondes');
		expect(timeLeftText(1)).toBe('1 seconde');
		expect(timeLeftText(0)).toBe('0 seconde');
		expect(timeLeftText(-5_000)).toBe('0 seconde');
	});

	it('counts from the server’s clock, not the device’s', () => {
		const expiry = sessionExpiry(new Date('2026-11-29T10:10:00Z'), new Date('2026-11-29T10:08:30Z'));
		expect(expiry).toEqual({ expiresAt: '2026-11-29T10:10:00.000Z', now: '2026-11-29T10:08:30.000Z', warnIn: 0 });
		expect(timeLeft(expiry)).toBe(90_000);
		// The warning is due two minutes before the end: 28 minutes after this answer.
		expect(sessionExpiry(new Date('2026-11-29T10:30:00Z'), new Date('2026-11-29T10:00:00Z')).warnIn).toBe(28 * 60_000);
		expect(timeLeft(sessionExpiry(new Date('2026-11-29T10:10:00Z'), new Date('2026-11-29T10:11:00Z')))).toBe(0);
	});
});

describe('N4, S1: « Me reconnecter » comes back to the same form', () => {
	const ORIGIN = 'https://candidat.example.org';
	/** What the login page opens after the login: the `suite` of the address, checked. */
	const landing = (address: string) => safeNext(new URL(address, ORIGIN).searchParams.get('suite'), ORIGIN);

	it('the wizard of a new registration and of « Modifier », query included', () => {
		for (const page of [
			'/inscription/BCP/2027/08',
			'/mes-inscriptions/2708000012X/modifier',
			'/inscription?examen=BCP&session=2027&academie=08'
		]) {
			const url = new URL(page, ORIGIN);
			const address = loginAddress(url);
			expect(address.startsWith('/me-connecter?suite=')).toBe(true);
			expect(landing(address)).toBe(page);
			expect(landing(loginAddress(url, true))).toBe(page);
		}
	});

	it('says why when the session expired', () => {
		expect(loginAddress({ pathname: '/inscription/BCP/2027/08', search: '' }, true)).toBe(
			'/me-connecter?suite=%2Finscription%2FBCP%2F2027%2F08&session=expiree'
		);
	});

	it('a page address that would lead elsewhere is refused by the login page all the same', () => {
		// A path is all a page has; even a crafted one (`//evil.example`) never leaves the site.
		expect(landing(loginAddress({ pathname: '//evil.example/', search: '' }))).toBe('/espace-candidat');
		expect(landing(loginAddress({ pathname: '/\\evil.example', search: '' }))).toBe('/espace-candidat');
	});
});
