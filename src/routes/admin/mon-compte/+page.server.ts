// « Mon compte » of any manager (SPEC M1): their own password, and where the second factor stands.
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { changeManagerPasswordSchema } from '$lib/domain/manager';
import { listAcademies } from '$lib/server/catalogue';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { refusedUntil } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, refuseThrottled, retryAfter, setError, withoutPasswords } from '$lib/server/forms';
import { logInManager } from '$lib/server/managers/accounts';
import { openManagerSession } from '$lib/server/managers/login';
import { requireManager } from '$lib/server/managers/scope';
import { readSetting } from '$lib/server/managers/settings';
import { remainingRecoveryCodes } from '$lib/server/managers/totp';
import { setManagerPasswordAudited } from '$lib/server/managers/administration';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { manager } = requireManager(event);
	const db = getDb();
	const names = new Map(listAcademies(db).map((academy) => [academy.code, academy.name]));
	return {
		account: {
			email: manager.email,
			role: manager.role,
			academies: manager.academyCodes.map((code) => names.get(code) ?? code),
			totpEnabled: manager.totpEnabled,
			recoveryCodesLeft: manager.totpEnabled ? remainingRecoveryCodes(db, manager.id) : 0
		},
		totpRequired: readSetting(db, 'totp-required'),
		passwordForm: await superValidate(zod4(changeManagerPasswordSchema), { id: 'motDePasse' })
	};
};

export const actions: Actions = {
	motDePasse: async (event) => {
		const { manager } = requireManager(event);
		const now = new Date();
		const form = await superValidate(event.request, zod4(changeManagerPasswordSchema), { id: 'motDePasse' });
		const address = limiter('login').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);
		limiter('login').consume(clientKey(event), now);

		// The current password is checked as at login: same per-account delay (SPEC A9).
		const db = getDb();
		const check = await logInManager(db, manager.email, form.data.currentPassword, { now, config: getConfig() });
		if (check.status === 'throttled') {
			const text = `Trop de tentatives. ${retryAfter(event, refusedUntil(check.retryAt, now))}`;
			return setError(withoutPasswords(form), 'currentPassword', text, { status: 429 });
		}
		if (check.status !== 'ok') return setError(withoutPasswords(form), 'currentPassword', 'Mot de passe actuel incorrect.');

		// Every session of the account ends (a stolen one too); this one goes on with a new token.
		await setManagerPasswordAudited(db, manager.id, form.data.password, manager, now, 'manager.password-changed');
		openManagerSession(event, manager.id, false, now);
		return {
			passwordForm: withoutPasswords({
				...form,
				message: { type: 'success' as const, text: 'Votre mot de passe est changé. Vos autres sessions sont fermées.' }
			})
		};
	}
};
