import type { Session, SessionUser } from '$lib/server/auth/session';
import type { ManagerSession, ManagerUser } from '$lib/server/managers/sessions';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Reference shown to the person and written to the log with the error. */
			id?: string;
		}
		namespace Superforms {
			type Message = { type: 'error' | 'success' | 'info'; text: string };
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Set only under /admin, from the manager cookie (SPEC M1). */
			manager?: ManagerUser | null;
			managerSession?: ManagerSession | null;
		}
	}
}

export {};
