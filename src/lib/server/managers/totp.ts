// The second factor (SPEC M1): TOTP as RFC 6238 defines it (30 s, 6 digits, SHA-1: what every
// authenticator app reads), enrolled by QR code, plus single-use recovery codes. Each code is
// accepted once: the last accepted time step is stored.
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, isNull } from 'drizzle-orm';
import { renderSVG } from 'uqr';
import type { Db, Executor } from '../db';
import { managerRecoveryCodes, managers } from '../db/schema';
import { hashToken, randomString } from '../auth/tokens';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const RECOVERY_CODE_COUNT = 8;
// No 0/O, 1/I/L: read from paper and typed by hand.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new random key (160 bits, RFC 4226's recommendation), as the base32 text the apps accept. */
export function newTotpKey(): string {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return encodeBase32UpperCaseNoPadding(key);
}

/** The key grouped by four for reading and typing: « ABCD EFGH … ». */
export function formatTotpKey(key: string): string {
	return key.replace(/(.{4})/g, '$1 ').trim();
}

export function totpUri(key: string, email: string, issuer: string): string {
	return createTOTPKeyURI(issuer, email, decodeBase32IgnorePadding(key), PERIOD_SECONDS, DIGITS);
}

/** The enrolment QR code as inline SVG (no network, no canvas). */
export function totpQrSvg(uri: string): string {
	return renderSVG(uri, { border: 2, pixelSize: 6 });
}

function timeStep(now: Date): number {
	return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

/** The code an app shows at `now` (used by tests and by nothing else in production). */
export function totpCodeAt(key: string, now: Date): string {
	return generateHOTP(decodeBase32IgnorePadding(key), BigInt(timeStep(now)), DIGITS);
}

/**
 * The time step a code belongs to, within one step either side (clocks drift), and only if it is
 * later than the last accepted one (a code is used once); else null.
 */
export function matchingStep(key: string, code: string, now: Date, lastStep: number | null): number | null {
	const digits = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(digits)) return null;
	const bytes = decodeBase32IgnorePadding(key);
	const current = timeStep(now);
	for (const step of [current - 1, current, current + 1]) {
		if (lastStep !== null && step <= lastStep) continue;
		if (generateHOTP(bytes, BigInt(step), DIGITS) === digits) return step;
	}
	return null;
}

/** Turns the second factor on with the key shown at enrolment, once the app's first code matches. */
export function enableTotp(db: Db, managerId: string, key: string, code: string, now: Date): { recoveryCodes: string[] } | null {
	const step = matchingStep(key, code, now, null);
	if (step === null) return null;
	return db.transaction((tx) => {
		tx.update(managers).set({ totpKey: key, totpEnabledAt: now, totpLastStep: step }).where(eq(managers.id, managerId)).run();
		return { recoveryCodes: replaceRecoveryCodes(tx, managerId) };
	});
}

/** New recovery codes, shown once; the previous ones stop working. */
export function replaceRecoveryCodes(tx: Executor, managerId: string): string[] {
	tx.delete(managerRecoveryCodes).where(eq(managerRecoveryCodes.managerId, managerId)).run();
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const text = randomString(RECOVERY_ALPHABET, 10);
		return `${text.slice(0, 5)}-${text.slice(5)}`;
	});
	for (const code of codes)
		tx.insert(managerRecoveryCodes)
			.values({ managerId, codeHash: hashToken(code) })
			.run();
	return codes;
}

export function remainingRecoveryCodes(db: Executor, managerId: string): number {
	return db
		.select({ codeHash: managerRecoveryCodes.codeHash })
		.from(managerRecoveryCodes)
		.where(and(eq(managerRecoveryCodes.managerId, managerId), isNull(managerRecoveryCodes.usedAt)))
		.all().length;
}

/**
 * Checks a code at login: a TOTP code of a later step than the last one accepted, or an unused
 * recovery code (which is then spent). One transaction: two requests cannot both use one code.
 */
export function verifySecondFactor(db: Db, managerId: string, code: string, now: Date): 'totp' | 'recovery' | null {
	return db.transaction(
		(tx) => {
			const manager = tx.select().from(managers).where(eq(managers.id, managerId)).get();
			if (!manager?.totpKey || !manager.totpEnabledAt) return null;
			const step = matchingStep(manager.totpKey, code, now, manager.totpLastStep);
			if (step !== null) {
				tx.update(managers).set({ totpLastStep: step }).where(eq(managers.id, managerId)).run();
				return 'totp' as const;
			}
			const recovery = code.trim().toUpperCase().replace(/\s/g, '');
			const normalized = recovery.length === 10 ? `${recovery.slice(0, 5)}-${recovery.slice(5)}` : recovery;
			const spent = tx
				.update(managerRecoveryCodes)
				.set({ usedAt: now })
				.where(
					and(
						eq(managerRecoveryCodes.managerId, managerId),
						eq(managerRecoveryCodes.codeHash, hashToken(normalized)),
						isNull(managerRecoveryCodes.usedAt)
					)
				)
				.run().changes;
			return spent === 1 ? ('recovery' as const) : null;
		},
		{ behavior: 'immediate' }
	);
}
