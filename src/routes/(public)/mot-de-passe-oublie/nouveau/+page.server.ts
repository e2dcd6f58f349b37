import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { newPasswordFormSchema } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	// same-origin, not no-referrer: under no-referrer Chromium posts forms with « Origin: null », which
	// Kit's CSRF check refuses (403). The token still never leaves the site.
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' });
	const token = url.searchParams.get('jeton') ?? '';
	return {
		state: token ? accounts.checkPasswordResetToken(getDb(), token, new Date()) : ('invalid' as const),
		form: await superValidate(zod4(newPasswordFormSchema))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(newPasswordFormSchema));
		if (!form.valid) return refuse(form);
		const token = event.url.searchParams.get('jeton') ?? '';
		const result = await accounts.resetPassword(getDb(), token, form.data.password, { now: new Date(), config: getConfig() });
		if (result !== 'done') {
			return refuse(
				{
					...form,
					message: { type: 'error', text: 'Ce lien n’est plus valable. Demandez un nouveau lien depuis « Mot de passe oublié ».' }
				},
				410
			);
		}
		return {
			form: {
				...(await superValidate(zod4(newPasswordFormSchema))),
				message: {
					type: 'success' as const,
					text: 'Votre mot de passe est changé. Toutes les sessions ouvertes avec l’ancien sont fermées.'
				}
			}
		};
	}
};
