import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { windowFormSchema, WINDOW_AUDIENCES, type WindowForm } from '$lib/domain/admin-windows';
import { WINDOW_STATE_LABELS, windowState } from '$lib/domain/registration-window';
import { getDb } from '$lib/server/db';
import { listExamDomains, listSessionYears } from '$lib/server/catalogue';
import { deleteWindow, findManagedWindow, managedAcademies, updateWindow, windowFormValues } from '$lib/server/admin/windows';
import { refuse, setError } from '$lib/server/forms';
import { requireManager } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad } from './$types';

/** The id in the address; anything else than a window of the manager's académies is 404 (SPEC M1). */
function windowOf(event: Pick<RequestEvent<{ id: string }>, 'locals' | 'url' | 'params'>) {
	const { manager } = requireManager(event);
	const id = /^\d{1,12}$/.test(event.params.id ?? '') ? Number(event.params.id) : NaN;
	const window = findManagedWindow(getDb(), manager, id);
	if (!window) error(404, 'Page introuvable');
	return { manager, window };
}

/** SPEC M2: change or delete one registration window. */
export const load: PageServerLoad = async (event) => {
	const { manager, window } = windowOf(event);
	const db = getDb();
	const state = windowState(window, new Date());
	return {
		window: {
			id: window.id,
			code: window.code,
			audienceLabel: WINDOW_AUDIENCES[window.audience],
			stateLabel: WINDOW_STATE_LABELS[state]
		},
		form: await superValidate(windowFormValues(db, window), zod4(windowFormSchema), { errors: false }),
		academies: managedAcademies(db, manager),
		domains: listExamDomains(db),
		sessions: listSessionYears(db)
	};
};

function listAfter(form: WindowForm, statut: string): string {
	return `/admin/fenetres?${new URLSearchParams({ academie: form.academyCode, domaine: form.examDomainCode, session: form.sessionYear, statut })}`;
}

export const actions: Actions = {
	enregistrer: async (event) => {
		const { manager, window } = windowOf(event);
		const form = await superValidate(event.request, zod4(windowFormSchema));
		if (!form.valid) return refuse(form);
		const result = updateWindow(getDb(), manager, window.id, form.data, new Date());
		if (result.status === 'not-found') error(404, 'Page introuvable');
		if (result.status === 'invalid') {
			for (const [field, message] of Object.entries(result.errors)) setError(form, field as keyof WindowForm, message);
			return refuse(form);
		}
		redirect(303, listAfter(form.data, 'modifiee'));
	},
	supprimer: async (event) => {
		const { manager, window } = windowOf(event);
		// A deletion cannot be undone and closes the service: it must be confirmed, even without scripts.
		if ((await event.request.formData()).get('confirmation') !== 'oui') {
			return fail(400, { deletion: 'Cochez la case pour confirmer la suppression de cette fenêtre.' });
		}
		const before = windowFormValues(getDb(), window);
		if (deleteWindow(getDb(), manager, window.id, new Date()).status === 'not-found') error(404, 'Page introuvable');
		redirect(303, listAfter(before, 'supprimee'));
	}
};
