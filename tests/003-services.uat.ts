// « Ouverture des services » (SPEC P1, R15) on the demonstration data (seed.ts, demoWindowState):
// Bac pro 2027 is open in Grenoble, upcoming in Lille, closed in Nice; CAP has no window in Corse.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { useAppServer } from './support/app-server';

const suiteStart = new Date();
const app = useAppServer({ env: { DEMO: '1' } });

const PATH = '/ouverture-des-services';
const NO_SERVICE = 'Aucun service n’est ouvert pour ce choix.';

type State = 'open' | 'upcoming' | 'closed';

/** The demonstration periods, written out again here: days from the académie's today, 09:00 to 17:00. */
const DEMO_DAYS: Record<State, { opens: number; closes: number }> = {
	open: { opens: -14, closes: 40 },
	upcoming: { opens: 10, closes: 60 },
	closed: { opens: -60, closes: -5 }
};
const STATE_TEXT: Record<State, string> = {
	open: 'Service ouvert',
	upcoming: 'Service à venir',
	closed: 'Service fermé'
};

interface Choice {
	title: string;
	domain: string;
	domainCode: string;
	academy: string;
	academyCode: string;
	academyFullName: string;
	/** null: no window for this choice. */
	state: State | null;
}

const CHOICES: Choice[] = [
	{
		title: 'an open window (Grenoble)',
		domain: 'Baccalauréat professionnel',
		domainCode: 'BCP',
		academy: 'Grenoble',
		academyCode: '08',
		academyFullName: 'Académie de Grenoble',
		state: 'open'
	},
	{
		title: 'an upcoming window (Lille)',
		domain: 'Baccalauréat professionnel',
		domainCode: 'BCP',
		academy: 'Lille',
		academyCode: '09',
		academyFullName: 'Académie de Lille',
		state: 'upcoming'
	},
	{
		title: 'a closed window (Nice)',
		domain: 'Baccalauréat professionnel',
		domainCode: 'BCP',
		academy: 'Nice',
		academyCode: '23',
		academyFullName: 'Académie de Nice',
		state: 'closed'
	},
	{
		title: 'no window (CAP in Corse)',
		domain: 'Certificat d’aptitude professionnelle',
		domainCode: 'CAP',
		academy: 'Corse',
		academyCode: '27',
		academyFullName: 'Académie de Corse',
		state: null
	}
];

/** « lundi 4 janvier 2027 à 09:00 », computed from the académie's date at `at`. */
function demoInstant(at: Date, timeZone: string, days: number, time: string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })
			.formatToParts(at)
			.map((part) => [part.type, Number(part.value)])
	);
	const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days));
	return `${new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', dateStyle: 'full' }).format(date)} à ${time}`;
}

/** The opening and closing texts the page may show: the server seeded its windows on its start
 * day, so both the suite's start and now are accepted (a run across midnight). */
function expectedPeriods(state: State, timeZone = 'Europe/Paris', zoneSuffix = ''): string[][] {
	const { opens, closes } = DEMO_DAYS[state];
	return [suiteStart, new Date()].map((at) => [
		demoInstant(at, timeZone, opens, '09:00') + zoneSuffix,
		demoInstant(at, timeZone, closes, '17:00') + zoneSuffix
	]);
}

const domainSelect = (page: Page) => page.getByLabel(/^Examen/);
const sessionSelect = (page: Page) => page.getByLabel(/^Session/);
const academySelect = (page: Page) => page.getByLabel(/^Académie ou centre d’examen/);
const submitButton = (page: Page) => page.getByRole('button', { name: 'Afficher les périodes' });
const resultRegion = (page: Page, choice: Pick<Choice, 'domain' | 'academyFullName'>) =>
	page.getByRole('region', { name: `${choice.domain}, session 2027 – ${choice.academyFullName}` });
const queryOf = (choice: Choice) => `?domaine=${choice.domainCode}&session=2027&academie=${choice.academyCode}`;

async function expectDates(result: Locator, expected: string[][]) {
	await expect(result.getByRole('term')).toHaveText(['Ouverture', 'Fermeture']);
	const shown = await result.getByRole('definition').allTextContents();
	expect(expected).toContainEqual(shown.map((text) => text.trim()));
}

