// Settings an administrator changes in the application, one row per key.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { appSettings } from '../db/schema';

export interface AppSettings {
	/** SPEC M1: an administrator can require the second factor (TOTP) for every manager. */
	'totp-required': boolean;
}

const DEFAULTS: AppSettings = { 'totp-required': false };

export function readSetting<K extends keyof AppSettings>(db: Executor, key: K): AppSettings[K] {
	const row = db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).get();
	return row ? (row.value as AppSettings[K]) : DEFAULTS[key];
}

export function writeSetting<K extends keyof AppSettings>(tx: Executor, key: K, value: AppSettings[K], now: Date): void {
	tx.insert(appSettings)
		.values({ key, value, changedAt: now })
		.onConflictDoUpdate({ target: appSettings.key, set: { value, changedAt: now } })
		.run();
}
