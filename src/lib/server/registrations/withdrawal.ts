// « Se désinscrire » (SPEC R11).
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvents, registrations } from '../db/schema';
import { findOpenWindow } from '../catalogue';
import { ownRegistration } from './consultation';

/** Until the window closes; never deleted, never reactivated. */
export function withdrawRegistration(
	db: Db,
	candidateId: string,
	registrationNumber: string,
	now: Date
): 'withdrawn' | 'not-found' | 'already-withdrawn' | 'window-closed' {
	return db.transaction(
		(tx) => {
			const registration = ownRegistration(tx, candidateId, registrationNumber);
			if (!registration) return 'not-found';
			if (registration.status !== 'active') return 'already-withdrawn';
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
			return 'withdrawn' as const;
		},
		{ behavior: 'immediate' }
	);
}
