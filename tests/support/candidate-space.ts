// Shared steps of the « Mes inscriptions » and documents tests (SPEC R8–R12, D1–D3): a registration made
// through the API (when the form is not what is tested), the candidate menu, a second device,
// console errors, axe, the text of a PDF, and small real files to upload.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { AppServer } from './app-server';
import { logIn, type Person } from './accounts';
import { definition } from './registration';
import { pngImage } from '../../src/lib/server/documents/fixtures/images';

export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Bac pro 2027 in Grenoble (open in the demonstration data). */
export const GRENOBLE_2027 = { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08' };

/** What the form of the registration tests fills: commerce, option A, English and Spanish, individual, no accommodation. */
export const CONTENT = {
	choice: { specialtyCode: 'MCV', optionCode: 'A', languages: { E41: 'en', E42: 'es' }, optionalUnits: [] as string[] },
	situation: { category: 'individual', lastDiploma: 'cap', lastDiplomaYear: '2022', currentActivity: 'employed', trainingOrganisation: '' },
	priorResults: { keptMarks: [] as unknown[], diploma: { held: false, name: '', level: '', year: '' }, declined: [] as string[] },
	accommodations: { applied: 'no' }
};
export type Content = typeof CONTENT;

export const OPTION_A = 'Option A – Animation et gestion de l’espace commercial';
export const OPTION_B = 'Option B – Prospection clientèle et valorisation de l’offre commerciale';

let keys = 0;
/** A fresh Idempotency-Key (16 to 100 letters, digits, « - » or « _ »). */
export function idempotencyKey(label: string): string {
	keys += 1;
	return `${label}-${Date.now().toString(36)}-${keys}-0000000000`;
}

export interface Saved {
	registrationNumber: string;
	candidateNumber: string;
	version: number;
}

/** « Enregistrer » as the wizard sends it, with the page's session: a new registration. */
export async function registerByApi(page: Page, app: AppServer, content: Content = CONTENT): Promise<Saved> {
	const response = await page.request.post(app.url('/api/inscriptions'), {
		headers: { 'Idempotency-Key': idempotencyKey('creation') },
		data: { ...GRENOBLE_2027, content }
	});
	expect(response.status(), await response.text()).toBe(201);
	return (await response.json()) as Saved;
}

/** « Modifier » then « Enregistrer » as the wizard sends it (If-Match: the version it started from). */
export async function modifyByApi(
	page: Page,
	app: AppServer,
	registrationNumber: string,
	ifMatch: number,
	content: Content
): Promise<Saved> {
	const response = await page.request.put(app.url(`/api/inscriptions/${registrationNumber}`), {
		headers: { 'Idempotency-Key': idempotencyKey('modification'), 'If-Match': `"${ifMatch}"` },
		data: { ...GRENOBLE_2027, content }
	});
	expect(response.status(), await response.text()).toBe(200);
	return (await response.json()) as Saved;
}

export function candidateMenu(page: Page): Locator {
	return page.getByRole('navigation', { name: 'Menu candidat' });
}

export function numberTab(page: Page): Locator {
	return page.getByRole('region', { name: 'N°Inscription' });
}

/** The facts at the top of a registration's page (N° candidat, N° inscription, Version…). */
export function fact(page: Page, term: string): Locator {
	return definition(page.getByRole('main'), term).first();
}

/** « M’inscrire » with Bac pro 2027 and an académie chosen, through the page's own form. */
export async function chooseExam(page: Page, academy = 'Grenoble'): Promise<void> {
	await candidateMenu(page).getByRole('link', { name: 'M’inscrire', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'M’inscrire' })).toBeVisible();
	const main = page.getByRole('main');
	await main.getByRole('combobox', { name: /^Examen/ }).selectOption({ label: 'Baccalauréat professionnel' });
	await main.getByRole('combobox', { name: /^Session/ }).selectOption({ label: 'Session 2027' });
	await main.getByRole('combobox', { name: /^Académie de résidence/ }).selectOption({ label: academy });
	await main.getByRole('button', { name: 'Voir les dates d’inscription' }).click();
}

/** The same candidate on another device: a new browser context, logged in. */
export async function secondDevice(browser: Browser, app: AppServer, candidate: Person): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await logIn(page, app, candidate.email, candidate.password);
	await expect(page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	return page;
}

/** Console errors and uncaught exceptions of the page from now on, except those `ignore` matches. */
export function collectErrors(page: Page, ignore?: RegExp): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error' && !(ignore && ignore.test(message.text()))) errors.push(`${page.url()}: ${message.text()}`);
	});
	page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
	return errors;
}

export async function expectNoAxeViolation(page: Page, where: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	expect(
		results.violations.map((violation) => ({
			id: violation.id,
			help: violation.help,
			targets: violation.nodes.map((node) => node.target.join(' '))
		})),
		where
	).toEqual([]);
}

/** The text of each page of a PDF, as pdf.js reads it (no poppler on CI). */
export async function pdfPages(bytes: Uint8Array | Buffer): Promise<string[]> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
	try {
		const pages: string[] = [];
		for (let number = 1; number <= pdf.numPages; number++) {
			const page = await pdf.getPage(number);
			const text = await page.getTextContent();
			pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
		}
		return pages;
	} finally {
		await pdf.destroy();
	}
}

// ─── Files to upload ───

/** The JPEG photo of the unit tests. */
export function photoJpeg(): Buffer {
	return fs.readFileSync(path.resolve('src/lib/server/documents/fixtures/photo.jpg'));
}

/** A real one-page PDF made with pdf-lib. */
export async function smallPdf(text: string): Promise<Buffer> {
	const document = await PDFDocument.create();
	document.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
	return Buffer.from(await document.save());
}

/** A real PNG: grey pixels, 8-bit greyscale. */
export function smallPng(width = 40, height = 30): Buffer {
	return pngImage(width, height);
}
