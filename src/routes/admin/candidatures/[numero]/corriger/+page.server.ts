import { error, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { correctionSchema } from '$lib/domain/admin-decisions';
import { correctPersonalData, personalDataOf } from '$lib/server/admin/corrections';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { refuse } from '$lib/server/forms';
import { requireAcademy, requireManager } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const NOT_FOUND = 'Inscription introuvable';

/** SPEC M1: manager, then the académie of the registration the correction starts from. */
function guard(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { manager } = requireManager(event);
	const found = personalDataOf(getDb(), manager, event.params.numero);
	if (!found) error(404, NOT_FOUND);
	requireAcademy(manager, found.registration.academyCode);
	return { manager, ...found };
}

/** SPEC M4, A8: the personal data the candidate can no longer change, pre-filled, and a mandatory reason. */
export const load: PageServerLoad = async (event) => {
	const { registration, candidate, personal } = guard(event);
	return {
		registrationNumber: registration.registrationNumber,
		candidateNumber: candidate.candidateNumber,
		form: await superValidate({ ...personal, reason: '' }, zod4(correctionSchema), { id: 'correction', errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { manager, registration } = guard(event);
		const form = await superValidate(event.request, zod4(correctionSchema), { id: 'correction' });
		if (!form.valid) return refuse(form);
		const result = correctPersonalData(getDb(), manager, registration.registrationNumber, form.data, {
			now: new Date(),
			config: getConfig()
		});
		if (result.status === 'not-found') error(404, NOT_FOUND);
		if (result.status === 'unchanged') {
			return refuse({ ...form, message: { type: 'info' as const, text: 'Aucune modification : rien n’a été enregistré.' } });
		}
		redirect(303, `/admin/candidatures/${registration.registrationNumber}?corrige=${result.versions.length}`);
	}
};
