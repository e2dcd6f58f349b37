import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { createAccountSchema, EMAIL_TAKEN_MESSAGE } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, refuseThrottled, setError, withoutPasswords } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ form: await superValidate(zod4(createAccountSchema)) });

export const actions: Actions = {
	default: async (event) => {
		const now = new Date();
		const form = await superValidate(event.request, zod4(createAccountSchema));
		const address = limiter('signup').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);

		limiter('signup').consume(clientKey(event), now);
		const { passwordConfirmation: _confirmation, ...input } = form.data;
		const result = await accounts.createAccount(getDb(), input, { now, config: getConfig() });
		if (result === 'email-taken') return setError(withoutPasswords(form), 'email', EMAIL_TAKEN_MESSAGE);
		return { form: withoutPasswords({ ...form, message: { type: 'success' as const, text: form.data.email } }) };
	}
};
