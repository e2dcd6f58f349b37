import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../auth/session';
import { candidateArea } from './candidate-area';

const pupil: SessionUser = { candidateId: 'c1', firstNames: 'Inès', birthName: 'Roux', usageName: '', mustSetPassword: true };

function call(routeId: string, pathname: string, user: SessionUser | null, method = 'PUT') {
	const resolve = vi.fn(async () => new Response('resolved'));
	const url = new URL(`http://localhost${pathname}`);
	const event = { route: { id: routeId }, url, request: new Request(url, { method }), locals: { user, session: null } };
	return { answer: candidateArea({ event, resolve } as never), resolve };
}

describe('A7: until a school candidate chooses a password, the slip opens nothing else', () => {
	it.each([
		['/api/brouillons/[domaine]/[session]', '/api/brouillons/BCP/2027', 'PUT'],
		['/api/brouillons/[domaine]/[session]', '/api/brouillons/BCP/2027', 'GET'],
		['/api/inscriptions', '/api/inscriptions', 'POST'],
		['/api/inscriptions/[numero]', '/api/inscriptions/2708000012X', 'PUT']
	])('the API answers 403 in French, in JSON (%s, %s)', async (routeId, pathname, method) => {
		const { answer, resolve } = call(routeId, pathname, pupil, method);
		const response = await answer;
		expect(resolve).not.toHaveBeenCalled();
		expect(response.status).toBe(403);
		expect(response.headers.get('Cache-Control')).toBe('no-store');
		expect(await response.json()).toEqual({
			ok: false,
			code: 'password-required',
			message: 'Choisissez d’abord votre mot de passe : il remplace le code de votre papillon de connexion.'
		});
	});

	it('the pages of the candidate space send to the password page', async () => {
		await expect(call('/(candidat)/espace-candidat', '/espace-candidat', pupil).answer).rejects.toMatchObject({
			status: 303,
			location: '/candidat-scolaire/mot-de-passe'
		});
		expect(await (await call('/(candidat)/candidat-scolaire/mot-de-passe', '/candidat-scolaire/mot-de-passe', pupil).answer).text()).toBe(
			'resolved'
		);
	});

	it('the API is open once the password is chosen, and to anyone else (each endpoint checks the session)', async () => {
		expect(await (await call('/api/inscriptions', '/api/inscriptions', { ...pupil, mustSetPassword: false }).answer).text()).toBe(
			'resolved'
		);
		expect(await (await call('/api/inscriptions', '/api/inscriptions', null).answer).text()).toBe('resolved');
		expect(await (await call('/se-deconnecter', '/se-deconnecter', pupil, 'POST').answer).text()).toBe('resolved');
	});
});