/** The result of a choice, as the page shows it after the form or from the shared URL. */
async function expectResult(page: Page, choice: Choice) {
	const result = resultRegion(page, choice);
	await expect(result).toBeVisible();
	// The form keeps the choice, so it can be changed from there.
	await expect(domainSelect(page)).toHaveValue(choice.domainCode);
	await expect(sessionSelect(page)).toHaveValue('2027');
	await expect(academySelect(page)).toHaveValue(choice.academyCode);
	const otherStates = Object.values(STATE_TEXT).filter((text) => choice.state === null || text !== STATE_TEXT[choice.state]);
	for (const text of otherStates) await expect(result.getByText(text, { exact: true })).toHaveCount(0);
	if (choice.state === null) {
		await expect(result.getByText(NO_SERVICE, { exact: true })).toBeVisible();
		await expect(result.getByRole('definition')).toHaveCount(0);
		return;
	}
	await expect(result.getByText(NO_SERVICE)).toHaveCount(0);
	await expect(result.getByRole('heading', { level: 3, name: 'Inscriptions « Grand Public »' })).toBeVisible();
	await expect(result.getByText(STATE_TEXT[choice.state], { exact: true })).toBeVisible();
	await expectDates(result, expectedPeriods(choice.state));
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled });

		for (const choice of CHOICES) {
			test(`P1: ${choice.title} – state and dates, from the form and from its shareable URL`, async ({ page }) => {
				await page.goto(app.url(PATH));
				await expect(page.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();
				await expect(page.getByRole('region')).toHaveCount(0);

				await domainSelect(page).selectOption({ label: choice.domain });
				await sessionSelect(page).selectOption({ label: 'Session 2027' });
				await academySelect(page).selectOption({ label: choice.academy });
				await submitButton(page).click();

				await expect(page).toHaveURL((url) => url.pathname === PATH && url.search === queryOf(choice));
				await expectResult(page, choice);

				// The address is shareable: opened directly, it shows the same result.
				const shared = page.url();
				await page.goto('about:blank');
				await page.goto(shared);
				await expectResult(page, choice);
			});
		}
	});
}

test('P1, R1: with scripts the periods appear as soon as the académie is chosen, the focus stays on the list, and a new choice updates them', async ({
	page
}) => {
	const [grenoble, lille] = CHOICES;
	await page.goto(app.url(PATH));
	await domainSelect(page).selectOption({ label: grenoble.domain });
	await sessionSelect(page).selectOption({ label: 'Session 2027' });
	await expect(page.getByRole('region')).toHaveCount(0);
	// As a keyboard user: the list has the focus when its choice changes.
	await academySelect(page).focus();
	await academySelect(page).selectOption({ label: grenoble.academy });
	// No button pressed.
	await expect(page).toHaveURL((url) => url.search === queryOf(grenoble));
	await expectResult(page, grenoble);
	await expect(academySelect(page)).toBeFocused();
	await expect(page.getByRole('status').filter({ hasText: 'Périodes affichées : Académie de Grenoble, service ouvert.' })).toBeAttached();

	await academySelect(page).focus();
	await academySelect(page).selectOption({ label: lille.academy });
	await expect(page).toHaveURL((url) => url.search === queryOf(lille));
	await expectResult(page, lille);
	await expect(resultRegion(page, grenoble)).toHaveCount(0);
	await expect(academySelect(page)).toBeFocused();
});

test('P1, R1: an académie chosen before the page’s scripts have loaded still shows its periods once they run', async ({ page }) => {
	const [grenoble] = CHOICES;
	// Hold the app's scripts, as a slow network does, until the three choices are made.
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto(app.url(PATH), { waitUntil: 'domcontentloaded' });
	await domainSelect(page).selectOption({ label: grenoble.domain });
	await sessionSelect(page).selectOption({ label: 'Session 2027' });
	await academySelect(page).selectOption({ label: grenoble.academy });
	await expect(page.getByRole('region')).toHaveCount(0);
	release();
	await expect(page).toHaveURL((url) => url.search === queryOf(grenoble));
	await expectResult(page, grenoble);
});

test('P1: La Réunion’s windows name their time zone, Paris’s do not', async ({ page }) => {
	await page.goto(app.url(`${PATH}?domaine=BCP&session=2027&academie=28`));
	const reunion = resultRegion(page, { domain: 'Baccalauréat professionnel', academyFullName: 'Académie de La Réunion' });
	await expect(reunion.getByText('Service ouvert', { exact: true })).toBeVisible();
	await expect(reunion.getByRole('definition')).toHaveCount(2);
	for (const text of await reunion.getByRole('definition').allTextContents()) {
		expect(text).toContain('(heure de La Réunion, UTC+4)');
	}
	await expectDates(reunion, expectedPeriods('open', 'Indian/Reunion', ' (heure de La Réunion, UTC+4)'));

	await page.goto(app.url(`${PATH}?domaine=BCP&session=2027&academie=01`));
	const paris = resultRegion(page, { domain: 'Baccalauréat professionnel', academyFullName: 'Académie de Paris' });
	await expect(paris.getByText('Service ouvert', { exact: true })).toBeVisible();
	await expect(paris.getByRole('definition')).toHaveCount(2);
	for (const text of await paris.getByRole('definition').allTextContents()) {
		expect(text).not.toContain('heure de');
		expect(text).not.toContain('UTC');
		expect(text).toMatch(/^\s*\S+ \d{1,2} \S+ \d{4} à \d{2}:\d{2}\s*$/);
	}
	await expectDates(paris, expectedPeriods('open'));
});

