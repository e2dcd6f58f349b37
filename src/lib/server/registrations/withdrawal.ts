// « Se désinscrire » (SPEC R11); never for a registration made by a school (M7).
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvents, registrations } from '../db/schema';
import { findOpenWindow } from '../catalogue';
import { ownRegistration } from './consultation';
import { noticeRegistrationEvent, type NoticeConfig } from '../mail/registration-notices';

/** Until the window closes; never deleted, never reactivated. */
export function withdrawRegistration(
	db: Db,
	candidateId: string,
	registrationNumber: string,
	now: Date,
	config: NoticeConfig
): 'withdrawn' | 'not-found' | 'already-withdrawn' | 'window-closed' | 'school-made' {
	return db.transaction(
		(tx) => {
			const registration = ownRegistration(tx, candidateId, registrationNumber);
			if (!registration) return 'not-found';
			if (registration.status !== 'active') return 'already-withdrawn';
			// SPEC M7, A7: a registration made by a school is withdrawn by the school, not by the pupil.
			if (registration.origin === 'school') return 'school-made';
			if (!findOpenWindow(tx, registration, 'public', now)) return 'window-closed';
			tx.update(registrations)
				.set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now })
				.where(eq(registrations.id, registration.id))
				.run();
			// A withdrawal is an event of the history, not a new version (SPEC R10).
			tx.insert(auditEvents)
				.values({
					occurredAt: now,
					actorType: 'candidate',
					actorId: candidateId,
					action: 'registration.withdrawn',
					subjectType: 'registration',
					subjectId: registration.id,
					details: { registrationNumber }
				})
				.run();
			noticeRegistrationEvent(tx, candidateId, { kind: 'withdrawn', registrationNumber }, now, config);
			return 'withdrawn' as const;
		},
		{ behavior: 'immediate' }
	);
}
