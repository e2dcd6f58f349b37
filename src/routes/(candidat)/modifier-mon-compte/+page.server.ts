import { error } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	EMAIL_TAKEN_MESSAGE,
	changeEmailSchema,
	changePasswordSchema,
	normalizeEmail,
	PERSONAL_DATA_FIELDS,
	personalDataSchema,
	remindersSchema,
	type PersonalData
} from '$lib/domain/account';
import * as accounts from '$lib/server/accounts';
import { requireCandidate } from '$lib/server/auth/guard';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { refusedUntil } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import * as registrations from '$lib/server/registrations';
import { refuse, refuseThrottled, retryAfter, setError, withoutPasswords } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const LOCKED =
	'Vos informations personnelles ne sont plus modifiables depuis votre première inscription. Pour corriger une erreur, contactez le service des examens.';

/** The current-password check shares the login's per-account delay (SPEC A9). */
function tooManyAttempts(event: RequestEvent, retryAt: Date, now: Date): string {
	return `Trop de tentatives. ${retryAfter(event, refusedUntil(retryAt, now))}`;
}

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
		passwordForm: await superValidate(zod4(changePasswordSchema), { id: 'motDePasse' }),
		remindersForm: await superValidate({ reminders: !view.candidate.remindersOptOut }, zod4(remindersSchema), { id: 'rappels' })
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
		// Like « Créer mon compte », it tells whether an address is known and mails it: the same limits (SPEC A2, A9).
		const address = limiter('signup').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);
		const mailbox = normalizeEmail(form.data.newEmail);
		const mails = limiter('emailMail').check(mailbox, now);
		if (!mails.allowed)
			return setError(
				withoutPasswords(form),
				'newEmail',
				`Trop de mails ont déjà été envoyés à cette adresse. ${retryAfter(event, mails)}`,
				{ status: 429 }
			);

		limiter('signup').consume(clientKey(event), now);
		// Taken before the password check's wait, so parallel requests cannot all pass the check.
		limiter('emailMail').consume(mailbox, now);
		const result = await accounts.requestEmailChange(getDb(), user.candidateId, form.data, { now, config: getConfig() });
		if (result === 'wrong-password') return setError(withoutPasswords(form), 'currentPassword', 'Mot de passe incorrect.');
		if (result === 'email-taken') return setError(withoutPasswords(form), 'newEmail', EMAIL_TAKEN_MESSAGE);
		if (result !== 'sent')
			return setError(withoutPasswords(form), 'currentPassword', tooManyAttempts(event, result.retryAt, now), { status: 429 });
		return {
			emailForm: withoutPasswords({
				...form,
				message: {
					type: 'success' as const,
					text: `Un lien de confirmation vient d’être envoyé à ${form.data.newEmail}. Votre adresse actuelle reste l’identifiant du compte tant que la nouvelle n’est pas confirmée.`
				}
			})
		};
	},
	rappels: async (event) => {
		const { user } = accountOf(event);
		const form = await superValidate(event.request, zod4(remindersSchema), { id: 'rappels' });
		if (!form.valid) return refuse(form);
		accounts.setReminders(getDb(), user.candidateId, form.data.reminders);
		const text = form.data.reminders
			? 'Vous recevrez les rappels avant la fermeture du service d’inscription.'
			: 'Vous ne recevrez plus de rappels. Les messages sur vos inscriptions vous restent envoyés.';
		return { remindersForm: { ...form, message: { type: 'success' as const, text } } };
	},
	motDePasse: async (event) => {
		const { user, session } = accountOf(event);
		const now = new Date();
		const form = await superValidate(event.request, zod4(changePasswordSchema), { id: 'motDePasse' });
		if (!form.valid) return refuse(form);
		const result = await accounts.changePassword(getDb(), user.candidateId, session.id, form.data, { now, config: getConfig() });
		if (result === 'wrong-password') return setError(withoutPasswords(form), 'currentPassword', 'Mot de passe actuel incorrect.');
		if (result !== 'changed')
			return setError(withoutPasswords(form), 'currentPassword', tooManyAttempts(event, result.retryAt, now), { status: 429 });
		return {
			passwordForm: withoutPasswords({
				...form,
				message: { type: 'success' as const, text: 'Votre mot de passe est changé. Vos autres sessions sont fermées.' }
			})
		};
	}
};
