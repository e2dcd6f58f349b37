// One way to run a form: superforms with the shared zod schema, validated on the client before
// sending (the forms carry `novalidate` so that the browser's own bubbles, in its language, never
// replace our French messages), focus on the first field in error, and nothing lost on refusal.
import { tick } from 'svelte';
import { superForm, type SuperValidated } from 'sveltekit-superforms';
import { zod4Client } from 'sveltekit-superforms/adapters';
import type { z } from 'zod';

export async function focusFirstError(form: HTMLFormElement | null | undefined): Promise<void> {
	await tick();
	const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
	invalid?.focus();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- superforms' own generic bounds */
export function createForm<S extends z.ZodObject<any> | z.ZodPipe<any, any>, T extends Record<string, unknown>>(
	data: SuperValidated<T, any>,
	schema: S,
	options: { resetForm?: boolean } = {}
) {
	/* eslint-enable @typescript-eslint/no-explicit-any */
	const form = superForm(data, {
		validators: zod4Client(schema as never),
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
