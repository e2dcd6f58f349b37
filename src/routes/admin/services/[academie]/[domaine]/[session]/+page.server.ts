import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { examOfficeFormSchema } from '$lib/domain/admin-windows';
import { getDb } from '$lib/server/db';
import { findAcademy, findExamDomain } from '$lib/server/catalogue';
import { examOfficeFormValues, findExamOffice, saveExamOffice } from '$lib/server/admin/exam-offices';
import { refuse } from '$lib/server/forms';
import { requireAdministrator } from '$lib/server/managers/scope';
import type { Actions, PageServerLoad } from './$types';

type Params = { academie: string; domaine: string; session: string };

function officeOf(event: Pick<RequestEvent<Params>, 'locals' | 'url' | 'params'>) {
	const { manager } = requireAdministrator(event);
	const key = {
		academyCode: event.params.academie,
		examDomainCode: event.params.domaine,
		sessionYear: /^\d{4}$/.test(event.params.session) ? Number(event.params.session) : NaN
	};
	const office = findExamOffice(getDb(), key);
	if (!office) error(404, 'Page introuvable');
	return { manager, key, office };
}

/** SPEC M2: one exam office's contact, return date and circular; saving confirms the values. */
export const load: PageServerLoad = async (event) => {
	const { office } = officeOf(event);
	const db = getDb();
	const academy = findAcademy(db, office.academyCode)!;
	const domain = findExamDomain(db, office.examDomainCode)!;
	return {
		office: {
			academyName: academy.fullName,
			domainName: domain.name,
			sessionYear: office.sessionYear,
			toConfirm: office.illustrativeFields,
			changedInAppAt: office.changedInAppAt?.toISOString() ?? null
		},
		form: await superValidate(examOfficeFormValues(office), zod4(examOfficeFormSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { manager, key } = officeOf(event);
		const form = await superValidate(event.request, zod4(examOfficeFormSchema));
		if (!form.valid) return refuse(form);
		if (saveExamOffice(getDb(), manager, key, form.data, new Date()).status !== 'saved') error(404, 'Page introuvable');
		redirect(
			303,
			`/admin/services?${new URLSearchParams({ academie: key.academyCode, domaine: key.examDomainCode, session: String(key.sessionYear), statut: 'enregistre' })}`
		);
	}
};
