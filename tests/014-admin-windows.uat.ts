// Registration windows and exam offices in « Espace gestionnaire » (SPEC M2, P1, R15), on a
// production-like server (no demonstration windows): nothing is open until an administrator opens
// it, and then « Ouverture des services » shows it at once. A manager works only on their
// académies' windows (another académie's window answers 404); an office saved by an administrator
// loses its « à confirmer » marks.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openDatabase } from './support/accounts';
import { addManager, GRENOBLE, LYON, logInAsManager, RENNES, type TestManager } from './support/admin';
import { useAppServer } from './support/app-server';

const app = useAppServer({ env: { DEMO: '0' } });

let administrator: TestManager;
let grenobleManager: TestManager;

test.beforeAll(async () => {
	administrator = await addManager(app, { role: 'administrator', label: 'fenetres.admin' });
	grenobleManager = await addManager(app, { academyCodes: [GRENOBLE], label: 'fenetres.grenoble' });
});

test.afterEach(async ({}, testInfo) => {
	if (testInfo.status !== testInfo.expectedStatus)
		await testInfo.attach('server output', { body: app.output(), contentType: 'text/plain' });
});

async function expectNoViolation(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(results.violations).toEqual([]);
}

/** A day on Paris's calendar, `days` from today, as a date input holds it (2026-12-02). */
function parisDay(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
		new Date(Date.now() + days * 86_400_000)
	);
}

/** How « Ouverture des services » shows a Paris-time instant: « mercredi 2 décembre 2026 à 09:00 ». */
function publicText(day: string, time: string): string {
	const [year, month, date] = day.split('-').map(Number);
	const [hour, minute] = time.split(':').map(Number);
	// Paris wall-clock → instant: try both offsets (UTC+1 in winter, UTC+2 in summer).
	const instant = [1, 2]
		.map((offset) => new Date(Date.UTC(year, month - 1, date, hour - offset, minute)))
		.find(
			(candidate) =>
				new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(candidate) === time
		)!;
	return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' }).format(instant);
}

const sideNav = (page: Page) => page.getByRole('navigation', { name: 'Menu gestionnaire' });

