import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { newPasswordFormSchema } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { requireCandidate } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { refuse } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user } = requireCandidate(event);
	if (!user.mustSetPassword) redirect(303, '/espace-candidat');
	return { form: await superValidate(zod4(newPasswordFormSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, session } = requireCandidate(event);
		const form = await superValidate(event.request, zod4(newPasswordFormSchema));
		if (!form.valid) return refuse(form);
		await accounts.setFirstPassword(getDb(), user.candidateId, session.id, form.data.password);
		redirect(303, '/espace-candidat');
	}
};
