// « J’ai besoin d’aide » (SPEC P2, guide §10): reached from the header and the footer of any page,
// it answers the guide's questions for this product, shows the exam office's contact to a
// candidate who has one, and opens offline even before it was ever visited.
import { expect, test, type Page } from '@playwright/test';
import { GRENOBLE, registerWithApi } from './support/admin';
import { startAppServer, useAppServer } from './support/app-server';
import { expectNoAxeViolation } from './support/candidate-space';
import { launchProfile } from './support/chromium';
import { goOffline, logInByLinks, openHome } from './support/device';
import { RELAXED_THROTTLES } from './support/registration';

const env = { DEMO: '1', ...RELAXED_THROTTLES };
const app = useAppServer({ env });

const QUESTIONS = [
	'Je ne peux pas accéder à mon compte',
	'Je ne peux pas m’inscrire',
	'Je veux changer un élément de ma candidature',
	'Je veux changer mon adresse mail ou mon mot de passe',
	'Je ne peux pas changer mes informations personnelles, les champs sont grisés',
	'J’ai demandé à me désinscrire, mais finalement je veux me réinscrire',
	'Que veut dire « En attente de réseau » ?',
	'Je suis candidat scolaire',
	'Installer l’application sur mon téléphone',
	'Contacter le service des examens'
];

async function expectHelpPage(page: Page): Promise<void> {
	await expect(page.getByRole('heading', { level: 1, name: 'J’ai besoin d’aide' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(['Sommaire', ...QUESTIONS]);
}

test('P2: « J’ai besoin d’aide » from the header of the home page answers the guide’s questions, with the password rule and the 48 hours', async ({
	page
}) => {
	await page.goto(app.url('/'));
	await page.getByRole('banner').getByRole('link', { name: 'J’ai besoin d’aide' }).click();
	await expectHelpPage(page);
	const main = page.getByRole('main');
	await expect(main.getByRole('region', { name: 'Je ne peux pas accéder à mon compte' })).toContainText('dans les 48 heures');
	await expect(main.getByRole('region', { name: 'Je veux changer mon adresse mail ou mon mot de passe' })).toContainText(
		'Entre 8 et 20 caractères'
	);
	await expect(main.getByRole('region', { name: /^J’ai demandé à me désinscrire/ })).toContainText(
		'elle aura un nouveau N° inscription, et vous gardez votre N° candidat'
	);
	// Not signed in: no office to name yet.
	await expect(main.getByRole('region', { name: 'Contacter le service des examens' })).toContainText('Une fois connecté(e) et inscrit(e)');
	// The contents lead to each answer.
	await main.getByRole('navigation').getByRole('link', { name: 'Que veut dire « En attente de réseau » ?' }).click();
	await expect(page).toHaveURL(/#reseau$/);
	await main.getByRole('link', { name: 'Ouverture des services' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Ouverture des services' })).toBeVisible();
	// The footer leads back to it from any page.
	await page.getByRole('contentinfo').getByRole('link', { name: 'J’ai besoin d’aide' }).click();
	await expectHelpPage(page);
	await expectNoAxeViolation(page, 'the help page');
});

test('P2: a signed-in candidate finds their exam office’s confirmed contact there', async ({ page }) => {
	const { person } = await registerWithApi(app, GRENOBLE, 'Aïcha');
	await page.goto(app.url('/'));
	await logInByLinks(page, person);
	await page.getByRole('contentinfo').getByRole('link', { name: 'J’ai besoin d’aide' }).click();
	await expectHelpPage(page);
	const contact = page.getByRole('main').getByRole('region', { name: 'Contacter le service des examens' });
	// Grenoble's address is confirmed in the catalogue; its phone is not, so it is not shown (SPEC M2).
	await expect(contact.getByRole('link', { name: /@ac-grenoble\.fr$/ })).toBeVisible();
	await expect(page.getByRole('banner').getByRole('link', { name: 'J’ai besoin d’aide' })).toHaveAttribute('aria-current', 'page');
	await expectNoAxeViolation(page, 'the help page, signed in');
});

test('P2: the help page opens offline on a first visit of the app, never visited before', async () => {
	const server = await startAppServer({ env });
	const profile = await launchProfile();
	try {
		const { page, context } = profile;
		await openHome(page, server);
		await goOffline(server, context);
		await page.getByRole('contentinfo').getByRole('link', { name: 'J’ai besoin d’aide' }).click();
		await expectHelpPage(page);
		await expect(page.getByRole('heading', { name: 'Vous êtes hors connexion' })).toHaveCount(0);
	} finally {
		await profile.close();
		await server.stop();
	}
});
