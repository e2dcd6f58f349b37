import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { sessionFormSchema } from '$lib/domain/admin-windows';
import { getDb } from '$lib/server/db';
import { listExamDomains } from '$lib/server/catalogue';
import { addSession, listSessions } from '$lib/server/admin/exam-offices';
import { refuse, setError } from '$lib/server/forms';
import { requireAdministrator } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad } from './$types';

/** SPEC M2: the session years of each exam; an administrator adds one. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdministrator({ locals, url });
	const db = getDb();
	return {
		sessions: listSessions(db),
		domains: listExamDomains(db),
		form: await superValidate(zod4(sessionFormSchema)),
		added: url.searchParams.get('ajoutee')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { manager } = requireAdministrator(event);
		const form = await superValidate(event.request, zod4(sessionFormSchema));
		if (!form.valid) return refuse(form);
		const result = addSession(getDb(), manager, { examDomainCode: form.data.examDomainCode, year: Number(form.data.year) }, new Date());
		if (result.status === 'invalid') {
			for (const [field, text] of Object.entries(result.errors)) setError(form, field as 'year' | 'examDomainCode', text);
			return refuse(form);
		}
		redirect(303, `/admin/services/sessions?ajoutee=${encodeURIComponent(`${form.data.examDomainCode}-${form.data.year}`)}`);
	}
};
