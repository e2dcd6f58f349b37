import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { loginSlipSchema } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { refusedUntil } from '$lib/server/auth/throttle';
import { openCandidateSession } from '$lib/server/auth/login';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, refuseThrottled } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/espace-candidat');
	return { form: await superValidate(zod4(loginSlipSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const now = new Date();
		const form = await superValidate(event.request, zod4(loginSlipSchema));
		const address = limiter('login').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);

		limiter('login').consume(clientKey(event), now);
		const result = await accounts.logInWithLoginSlip(getDb(), form.data.candidateNumber, form.data.secret, { now, config: getConfig() });
		if (result.status === 'throttled') return refuseThrottled(event, form, refusedUntil(result.retryAt, now));
		if (result.status !== 'ok') {
			return refuse({
				...form,
				message: { type: 'error', text: 'Numéro de candidat ou code incorrect. Vérifiez votre papillon de connexion.' }
			});
		}
		openCandidateSession(event, result.candidateId, now);
		redirect(303, result.mustSetPassword ? '/candidat-scolaire/mot-de-passe' : '/espace-candidat');
	}
};
