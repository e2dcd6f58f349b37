// The second factor of the signed-in manager (SPEC M1): enrolment by QR code or by the key typed
// into the app, the first code checked here, the recovery codes shown once; turned off with the
// password (not while an administrator requires it); new recovery codes. The hook sends here a
// manager without it when an administrator requires it for all.
import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { confirmWithPasswordSchema, totpEnrolmentSchema } from '$lib/domain/manager';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { refusedUntil } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, refuseThrottled, retryAfter, setError, withoutPasswords } from '$lib/server/forms';
import { logInManager } from '$lib/server/managers/accounts';
import { requireManager } from '$lib/server/managers/scope';
import { readSetting } from '$lib/server/managers/settings';
import { formatTotpKey, remainingRecoveryCodes, totpQrSvg, totpUri } from '$lib/server/managers/totp';
import {
	completeTotpEnrolment,
	pendingTotpKey,
	replaceRecoveryCodesAudited,
	resetSecondFactorAudited,
	startTotpEnrolment
} from '$lib/server/managers/administration';
import type { Actions, PageServerLoad } from './$types';

/** The name authenticator apps show above the code. */
const ISSUER = 'Portail candidat';
const PAGE = '/admin/mon-compte/double-authentification';

export const load: PageServerLoad = async (event) => {
	const { manager } = requireManager(event);
	const db = getDb();
	const key = manager.totpEnabled ? null : pendingTotpKey(db, manager.id);
	return {
		totpEnabled: manager.totpEnabled,
		totpRequired: readSetting(db, 'totp-required'),
		recoveryCodesLeft: manager.totpEnabled ? remainingRecoveryCodes(db, manager.id) : 0,
		// Shown to the manager only, on a no-store page, until the first code turns the factor on.
		enrolment: key && { qrSvg: totpQrSvg(totpUri(key, manager.email, ISSUER)), secret: formatTotpKey(key) },
		codeForm: await superValidate(zod4(totpEnrolmentSchema), { id: 'activer' }),
		disableForm: await superValidate(zod4(confirmWithPasswordSchema), { id: 'desactiver' })
	};
};

export const actions: Actions = {
	/** A new key to enrol (also « Recommencer » with another one). */
	commencer: async (event) => {
		const { manager } = requireManager(event);
		if (!manager.totpEnabled) startTotpEnrolment(getDb(), manager.id);
		redirect(303, `${PAGE}#activation`);
	},
	activer: async (event) => {
		const { manager } = requireManager(event);
		const now = new Date();
		const form = await superValidate(event.request, zod4(totpEnrolmentSchema), { id: 'activer' });
		if (!form.valid) return refuse(form);
		if (manager.totpEnabled) return refuse({ ...form, message: { type: 'error', text: 'La double authentification est déjà activée.' } });
		const recoveryCodes = completeTotpEnrolment(getDb(), manager.id, form.data.code, manager, now);
		if (!recoveryCodes) {
			return setError(
				form,
				'code',
				'Ce code ne correspond pas. Vérifiez l’heure de votre téléphone, puis saisissez le code affiché maintenant par l’application.'
			);
		}
		return {
			codeForm: { ...form, message: { type: 'success' as const, text: 'La double authentification est activée.' } },
			recoveryCodes
		};
	},
	desactiver: async (event) => {
		const { manager } = requireManager(event);
		const now = new Date();
		const db = getDb();
		const form = await superValidate(event.request, zod4(confirmWithPasswordSchema), { id: 'desactiver' });
		const address = limiter('login').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);
		if (!manager.totpEnabled) return refuse({ ...form, message: { type: 'error', text: 'La double authentification n’est pas activée.' } });
		if (readSetting(db, 'totp-required')) {
			const text = 'Un administrateur exige la double authentification pour tous les gestionnaires : elle ne peut pas être désactivée.';
			return refuse({ ...form, message: { type: 'error', text } }, 403);
		}
		limiter('login').consume(clientKey(event), now);
		const check = await logInManager(db, manager.email, form.data.currentPassword, { now, config: getConfig() });
		if (check.status === 'throttled') {
			const text = `Trop de tentatives. ${retryAfter(event, refusedUntil(check.retryAt, now))}`;
			return setError(withoutPasswords(form), 'currentPassword', text, { status: 429 });
		}
		if (check.status !== 'ok') return setError(withoutPasswords(form), 'currentPassword', 'Mot de passe actuel incorrect.');
		resetSecondFactorAudited(db, manager.id, manager, now);
		return {
			disableForm: withoutPasswords({
				...form,
				message: { type: 'success' as const, text: 'La double authentification est désactivée.' }
			})
		};
	},
	codesDeSecours: async (event) => {
		const { manager } = requireManager(event);
		if (!manager.totpEnabled) return fail(400, { codesMessage: 'La double authentification n’est pas activée.' });
		return { recoveryCodes: replaceRecoveryCodesAudited(getDb(), manager.id, manager, new Date()) };
	}
};
