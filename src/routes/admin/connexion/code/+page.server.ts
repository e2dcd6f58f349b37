import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { eq, sql } from 'drizzle-orm';
import { secondFactorSchema } from '$lib/domain/manager';
import { clientKey, limiter } from '$lib/server/auth/limiters';
import { nextLoginAllowedAt, refusedUntil } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { managers } from '$lib/server/db/schema';
import { refuse, refuseThrottled, setError } from '$lib/server/forms';
import { adminNext, replaceManagerCookie } from '$lib/server/managers/login';
import { completeSecondFactor } from '$lib/server/managers/sessions';
import { verifySecondFactor } from '$lib/server/managers/totp';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.managerSession) redirect(303, '/admin/connexion');
	if (!locals.managerSession.pendingSecondFactor) redirect(303, adminNext(url.searchParams.get('suite')));
	return { form: await superValidate(zod4(secondFactorSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const now = new Date();
		const config = getConfig();
		const db = getDb();
		const { manager, managerSession } = event.locals;
		if (!manager || !managerSession?.pendingSecondFactor) redirect(303, '/admin/connexion');
		const form = await superValidate(event.request, zod4(secondFactorSchema));
		const address = limiter('login').check(clientKey(event), now);
		if (!address.allowed) return refuseThrottled(event, form, address);
		if (!form.valid) return refuse(form);
		limiter('login').consume(clientKey(event), now);

		// A wrong code counts as a failed login on the account (SPEC A9's schedule): guessing codes
		// is slowed down as guessing passwords is.
		const row = db
			.select({ count: managers.failedLoginCount, lastAt: managers.lastFailedLoginAt })
			.from(managers)
			.where(eq(managers.id, manager.id))
			.get()!;
		const retryAt = nextLoginAllowedAt(row, config.throttle);
		if (retryAt && retryAt > now) return refuseThrottled(event, form, refusedUntil(retryAt, now));
		const used = verifySecondFactor(db, manager.id, form.data.code, now);
		if (!used) {
			db.update(managers)
				.set({ failedLoginCount: sql`${managers.failedLoginCount} + 1`, lastFailedLoginAt: now })
				.where(eq(managers.id, manager.id))
				.run();
			return setError(form, 'code', 'Code incorrect ou déjà utilisé. Saisissez le code affiché maintenant par votre application.');
		}
		db.update(managers).set({ failedLoginCount: 0, lastFailedLoginAt: null }).where(eq(managers.id, manager.id)).run();
		replaceManagerCookie(event, completeSecondFactor(db, managerSession.id, manager.id, now, config));
		redirect(303, adminNext(event.url.searchParams.get('suite')));
	}
};
