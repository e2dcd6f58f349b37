// One manager's account (SPEC M1), administrators only: académies, disable / re-enable, a new
// password typed by the administrator, reset of a lost second factor. Each change is audited.
import { error, fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { managerAcademiesSchema, resetManagerPasswordSchema } from '$lib/domain/manager';
import { listAcademies } from '$lib/server/catalogue';
import { getDb } from '$lib/server/db';
import { refuse, setError, withoutPasswords } from '$lib/server/forms';
import { academiesOfManager, findManager } from '$lib/server/managers/accounts';
import { openManagerSession } from '$lib/server/managers/login';
import { requireAdministrator } from '$lib/server/managers/scope';
import { remainingRecoveryCodes } from '$lib/server/managers/totp';
import {
	changeManagerAcademies,
	disableManagerAudited,
	enableManagerAudited,
	resetSecondFactorAudited,
	setManagerPasswordAudited
} from '$lib/server/managers/administration';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function target(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { manager } = requireAdministrator(event);
	const account = findManager(getDb(), event.params.id);
	if (!account) error(404, 'Page introuvable');
	return { administrator: manager, account };
}

export const load: PageServerLoad = async (event) => {
	const { administrator, account } = target(event);
	const db = getDb();
	const academyCodes = academiesOfManager(db, account.id);
	return {
		account: {
			id: account.id,
			email: account.email,
			role: account.role,
			academyCodes,
			disabled: account.disabledAt !== null,
			disabledAt: account.disabledAt,
			totpEnabled: account.totpEnabledAt !== null,
			recoveryCodesLeft: account.totpEnabledAt ? remainingRecoveryCodes(db, account.id) : 0,
			createdAt: account.createdAt,
			self: account.id === administrator.id
		},
		academies: listAcademies(db).map(({ code, name }) => ({ code, name })),
		academiesForm: await superValidate({ academyCodes }, zod4(managerAcademiesSchema), { id: 'academies', errors: false }),
		passwordForm: await superValidate(zod4(resetManagerPasswordSchema), { id: 'motDePasse' })
	};
};

export const actions: Actions = {
	academies: async (event) => {
		const { administrator, account } = target(event);
		const form = await superValidate(event.request, zod4(managerAcademiesSchema), { id: 'academies' });
		if (account.role === 'administrator') {
			return refuse({ ...form, message: { type: 'error', text: 'Un administrateur travaille pour toutes les académies.' } });
		}
		if (!form.valid) return refuse(form);
		const result = changeManagerAcademies(getDb(), account.id, form.data.academyCodes, administrator, new Date());
		if (result.status === 'unknown-academy') return setError(form, 'academyCodes._errors', 'Académie inconnue.');
		const text = result.status === 'changed' ? 'Les académies sont enregistrées.' : 'Aucun changement.';
		return { academiesForm: { ...form, message: { type: 'success' as const, text } } };
	},
	desactiver: async (event) => {
		const { administrator, account } = target(event);
		// An administrator who disabled themselves could lock everyone out of the admin view.
		if (account.id === administrator.id) return fail(400, { stateMessage: 'Vous ne pouvez pas désactiver votre propre compte.' });
		if (!account.disabledAt) disableManagerAudited(getDb(), account.id, administrator, new Date());
		return { stateDone: 'Le compte est désactivé ; ses sessions sont fermées.' };
	},
	reactiver: async (event) => {
		const { administrator, account } = target(event);
		if (account.disabledAt) enableManagerAudited(getDb(), account.id, administrator, new Date());
		return { stateDone: 'Le compte est réactivé.' };
	},
	motDePasse: async (event) => {
		const { administrator, account } = target(event);
		const form = await superValidate(event.request, zod4(resetManagerPasswordSchema), { id: 'motDePasse' });
		if (!form.valid) return refuse(form);
		const now = new Date();
		await setManagerPasswordAudited(getDb(), account.id, form.data.password, administrator, now);
		// Their own account: the sessions ended, this one goes on with a new token.
		if (account.id === administrator.id) openManagerSession(event, account.id, false, now);
		const text =
			account.id === administrator.id
				? 'Votre mot de passe est changé.'
				: 'Le nouveau mot de passe est enregistré et les sessions du compte sont fermées. Transmettez-le à la personne par un autre moyen que le mail.';
		return { passwordForm: withoutPasswords({ ...form, message: { type: 'success' as const, text } }) };
	},
	doubleAuthentification: async (event) => {
		const { administrator, account } = target(event);
		if (account.totpEnabledAt) resetSecondFactorAudited(getDb(), account.id, administrator, new Date());
		return { totpDone: 'La double authentification du compte est réinitialisée : la personne pourra la configurer à nouveau.' };
	}
};
