import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

// Debian's Chromium, never a browser downloaded by Playwright (no download is possible here).
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	// Without these, Chromium floods the closed network with refused connections.
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * A persistent Chromium profile on a fresh user-data folder (a first visit on a new phone), removed
 * on close. Playwright's default context is incognito-like, where Chromium reports the app as not
 * installable and service workers do not outlive the context.
 */
export async function launchProfile() {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-profile-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: chromiumPath(),
		args: CHROMIUM_ARGS,
		headless: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris'
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		}
	};
}