async function openNewWindowForm(page: Page) {
	await sideNav(page).getByRole('link', { name: 'Fenêtres d’inscription' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Fenêtres d’inscription' })).toBeVisible();
	await page.getByRole('link', { name: 'Nouvelle fenêtre' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle fenêtre d’inscription' })).toBeVisible();
}

async function fillWindow(
	page: Page,
	window: { academy: string; opensDate: string; opensTime?: string; closesDate: string; closesTime?: string; audience?: string }
) {
	await page.getByLabel('Académie').selectOption({ label: window.academy });
	await page.getByLabel('Examen').selectOption({ label: 'Baccalauréat professionnel' });
	await page.getByLabel('Session').selectOption({ label: 'Session 2027' });
	await page.getByRole('radio', { name: window.audience ?? 'Grand public' }).check();
	await page.getByLabel('Date d’ouverture').fill(window.opensDate);
	await page.getByLabel('Heure d’ouverture').fill(window.opensTime ?? '09:00');
	await page.getByLabel('Date de fermeture').fill(window.closesDate);
	await page.getByLabel('Heure de fermeture').fill(window.closesTime ?? '17:00');
}

/** A window written straight into the server's database: another académie's, for the scope tests. */
function insertWindow(academyCode: string, code: string, opensAt: Date, closesAt: Date): number {
	const db = openDatabase(app);
	try {
		const result = db
			.prepare(
				"INSERT INTO registration_windows (code, exam_domain_code, session_year, academy_code, audience, opens_at, closes_at) VALUES (?, 'CAP', 2027, ?, 'public', ?, ?)"
			)
			.run(code, academyCode, opensAt.getTime(), closesAt.getTime());
		return Number(result.lastInsertRowid);
	} finally {
		db.close();
	}
}

function windowCount(id: number): number {
	const db = openDatabase(app);
	try {
		return (db.prepare('SELECT count(*) AS n FROM registration_windows WHERE id = ?').get(id) as { n: number }).n;
	} finally {
		db.close();
	}
}

test('M2: an administrator creates a Lyon window that then shows on « Ouverture des services »', async ({ page, browser }) => {
	const opensDate = parisDay(-1);
	const closesDate = parisDay(30);

	// Before: in production nothing is open in Lyon.
	const visitor = await browser.newPage();
	const lookUp = async () => {
		await visitor.goto(app.url('/'));
		await visitor.getByRole('banner').getByRole('link', { name: 'Ouverture des services' }).click();
		await expect(visitor.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();
		await visitor.getByLabel(/^Examen/).selectOption({ label: 'Baccalauréat professionnel' });
		await visitor.getByLabel(/^Session/).selectOption({ label: 'Session 2027' });
		await visitor.getByLabel(/^Académie ou centre d’examen/).selectOption({ label: 'Lyon' });
		await visitor.getByRole('button', { name: 'Afficher les périodes' }).click();
		return visitor.getByRole('region', { name: 'Baccalauréat professionnel, session 2027 – Académie de Lyon' });
	};
	await expect(await lookUp()).toContainText('Aucun service n’est ouvert pour ce choix.');

	await logInAsManager(page, app, administrator);
	await openNewWindowForm(page);
	await expect(page.getByText('À l’heure de l’académie choisie.').first()).toBeVisible();
	await fillWindow(page, { academy: 'Lyon', opensDate, closesDate });
	// R15: the hint names the académie's clock.
	await expect(page.getByLabel('Heure d’ouverture')).toHaveAccessibleDescription('À l’heure de l’académie : heure de Paris.');
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Fenêtres d’inscription' })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('La fenêtre d’inscription est créée.');
	// The list is filtered on what was created, in the URL.
	await expect(page).toHaveURL(/academie=10&domaine=BCP&session=2027/);
	const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Lyon' }) });
	await expect(row).toHaveCount(1);
	const [year, month, day] = opensDate.split('-');
	await expect(row).toContainText(`${day}/${month}/${year} à 09:00`);
	await expect(row).toContainText('heure de Paris');
	await expect(row).toContainText('Grand public');
	await expect(row).toContainText('ouvert');

	// At once, for anyone: the window and its dates, on the académie's clock.
	const result = await lookUp();
	await expect(result.getByText('Service ouvert', { exact: true })).toBeVisible();
	await expect(result.getByRole('definition')).toHaveText([publicText(opensDate, '09:00'), publicText(closesDate, '17:00')]);
	await visitor.close();
});

test('M2: overlapping or reversed windows are refused with a message next to the field', async ({ page }) => {
	// Several pages, each checked by axe.
	test.slow();
	await logInAsManager(page, app, administrator);
	await openNewWindowForm(page);

	// Reversed: the closing before the opening.
	await fillWindow(page, { academy: 'Rennes', opensDate: '2027-03-10', closesDate: '2027-03-01' });
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();
	const closing = page.getByLabel('Date de fermeture');
	await expect(closing).toHaveAttribute('aria-invalid', 'true');
	await expect(closing).toHaveAccessibleDescription(/La fermeture doit être après l’ouverture\./);
	await expect(closing).toBeFocused();

	// A first window, then one overlapping it for the same académie, exam, session and audience.
	await closing.fill('2027-03-20');
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();
	await expect(page.getByRole('status')).toHaveText('La fenêtre d’inscription est créée.');
	await page.getByRole('link', { name: 'Nouvelle fenêtre' }).click();
	await fillWindow(page, { academy: 'Rennes', opensDate: '2027-03-15', closesDate: '2027-04-15' });
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();
	const opening = page.getByLabel('Date d’ouverture');
	await expect(opening).toHaveAttribute('aria-invalid', 'true');
	await expect(opening).toHaveAccessibleDescription(
		/Cette période chevauche une autre fenêtre du même public pour cet examen et cette session \(du 10\/03\/2027 à 09:00 au 20\/03\/2027 à 17:00\)/
	);
	await expectNoViolation(page);

	// The same period for schools is another audience: accepted.
	await page.getByRole('radio', { name: 'Scolaire' }).check();
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();
	await expect(page.getByRole('status')).toHaveText('La fenêtre d’inscription est créée.');
	const rennes = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Rennes' }) });
	await expect(rennes).toHaveCount(2);
	await expect(rennes.filter({ hasText: 'Scolaire' })).toHaveCount(1);

	const db = openDatabase(app);
	try {
		const windows = db.prepare('SELECT audience FROM registration_windows WHERE academy_code = ? ORDER BY id').all(RENNES);
		expect(windows).toEqual([{ audience: 'public' }, { audience: 'school' }]);
	} finally {
		db.close();
	}
});

test('M2: a Grenoble manager cannot see or open a Lyon window (404)', async ({ page }) => {
	const lyonId = insertWindow(LYON, 'CAP-2027-10-GP-TEST01', new Date('2027-01-04T08:00:00Z'), new Date('2027-02-01T16:00:00Z'));
	const grenobleId = insertWindow(GRENOBLE, 'CAP-2027-08-GP-TEST01', new Date('2027-01-04T08:00:00Z'), new Date('2027-02-01T16:00:00Z'));

	await logInAsManager(page, app, grenobleManager);
	await sideNav(page).getByRole('link', { name: 'Fenêtres d’inscription' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Fenêtres d’inscription' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Grenoble' })).toHaveCount(1);
	await expect(page.getByRole('rowheader', { name: 'Lyon' })).toHaveCount(0);
	// Only Grenoble to filter on, or to create a window for.
	await expect(page.getByLabel('Académie').locator('option')).toHaveText(['Toutes', 'Grenoble']);
	// Asking for Lyon in the address shows nothing of it.
	await page.goto(app.url(`/admin/fenetres?academie=${LYON}`));
	await expect(page.getByRole('rowheader', { name: 'Lyon' })).toHaveCount(0);

	// Its own window opens; Lyon's answers 404, like a window that does not exist.
	await page.goto(app.url('/admin/fenetres'));
	await page.getByRole('link', { name: /^Modifier la fenêtre Grand public CAP 2027 de Grenoble/ }).click();
	await expect(page).toHaveURL(app.url(`/admin/fenetres/${grenobleId}`));
	await expect(page.getByLabel('Date d’ouverture')).toHaveValue('2027-01-04');
	await expect(page.getByLabel('Heure d’ouverture')).toHaveValue('09:00');
	const lyonPage = await page.goto(app.url(`/admin/fenetres/${lyonId}`));
	expect(lyonPage?.status()).toBe(404);
	const unknown = await page.goto(app.url('/admin/fenetres/999999'));
	expect(unknown?.status()).toBe(404);

	// Nor can it be deleted or changed by a forged post.
	const origin = app.url('/').replace(/\/$/, '');
	for (const action of ['supprimer', 'enregistrer']) {
		const response = await page.request.post(app.url(`/admin/fenetres/${lyonId}?/${action}`), {
			headers: { origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
			form: {
				academyCode: GRENOBLE,
				examDomainCode: 'CAP',
				sessionYear: '2027',
				audience: 'public',
				opensDate: '2027-03-01',
				opensTime: '09:00',
				closesDate: '2027-03-02',
				closesTime: '17:00'
			}
		});
		const body = await response.text();
		expect(response.status() === 404 || body.includes('"status":404'), `${action}: ${response.status()} ${body}`).toBe(true);
	}
	expect(windowCount(lyonId)).toBe(1);
});

test('M2: an office saved in the admin view loses « à confirmer »', async ({ page }) => {
	// Several pages, each checked by axe.
	test.slow();
	await logInAsManager(page, app, administrator);
	await sideNav(page).getByRole('link', { name: 'Services des examens' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Services des examens' })).toBeVisible();
	await page.getByLabel('Académie ou centre').selectOption({ label: 'Lyon' });
	await page.getByLabel('Examen').selectOption({ label: 'Baccalauréat professionnel' });
	await page.getByLabel('Session').selectOption({ label: '2027' });
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page).toHaveURL(/academie=10&domaine=BCP&session=2027/);
	const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Lyon' }) });
	await expect(row).toHaveCount(1);
	await expect(row.getByText('à confirmer', { exact: true })).toHaveCount(4);
	await expectNoViolation(page);

	await row.getByRole('link', { name: 'Modifier le service Bac pro 2027 de Lyon' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Service des examens' })).toBeVisible();
	await expect(page.getByLabel('Nom du service (à confirmer)')).toBeVisible();
	await expect(page.getByLabel('Adresse mail (à confirmer)')).toHaveValue('examens-bacpro.lyon@example.org');
	await expectNoViolation(page);

	// A mistake first: refused next to the field.
	await page.getByLabel('Adresse mail (à confirmer)').fill('dec3');
	await page.getByRole('button', { name: 'Enregistrer et confirmer' }).click();
	await expect(page.getByLabel('Adresse mail (à confirmer)')).toHaveAccessibleDescription(/Indiquez une adresse mail valide/);

	await page.getByLabel('Nom du service (à confirmer)').fill('DEC 3 – Baccalauréat professionnel');
	await page.getByLabel('Lignes d’adresse').fill('Rectorat de l’académie de Lyon\nDEC 3\n92 rue de Marseille');
	await page.getByLabel('Adresse mail (à confirmer)').fill('dec3@ac-lyon.fr');
	await page.getByLabel('Téléphone (à confirmer)').fill('04 72 80 60 60');
	await page.getByLabel(/^Date limite de réception/).fill('2027-01-22');
	await page.getByLabel(/^Adresse de la circulaire/).fill('https://www.ac-lyon.fr/examens/amenagements');
	await page.getByRole('button', { name: 'Enregistrer et confirmer' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Services des examens' })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('Les coordonnées du service sont enregistrées et confirmées.');
	const saved = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Lyon' }) });
	await expect(saved).toContainText('dec3@ac-lyon.fr');
	await expect(saved).toContainText('22/01/2027');
	await expect(saved.getByText('à confirmer')).toHaveCount(0);
	await saved.getByRole('link', { name: /^Modifier le service/ }).click();
	await expect(page.getByRole('textbox', { name: 'Nom du service', exact: true })).toHaveValue('DEC 3 – Baccalauréat professionnel');
	await expect(page.getByText('à confirmer')).toHaveCount(0);

	const db = openDatabase(app);
	try {
		const office = db
			.prepare("SELECT illustrative_fields, changed_in_app_at FROM exam_offices WHERE academy_code = '10' AND exam_domain_code = 'BCP'")
			.get() as { illustrative_fields: string; changed_in_app_at: number | null };
		expect(JSON.parse(office.illustrative_fields)).toEqual([]);
		expect(office.changed_in_app_at).not.toBeNull();
		const audit = db.prepare("SELECT action, subject_id FROM audit_events WHERE action = 'exam-office.changed'").all();
		expect(audit).toEqual([{ action: 'exam-office.changed', subject_id: '10/BCP/2027' }]);
	} finally {
		db.close();
	}
});

test('M2: an administrator adds a session; a manager does not see « Services des examens »', async ({ page, browser }) => {
	await logInAsManager(page, app, administrator);
	await sideNav(page).getByRole('link', { name: 'Services des examens' }).click();
	await page.getByRole('link', { name: 'Sessions des examens' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Sessions des examens' })).toBeVisible();
	await expectNoViolation(page);
	await page.getByLabel('Examen').selectOption({ label: 'Baccalauréat professionnel' });
	await page.getByLabel('Année de la session').fill('2027');
	await page.getByRole('button', { name: 'Ajouter la session' }).click();
	await expect(page.getByLabel('Année de la session')).toHaveAccessibleDescription(/Cette session existe déjà pour cet examen\./);
	await page.getByLabel('Année de la session').fill('2028');
	await page.getByRole('button', { name: 'Ajouter la session' }).click();
	await expect(page.getByText(/^La session est ajoutée\./)).toBeVisible();
	await expect(page.getByRole('row', { name: 'Baccalauréat professionnel 2028' })).toHaveCount(1);

	// Its offices are carried over « à confirmer », and windows can now be opened for it.
	await page.goto(app.url('/admin/services?academie=10&domaine=BCP&session=2028'));
	await expect(
		page
			.getByRole('row')
			.filter({ has: page.getByRole('rowheader', { name: 'Lyon' }) })
			.getByText('à confirmer')
	).toHaveCount(4);

	const manager = await browser.newPage();
	await logInAsManager(manager, app, grenobleManager);
	await expect(sideNav(manager).getByRole('link', { name: 'Services des examens' })).toHaveCount(0);
	for (const path of ['/admin/services', '/admin/services/sessions', '/admin/services/08/BCP/2027']) {
		expect((await manager.goto(app.url(path)))?.status(), path).toBe(404);
	}
	await manager.close();
});

test('M2: the window pages have no accessibility violation', async ({ page }) => {
	// Several pages, each checked by axe.
	test.slow();
	await logInAsManager(page, app, grenobleManager);
	await sideNav(page).getByRole('link', { name: 'Fenêtres d’inscription' }).click();
	await expectNoViolation(page);
	await page.getByRole('link', { name: 'Nouvelle fenêtre' }).click();
	// A single académie is chosen already, and its clock named.
	await expect(page.getByLabel('Académie')).toHaveValue(GRENOBLE);
	await expect(page.getByLabel('Heure d’ouverture')).toHaveAccessibleDescription('À l’heure de l’académie : heure de Paris.');
	await expectNoViolation(page);
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();
	await expect(page.getByLabel('Examen')).toHaveAttribute('aria-invalid', 'true');
	await expectNoViolation(page);

	await fillWindow(page, { academy: 'Grenoble', opensDate: '2027-05-03', closesDate: '2027-05-14' });
	await page.getByRole('button', { name: 'Créer la fenêtre' }).click();
	await expect(page.getByRole('status')).toHaveText('La fenêtre d’inscription est créée.');
	const mine = /^Modifier la fenêtre Grand public Bac pro 2027 de Grenoble ouvrant le 03\/05\/2027/;
	await page.getByRole('link', { name: mine }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier la fenêtre d’inscription' })).toBeVisible();
	await expectNoViolation(page);

	// Changed, then deleted: the list says so each time.
	await page.getByLabel('Heure de fermeture').fill('18:00');
	await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
	await expect(page.getByRole('status')).toHaveText('La fenêtre d’inscription est modifiée.');
	await expect(page.getByRole('row').filter({ hasText: '14/05/2027 à 18:00' })).toHaveCount(1);
	await page.getByRole('link', { name: mine }).click();
	// Not without saying so: the deletion cannot be undone.
	await page.getByRole('button', { name: 'Supprimer cette fenêtre' }).click();
	await expect(page.getByText('Cochez la case pour confirmer la suppression de cette fenêtre.')).toBeVisible();
	await expect(page.getByRole('checkbox', { name: 'Je confirme la suppression de cette fenêtre' })).toHaveAccessibleDescription(
		'Cochez la case pour confirmer la suppression de cette fenêtre.'
	);
	await expectNoViolation(page);
	await page.getByRole('checkbox', { name: 'Je confirme la suppression de cette fenêtre' }).check();
	await page.getByRole('button', { name: 'Supprimer cette fenêtre' }).click();
	await expect(page.getByRole('status')).toHaveText('La fenêtre d’inscription est supprimée.');
	await expect(page.getByRole('link', { name: mine })).toHaveCount(0);
});
