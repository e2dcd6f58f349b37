import { error, type RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	parisToday,
	reinstateSchema,
	setAsideSchema,
	signedConfirmationSchema,
	validateModificationsSchema
} from '$lib/domain/admin-decisions';
import { reminderSchema, unlockSchema } from '$lib/domain/supporting-review';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse, setError } from '$lib/server/forms';
import { recordSignedConfirmation, reinstate, scopedRegistration, setAside, validateModifications } from '$lib/server/admin/decisions';
import { loadRegistrationView } from '$lib/server/admin/registration-view';
import { sendSupportingReminder, unlockSupportingDocuments } from '$lib/server/admin/supporting-review';
import { requireAcademy, requireManager } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Inscription introuvable';

/** SPEC M1: manager, then the registration's académie; another académie's number answers like an unknown one. */
function guard(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const { manager } = requireManager(event);
	const registration = scopedRegistration(getDb(), manager, event.params.numero!);
	if (!registration) error(404, NOT_FOUND);
	requireAcademy(manager, registration.academyCode);
	return { manager, registration };
}

/** SPEC M3: a registration's page, with the decisions of M4 and R12, and the review of M5. */
export const load: PageServerLoad = async (event) => {
	const { manager, registration } = guard(event);
	const view = loadRegistrationView(getDb(), manager, registration.registrationNumber);
	if (!view) error(404, NOT_FOUND);
	const corrected = event.url.searchParams.get('corrige');
	return {
		...view,
		/** After a correction (M4): how many registrations got a new version. */
		corrected: corrected === null ? null : Number(corrected) || 0,
		setAsideForm: await superValidate(zod4(setAsideSchema), { id: 'ecarter' }),
		reinstateForm: await superValidate(zod4(reinstateSchema), { id: 'reintegrer' }),
		signedForm: await superValidate(
			{
				receivedOn: registration.signedConfirmationReceivedOn ?? parisToday(),
				version: registration.signedConfirmationVersion ?? registration.version
			},
			zod4(signedConfirmationSchema),
			{ id: 'confirmationSignee', errors: false }
		),
		validateForm: await superValidate(zod4(validateModificationsSchema), { id: 'validerModifications' }),
		unlockForm: await superValidate(zod4(unlockSchema), { id: 'deverrouiller' }),
		reminderForm: await superValidate(zod4(reminderSchema), { id: 'relancer' })
	};
};

const success = (text: string) => ({ type: 'success' as const, text });
const failure = (text: string) => ({ type: 'error' as const, text });

export const actions: Actions = {
	ecarter: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(setAsideSchema), { id: 'ecarter' });
		if (!form.valid) return refuse(form);
		const result = setAside(getDb(), manager, registration.registrationNumber, form.data.reason, new Date(), getConfig());
		if (result === 'not-found') error(404, NOT_FOUND);
		if (result === 'withdrawn')
			return refuse({ ...form, message: failure('Cette inscription est désinscrite : elle ne peut pas être écartée.') }, 409);
		return { form: { ...form, message: success('L’inscription est écartée. Le candidat voit le motif sur son inscription.') } };
	},
	reintegrer: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(reinstateSchema), { id: 'reintegrer' });
		if (!form.valid) return refuse(form);
		const result = reinstate(getDb(), manager, registration.registrationNumber, form.data.reason, new Date());
		if (result === 'not-found') error(404, NOT_FOUND);
		if (result === 'unchanged') return refuse({ ...form, message: failure('Cette inscription n’est pas écartée.') }, 409);
		return { form: { ...form, message: success('L’inscription est réintégrée.') } };
	},
	confirmationSignee: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(signedConfirmationSchema), { id: 'confirmationSignee' });
		if (!form.valid) return refuse(form);
		const result = recordSignedConfirmation(getDb(), manager, registration.registrationNumber, form.data, new Date());
		if (result === 'not-found') error(404, NOT_FOUND);
		if (result === 'unknown-version') return setError(form, 'version', 'Cette version n’existe pas pour cette inscription.');
		if (result === 'unchanged') return { form: { ...form, message: success('Cette réception est déjà enregistrée.') } };
		return { form: { ...form, message: success('La réception de la confirmation signée est enregistrée.') } };
	},
	validerModifications: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(validateModificationsSchema), { id: 'validerModifications' });
		if (!form.valid) return refuse(form);
		const result = validateModifications(getDb(), manager, registration.registrationNumber, new Date());
		if (result === 'not-found') error(404, NOT_FOUND);
		if (result === 'unchanged') return refuse({ ...form, message: failure('Aucune modification n’attend de validation.') }, 409);
		return { form: { ...form, message: success('Les modifications sont validées.') } };
	},
	/** « Déverrouiller » (M5, R12): the whole set reopens for the candidate. */
	deverrouiller: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(unlockSchema), { id: 'deverrouiller' });
		if (!form.valid) return refuse(form);
		const result = unlockSupportingDocuments(getDb(), manager, registration.registrationNumber, new Date());
		if (result === 'not-found') error(404, NOT_FOUND);
		if (result === 'withdrawn') return refuse({ ...form, message: failure('Cette inscription est désinscrite.') }, 409);
		if (result === 'unchanged')
			return refuse({ ...form, message: failure('Les pièces de cette inscription ne sont pas verrouillées.') }, 409);
		return { form: { ...form, message: success('Les pièces sont déverrouillées : le candidat peut de nouveau les remplacer.') } };
	},
	/** « Relance de pièces justificatives » (M5, D1): a PDF in « Mes documents » and a notice by mail. */
	relancer: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(reminderSchema), { id: 'relancer' });
		if (!form.valid) return refuse(form);
		const config = getConfig();
		const result = await sendSupportingReminder(getDb(), config.dataDir, manager, registration.registrationNumber, {
			now: new Date(),
			config
		});
		if (result.status === 'not-found') error(404, NOT_FOUND);
		if (result.status === 'withdrawn') return refuse({ ...form, message: failure('Cette inscription est désinscrite.') }, 409);
		if (result.status !== 'sent') {
			return refuse(
				{ ...form, message: failure('Aucune relance n’est envoyée : aucune pièce n’est manquante ni refusée pour cette inscription.') },
				409
			);
		}
		return {
			form: {
				...form,
				message: success(
					`La relance est envoyée : elle est dans « Mes documents » du candidat${result.mailed ? ', qui est prévenu par mail' : ''}.`
				)
			}
		};
	}
};
