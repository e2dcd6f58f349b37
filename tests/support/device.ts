// A person's first steps on a device, shared by the offline suites (SPEC O2, S2): the home page
// typed once, « Me connecter » by the header's link, and the network gone for real.
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { hydrated, submitLogin, type Person } from './accounts';
import type { AppServer } from './app-server';

/** The network is gone: no server process, and the browser offline. */
export async function goOffline(server: AppServer, context: BrowserContext): Promise<void> {
	await server.stop();
	await expect(fetch(server.url('/'))).rejects.toThrow();
	await context.setOffline(true);
}

/** The home page, the only typed address; the worker installs and takes control of this very page. */
export async function openHome(page: Page, server: AppServer): Promise<void> {
	await page.goto(server.url('/'));
	await expect(page.getByRole('heading', { level: 1, name: 'Portail candidat' })).toBeVisible();
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { message: 'the worker controls the first page' })
		.toBe(true);
}

/** « Me connecter » from the header's menu, then the login form; the server redirects to « Mon espace ». */
export async function logInByLinks(page: Page, candidate: Person): Promise<void> {
	await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Me connecter', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Me connecter' })).toBeVisible();
	await hydrated(page);
	await submitLogin(page, candidate.email, candidate.password);
	await expect(page.getByRole('heading', { level: 1, name: 'Mon espace candidat' })).toBeVisible();
}
