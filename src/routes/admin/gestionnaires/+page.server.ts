// « Gestionnaires » (SPEC M1), administrators only: every account, creating one, and requiring
// the second factor for all. A manager's own page is /admin/gestionnaires/[id].
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { newManagerSchema, totpRequiredSchema } from '$lib/domain/manager';
import { listAcademies } from '$lib/server/catalogue';
import { getDb } from '$lib/server/db';
import { refuse, setError, withoutPasswords } from '$lib/server/forms';
import { listManagers } from '$lib/server/managers/accounts';
import { requireAdministrator } from '$lib/server/managers/scope';
import { readSetting } from '$lib/server/managers/settings';
import { createManagerAudited, setTotpRequired } from '$lib/server/managers/administration';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdministrator(event);
	const db = getDb();
	const totpRequired = readSetting(db, 'totp-required');
	return {
		managers: listManagers(db).map((row) => ({
			id: row.id,
			email: row.email,
			role: row.role,
			academyCodes: row.academyCodes,
			totpEnabled: row.totpEnabled,
			disabled: row.disabledAt !== null,
			createdAt: row.createdAt
		})),
		academies: listAcademies(db).map(({ code, name }) => ({ code, name })),
		totpRequired,
		createForm: await superValidate({ role: 'manager' as const, academyCodes: [] }, zod4(newManagerSchema), {
			id: 'creer',
			errors: false
		}),
		settingForm: await superValidate({ required: totpRequired }, zod4(totpRequiredSchema), { id: 'exiger' })
	};
};

export const actions: Actions = {
	creer: async (event) => {
		const { manager } = requireAdministrator(event);
		const form = await superValidate(event.request, zod4(newManagerSchema), { id: 'creer' });
		if (!form.valid) return refuse(form);
		const result = await createManagerAudited(getDb(), form.data, manager, new Date());
		if (result.status === 'email-taken')
			return setError(withoutPasswords(form), 'email', 'Cette adresse a déjà un compte de gestionnaire.');
		if (result.status === 'unknown-academy') return setError(withoutPasswords(form), 'academyCodes._errors', 'Académie inconnue.');
		const text = `Le compte de ${form.data.email} est créé. Transmettez-lui son mot de passe par un autre moyen que le mail.`;
		// A fresh form for the next account; the message says what was done.
		const next = await superValidate({ role: 'manager' as const, academyCodes: [] }, zod4(newManagerSchema), {
			id: 'creer',
			errors: false
		});
		return { createForm: { ...next, message: { type: 'success' as const, text } } };
	},
	exiger: async (event) => {
		const { manager } = requireAdministrator(event);
		const form = await superValidate(event.request, zod4(totpRequiredSchema), { id: 'exiger' });
		if (!form.valid) return refuse(form);
		// Else the hook would send this administrator to enrol before they read the answer.
		if (form.data.required && !manager.totpEnabled) {
			return setError(form, 'required', 'Activez d’abord la double authentification sur votre propre compte (« Mon compte »).');
		}
		setTotpRequired(getDb(), form.data.required, manager, new Date());
		const text = form.data.required
			? 'La double authentification est exigée : les gestionnaires qui ne l’ont pas l’activeront à leur prochaine page.'
			: 'La double authentification n’est plus exigée pour tous.';
		return { settingForm: { ...form, message: { type: 'success' as const, text } } };
	}
};
