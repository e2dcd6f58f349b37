// « Mot de passe oublié » and « Renvoyer le lien d’activation » answer the same, byte for byte,
// whether or not the address has an account: the form comes back empty with one sentence.
import type { RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { emailOnlySchema, normalizeEmail } from '../../domain/account';
import { getConfig } from '../config';
import { getDb } from '../db';
import type { Db } from '../db';
import type { Config } from '../config';
import { refuse, refuseThrottled } from '../forms';
import { clientKey, limiter, type LimitedAction } from './limiters';

export async function answerTheSame(
	event: RequestEvent,
	action: LimitedAction,
	sentence: string,
	send: (db: Db, email: string, ctx: { now: Date; config: Config }) => void
) {
	const now = new Date();
	const form = await superValidate(event.request, zod4(emailOnlySchema));
	const address = limiter(action).check(clientKey(event), now);
	if (!address.allowed) return refuseThrottled(event, form, address);
	if (!form.valid) return refuse(form);

	limiter(action).consume(clientKey(event), now);
	// Per address mailed too: a stranger cannot flood someone's mailbox. Silently, so the answer stays the same.
	if (limiter('emailMail').take(normalizeEmail(form.data.email), now).allowed) {
		send(getDb(), form.data.email, { now, config: getConfig() });
	}
	const empty = await superValidate(zod4(emailOnlySchema));
	return { form: { ...empty, message: { type: 'success' as const, text: sentence } } };
}
