import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { emailOnlySchema } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { answerTheSame } from '$lib/server/auth/same-answer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ form: await superValidate(zod4(emailOnlySchema)) });

export const actions: Actions = {
	default: (event) =>
		answerTheSame(
			event,
			'passwordReset',
			'Si un compte correspond à cette adresse, un mail vient d’y être envoyé avec un lien pour choisir un nouveau mot de passe, valable une heure.',
			accounts.requestPasswordReset
		)
};
