// One way to run a form: superforms with the shared zod schema, validated on the client before
// sending (the forms carry `novalidate` so that the browser's own bubbles, in its language, never
// replace our French messages), focus on the first field in error, and nothing lost on refusal.
// The validation code (zod and its superforms adapter) is fetched at the first validation, not with
// the page: a page can even pass its schema as `() => import(…)` to keep zod out of its first load.
import { tick } from 'svelte';
import { superForm, type SuperValidated } from 'sveltekit-superforms';
import type { ClientValidationAdapter } from 'sveltekit-superforms/adapters';
import type { z } from 'zod';

export async function focusFirstError(form: HTMLFormElement | null | undefined): Promise<void> {
	await tick();
	const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
	invalid?.focus();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- superforms' own generic bounds */
type FormSchema = z.ZodObject<any> | z.ZodPipe<any, any>;

/**
 * Whether the person has focused a control yet. Until then a validation comes from the page itself
 * (hydration setting a select's or a restored field's value), never from the person: no error is
 * shown for it, so the validation code need not come for it.
 */
let touched = false;

/** zod4Client(schema), both fetched when the person first focuses a control (or a later validation needs them). */
function lazyValidators<S extends FormSchema>(schema: S | (() => Promise<S>)): ClientValidationAdapter<any> {
	let adapter: Promise<ClientValidationAdapter<any>> | undefined;
	const load = () =>
		(adapter ??= Promise.all([typeof schema === 'function' ? schema() : schema, import('./zod-client')]).then(([loaded, { zod4Client }]) =>
			zod4Client(loaded as never)
		));
	if (typeof document !== 'undefined') {
		document.addEventListener(
			'focusin',
			() => {
				touched = true;
				void load();
			},
			{ once: true, capture: true }
		);
	}
	return {
		superFormValidationLibrary: 'zod4',
		validate: async (data) => (touched || adapter ? (await load()).validate(data) : { success: true, data: data as any })
	};
}

export function createForm<S extends FormSchema, T extends Record<string, unknown>>(
	data: SuperValidated<T, any>,
	schema: S | (() => Promise<S>),
	options: { resetForm?: boolean } = {}
) {
	/* eslint-enable @typescript-eslint/no-explicit-any */
	const form = superForm(data, {
		validators: lazyValidators(schema),
		resetForm: options.resetForm ?? false,
		// 'auto': a field's error appears on blur, then updates as it is corrected. With 'onblur', the
		// error of a corrected field vanished on the blur caused by pressing the submit button: the
		// button moved up under the pointer between mousedown and mouseup, and the click was lost.
		validationMethod: 'auto',
		onSubmit: async ({ cancel, formElement }) => {
			const result = await form.validateForm({ update: true });
			if (!result.valid) {
				cancel();
				await focusFirstError(formElement);
			}
		},
		onUpdated: async ({ form: updated }) => {
			if (!updated.valid) await focusFirstError(document.querySelector<HTMLFormElement>(`form[data-form-id="${updated.id}"]`));
		}
	});
	return form;
}
