import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { managerLoginSchema } from '$lib/domain/manager';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { refusedUntil } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, refuseThrottled } from '$lib/server/forms';
import { logInManager } from '$lib/server/managers/accounts';
import { adminNext, openManagerSession } from '$lib/server/managers/login';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.manager && !locals.managerSession?.pendingSecondFactor) redirect(303, adminNext(url.searchParams.get('suite')));
	return { form: await superValidate(zod4(managerLoginSchema)), loggedOut: url.searchParams.has('deconnecte') };
};

export const actions: Actions = {
	default: async (event) => {
		const now = new Date();
		const form = await superValidate(event.request, zod4(managerLoginSchema));
		const address = limiter('login').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);

		limiter('login').consume(clientKey(event), now);
		const result = await logInManager(getDb(), form.data.email, form.data.password, { now, config: getConfig() });
		if (result.status === 'throttled') return refuseThrottled(event, form, refusedUntil(result.retryAt, now));
		if (result.status === 'invalid')
			return refuse({ ...form, message: { type: 'error', text: 'Adresse mail ou mot de passe incorrect.' } });
		const suite = event.url.searchParams.get('suite');
		openManagerSession(event, result.managerId, result.secondFactor, now);
		if (result.secondFactor) redirect(303, `/admin/connexion/code${suite ? `?suite=${encodeURIComponent(suite)}` : ''}`);
		redirect(303, adminNext(suite));
	}
};
