import type { Session, SessionUser } from '$lib/server/auth/session';

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
		}
	}
}

export {};
