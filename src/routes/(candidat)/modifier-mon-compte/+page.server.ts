import { error } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { EMAIL_TAKEN_MESSAGE, changeEmailSchema, changePasswordSchema, PERSONAL_DATA_FIELDS, personalDataSchema, type PersonalData } from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { requireCandidate } from '$lib/server/auth/guard';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { refuse, setError, withoutPasswords } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const LOCKED = 'Vos informations personnelles ne sont plus modifiables depuis votre première inscription. Pour corriger une erreur, contactez le service des examens.';

function accountOf(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { user, session } = requireCandidate(event);
	const view = accounts.findAccountView(getDb(), user.candidateId);
	if (!view) error(404, 'Compte introuvable');
	return { user, session, view };
}

export const load: PageServerLoad = async (event) => {
	const { view } = accountOf(event);
	const personal = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, view.candidate[field]])) as PersonalData;
	return {
		email: view.candidate.email,
		candidateNumber: view.candidate.candidateNumber,
		locked: view.candidate.personalDataLockedAt !== null,
		examOffice: registrations.latestExamOffice(getDb(), view.candidate.id),
		identity: await superValidate(personal, zod4(personalDataSchema), { id: 'identite', errors: false }),
		emailForm: await superValidate(zod4(changeEmailSchema), { id: 'adresse' }),
		passwordForm: await superValidate(zod4(changePasswordSchema), { id: 'motDePasse' })
	};
};

export const actions: Actions = {
	identite: async (event) => {
		const { user, view } = accountOf(event);
		const form = await superValidate(event.request, zod4(personalDataSchema), { id: 'identite' });
		if (view.candidate.personalDataLockedAt) return refuse({ ...form, message: { type: 'error', text: LOCKED } }, 403);
		if (!form.valid) return refuse(form);
		if (accounts.updatePersonalData(getDb(), user.candidateId, form.data) === 'locked') {
			return refuse({ ...form, message: { type: 'error', text: LOCKED } }, 403);
		}
		return { identity: { ...form, message: { type: 'success' as const, text: 'Vos informations personnelles sont enregistrées.' } } };
	},
	adresse: async (event) => {
		const { user } = accountOf(event);
		const now = new Date();
		const form = await superValidate(event.request, zod4(changeEmailSchema), { id: 'adresse' });
		if (!form.valid) return refuse(form);
		const result = await accounts.requestEmailChange(getDb(), user.candidateId, form.data, { now, config: getConfig() });
		if (result === 'wrong-password') return setError(withoutPasswords(form), 'currentPassword', 'Mot de passe incorrect.');
		if (result === 'email-taken') return setError(withoutPasswords(form), 'newEmail', EMAIL_TAKEN_MESSAGE);
		return {
			emailForm: withoutPasswords({
				...form,
				message: { type: 'success' as const, text: `Un lien de confirmation vient d’être envoyé à ${form.data.newEmail}. Votre adresse actuelle reste l’identifiant du compte tant que la nouvelle n’est pas confirmée.` }
			})
		};
	},
	motDePasse: async (event) => {
		const { user, session } = accountOf(event);
		const form = await superValidate(event.request, zod4(changePasswordSchema), { id: 'motDePasse' });
		if (!form.valid) return refuse(form);
		const result = await accounts.changePassword(getDb(), user.candidateId, session.id, form.data);
		if (result === 'wrong-password') return setError(withoutPasswords(form), 'currentPassword', 'Mot de passe actuel incorrect.');
		return { passwordForm: withoutPasswords({ ...form, message: { type: 'success' as const, text: 'Votre mot de passe est changé. Vos autres sessions sont fermées.' } }) };
	}
};
