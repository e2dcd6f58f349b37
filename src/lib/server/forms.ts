// What every form action does the same way.
import type { RequestEvent } from '@sveltejs/kit';
import { fail, setError, type SuperValidated } from 'sveltekit-superforms';
import { retryMessage, type Verdict } from './auth/throttle';

/** Password fields are never echoed back to the browser. */
export function withoutPasswords<T extends SuperValidated<Record<string, unknown>>>(form: T): T {
	for (const key of ['password', 'passwordConfirmation', 'currentPassword', 'secret']) {
		if (key in form.data) (form.data as Record<string, unknown>)[key] = '';
	}
	return form;
}

/** Sets Retry-After and says in French when to try again (SPEC A9), for a 429. */
export function retryAfter(event: Pick<RequestEvent, 'setHeaders'>, verdict: Pick<Verdict, 'retryAfterSeconds'>): string {
	event.setHeaders({ 'Retry-After': String(verdict.retryAfterSeconds) });
	return retryMessage(verdict.retryAfterSeconds);
}

/** 429 with Retry-After and a French sentence saying when to try again (SPEC A9). */
export function refuseThrottled<T extends SuperValidated<Record<string, unknown>>>(
	event: RequestEvent,
	form: T,
	verdict: Pick<Verdict, 'retryAfterSeconds'>
) {
	return fail(429, {
		form: withoutPasswords({ ...form, message: { type: 'error', text: `Trop de tentatives. ${retryAfter(event, verdict)}` } })
	});
}

export function refuse<T extends SuperValidated<Record<string, unknown>>>(form: T, status = 400) {
	return fail(status, { form: withoutPasswords(form) });
}

export { setError };
