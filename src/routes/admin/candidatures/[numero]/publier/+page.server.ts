import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { scopedRegistration } from '$lib/server/admin/decisions';
import { publishToRegistration } from '$lib/server/admin/publications';
import { MAX_UPLOAD_BYTES } from '$lib/server/documents/upload-check';
import { requireAcademy, requireManager } from '$lib/server/managers/scope';
import {
	ALREADY_PUBLISHED,
	FILE_MISSING,
	FILE_TOO_LARGE,
	PUBLISHABLE_KIND_LABELS,
	PUBLISHABLE_KINDS,
	WITHDRAWN_REFUSAL,
	publishSchema
} from '$lib/domain/publications';
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

/** SPEC M6: « Publier un document » to one registration. */
export const load: PageServerLoad = (event) => {
	const { registration } = guard(event);
	const published = event.url.searchParams.get('publie') ?? '';
	return {
		registrationNumber: registration.registrationNumber,
		withdrawn: registration.status !== 'active',
		kinds: PUBLISHABLE_KINDS.map((kind) => ({ value: kind, label: PUBLISHABLE_KIND_LABELS[kind] })),
		/** After « Publier »: the version just published. */
		published: /^\d{1,4}$/.test(published) ? Number(published) : null
	};
};

type Errors = { kind?: string; title?: string; file?: string };

/** Every refusal has the same shape: the values typed, the errors next to their fields, a message for the page. */
const refuse = (status: number, values: { kind: string; title: string }, errors: Errors, message: string | null = null) =>
	fail(status, { values, errors, message });

export const actions: Actions = {
	default: async (event) => {
		const { manager, registration } = guard(event);
		// The file (5 MB at most) and a little room for the multipart envelope.
		if (Number(event.request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
			return refuse(413, { kind: '', title: '' }, { file: FILE_TOO_LARGE });
		}
		const form = await event.request.formData();
		const values = { kind: String(form.get('kind') ?? ''), title: String(form.get('title') ?? '') };
		const parsed = publishSchema.safeParse(values);
		const errors: Errors = {};
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const field = issue.path[0] as keyof Errors;
				errors[field] ??= field === 'kind' ? 'Choisissez le type de document.' : issue.message;
			}
		}
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) errors.file = FILE_MISSING;
		else if (file.size > MAX_UPLOAD_BYTES) errors.file = FILE_TOO_LARGE;
		if (registration.status !== 'active') return refuse(409, values, errors, WITHDRAWN_REFUSAL);
		if (!parsed.success || errors.file || !(file instanceof File)) return refuse(400, values, errors);

		const result = await publishToRegistration(
			getDb(),
			manager,
			registration.registrationNumber,
			{ kind: parsed.data.kind, title: parsed.data.title, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
			{ now: new Date(), config: getConfig() }
		);
		switch (result.status) {
			case 'not-found':
				error(404, NOT_FOUND);
				break;
			case 'withdrawn':
				return refuse(409, values, errors, WITHDRAWN_REFUSAL);
			case 'invalid-file':
				return refuse(400, values, { file: result.message });
			case 'already-published':
				return refuse(409, values, { file: ALREADY_PUBLISHED });
			case 'published':
				redirect(303, `/admin/candidatures/${registration.registrationNumber}/publier?publie=${result.version}`);
		}
	}
};