const BAD_QUERIES: { query: string; errors: { domaine?: string; session?: string; academie?: string } }[] = [
	{
		query: '?domaine=&session=&academie=',
		errors: { domaine: 'Choisissez un examen.', session: 'Choisissez une session.', academie: 'Choisissez une académie ou un centre.' }
	},
	{
		query: '?domaine=bcp%3Cb%3E&session=20x7&academie=%3Cscript%3E',
		errors: {
			domaine: 'Choisissez un examen dans la liste.',
			session: 'Choisissez une session dans la liste.',
			academie: 'Choisissez une académie ou un centre dans la liste.'
		}
	},
	{
		query: '?domaine=ZZZ&session=2027&academie=99',
		errors: { domaine: 'Choisissez un examen dans la liste.', academie: 'Choisissez une académie ou un centre dans la liste.' }
	},
	{ query: '?domaine=BCP&session=1999&academie=08', errors: { session: 'Aucune session de cet examen n’est organisée cette année-là.' } },
	{ query: '?domaine=BCP', errors: { session: 'Choisissez une session.', academie: 'Choisissez une académie ou un centre.' } }
];

test('P1: bad query values get a French message next to the field they concern', async ({ page }) => {
	const selects = { domaine: domainSelect(page), session: sessionSelect(page), academie: academySelect(page) };
	for (const { query, errors } of BAD_QUERIES) {
		const response = await page.goto(app.url(PATH + query));
		expect(response?.status(), query).toBe(200);
		await expect(page.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();
		await expect(page.getByRole('region'), query).toHaveCount(0);
		for (const [name, select] of Object.entries(selects)) {
			const message = errors[name as keyof typeof errors];
			if (!message) {
				await expect(select, `${query} ${name}`).not.toHaveAttribute('aria-invalid', 'true');
				await expect(select, `${query} ${name}`).not.toHaveAttribute('aria-describedby');
				continue;
			}
			await expect(select, `${query} ${name}`).toHaveAttribute('aria-invalid', 'true');
			await expect(select, `${query} ${name}`).toHaveAccessibleDescription(message);
			const describedBy = await select.getAttribute('aria-describedby');
			const error = page.locator(`[id="${describedBy}"]`);
			await expect(error).toHaveText(message);
			await expect(error).toBeVisible();
			// Next to the field: in the same group as its label and select.
			await expect(select.locator('xpath=..').locator(`[id="${describedBy}"]`)).toHaveCount(1);
		}
	}

	// The same messages when the form is sent without a choice.
	await page.goto(app.url(PATH));
	await submitButton(page).click();
	await expect(selects.domaine).toHaveAccessibleDescription('Choisissez un examen.');
	await expect(selects.session).toHaveAccessibleDescription('Choisissez une session.');
	await expect(selects.academie).toHaveAccessibleDescription('Choisissez une académie ou un centre.');
});

test('P1: the keyboard alone chooses, sends and reaches the result', async ({ page }) => {
	await page.goto(app.url(PATH));
	await expect(page.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();

	async function tabTo(target: Locator) {
		for (let presses = 0; presses < 25; presses++) {
			await page.keyboard.press('Tab');
			if (await target.evaluate((element) => element === document.activeElement)) return;
		}
		throw new Error('Tab never reached the element');
	}

	await tabTo(domainSelect(page));
	await page.keyboard.type('Baccalauréat p');
	await expect(domainSelect(page)).toHaveValue('BCP');

	await page.keyboard.press('Tab');
	await expect(sessionSelect(page)).toBeFocused();
	await page.keyboard.type('Session 2027');
	await expect(sessionSelect(page)).toHaveValue('2027');

	await page.keyboard.press('Tab');
	await expect(academySelect(page)).toBeFocused();
	await page.keyboard.type('Grenoble');
	await expect(academySelect(page)).toHaveValue('08');

	await page.keyboard.press('Tab');
	await expect(submitButton(page)).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(page).toHaveURL((url) => url.search === '?domaine=BCP&session=2027&academie=08');
	await expectResult(page, CHOICES[0]);
});

for (const [title, query] of [
	['an open window', '?domaine=BCP&session=2027&academie=28'],
	['no window', '?domaine=CAP&session=2027&academie=27'],
	['bad values', '?domaine=ZZZ&session=1&academie=']
] as const) {
	test(`P1: the page with ${title} has no accessibility violation (axe, WCAG 2.1 A and AA)`, async ({ page }) => {
		const errors: string[] = [];
		page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(app.url(PATH + query));
		await expect(page.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();
		if (title === 'bad values') await expect(academySelect(page)).toHaveAttribute('aria-invalid', 'true');
		else await expect(page.getByRole('region')).toBeVisible();
		const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		expect(results.violations).toEqual([]);
		expect(errors).toEqual([]);
	});
}
