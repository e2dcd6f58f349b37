// Shared steps of the admin view's tests (SPEC M1): managers written straight into the server's
// database (the CLI has its own test), and logging in through « Espace gestionnaire ».
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/index';
import { createManager } from '../../src/lib/server/managers/accounts';
import type { ManagerRole } from '../../src/lib/domain/manager';
import type { AppServer } from './app-server';
import { passwordInput, uniqueEmail } from './accounts';

export interface TestManager {
	email: string;
	password: string;
	role: ManagerRole;
	academyCodes: string[];
}

export const GRENOBLE = '08';
export const LYON = '10';
export const RENNES = '14';

/** A manager of these académies (or an administrator with `role: 'administrator'`), with a password. */
export async function addManager(
	app: AppServer,
	options: { role?: ManagerRole; academyCodes?: string[]; label?: string } = {}
): Promise<TestManager> {
	const manager: TestManager = {
		email: uniqueEmail(options.label ?? 'gestionnaire'),
		password: 'Une phrase de passe assez longue',
		role: options.role ?? 'manager',
		academyCodes: options.role === 'administrator' ? [] : (options.academyCodes ?? [GRENOBLE])
	};
	const db = openDatabase(path.join(app.dataDir, 'portail.sqlite'));
	try {
		const result = await createManager(db, { ...manager }, new Date());
		if (result.status !== 'created') throw new Error(`manager not created: ${result.status}`);
	} finally {
		db.$client.close();
	}
	return manager;
}

/** Logs in through /admin/connexion with the password (no second factor on). */
export async function logInAsManager(page: Page, app: AppServer, manager: Pick<TestManager, 'email' | 'password'>): Promise<void> {
	await page.goto(app.url('/admin/connexion'));
	await page.getByLabel('Adresse mail professionnelle').fill(manager.email);
	await passwordInput(page, 'Mot de passe').fill(manager.password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('navigation', { name: 'Menu gestionnaire' })).toBeVisible();
}
