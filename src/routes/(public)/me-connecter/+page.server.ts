import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { loginSchema } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { safeNext } from '$lib/server/auth/guard';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { refusedUntil } from '$lib/server/auth/throttle';
import { openCandidateSession } from '$lib/server/auth/login';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, refuseThrottled } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('suite'), getConfig().origin));
	return {
		form: await superValidate(zod4(loginSchema)),
		loggedOut: url.searchParams.has('deconnecte'),
		// Sent here by the warning of a page whose session ended (SPEC N4): the form waits on the device.
		sessionExpired: url.searchParams.get('session') === 'expiree'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const now = new Date();
		const form = await superValidate(event.request, zod4(loginSchema));
		const address = limiter('login').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);

		limiter('login').consume(clientKey(event), now);
		const result = await accounts.logIn(getDb(), form.data.email, form.data.password, { now, config: getConfig() });
		if (result.status === 'throttled') return refuseThrottled(event, form, refusedUntil(result.retryAt, now));
		if (result.status === 'invalid')
			return refuse({ ...form, message: { type: 'error', text: 'Adresse mail ou mot de passe incorrect.' } });
		if (result.status === 'not-activated') {
			return refuse({
				...form,
				message: {
					type: 'error',
					text: 'Votre compte n’est pas encore activé : cliquez sur le lien « Activer mon compte » du mail reçu à la création du compte, ou renvoyez-le depuis « Renvoyer le lien d’activation ».'
				}
			});
		}
		openCandidateSession(event, result.candidateId, now);
		redirect(303, safeNext(event.url.searchParams.get('suite'), getConfig().origin));
	}
};
