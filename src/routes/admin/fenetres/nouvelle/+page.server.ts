import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { windowFormSchema, type WindowForm } from '$lib/domain/admin-windows';
import { getDb } from '$lib/server/db';
import { listExamDomains, listSessionYears } from '$lib/server/catalogue';
import { createWindow, managedAcademies } from '$lib/server/admin/windows';
import { refuse, setError } from '$lib/server/forms';
import { requireManager } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad } from './$types';

/** SPEC M2: a new registration window, prefilled from the list's filters. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { manager } = requireManager({ locals, url });
	const db = getDb();
	const academies = managedAcademies(db, manager);
	const param = (name: string) => url.searchParams.get(name) ?? '';
	const initial: WindowForm = {
		academyCode: academies.some((academy) => academy.code === param('academie'))
			? param('academie')
			: academies.length === 1
				? academies[0].code
				: '',
		examDomainCode: param('domaine'),
		sessionYear: param('session'),
		audience: 'public',
		opensDate: '',
		opensTime: '09:00',
		closesDate: '',
		closesTime: '17:00'
	};
	return {
		form: await superValidate(initial, zod4(windowFormSchema), { errors: false }),
		academies,
		domains: listExamDomains(db),
		sessions: listSessionYears(db)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { manager } = requireManager(event);
		const form = await superValidate(event.request, zod4(windowFormSchema));
		if (!form.valid) return refuse(form);
		const result = createWindow(getDb(), manager, form.data, new Date());
		if (result.status !== 'saved') {
			if (result.status === 'invalid') {
				for (const [field, message] of Object.entries(result.errors)) setError(form, field as keyof WindowForm, message);
			}
			return refuse(form);
		}
		const query = new URLSearchParams({
			academie: form.data.academyCode,
			domaine: form.data.examDomainCode,
			session: form.data.sessionYear,
			statut: 'creee'
		});
		redirect(303, `/admin/fenetres?${query}`);
	}
};
