// Demonstration accounts of the admin view (SPEC M1), created once so that a newcomer can open
// « Espace gestionnaire » at once: an administrator and a manager of the académie de Grenoble.
import type { Db } from '../db';
import { createManager, findManagerByEmail } from '../managers/accounts';

export const DEMO_ADMINISTRATOR = { email: 'admin.demo@example.org', password: 'Démo administrateur 2027' };
export const DEMO_MANAGER = { email: 'gestionnaire.grenoble@example.org', password: 'Démo gestionnaire 2027', academyCode: '08' };

export async function seedDemoManagers(db: Db, now = new Date()): Promise<void> {
	if (!findManagerByEmail(db, DEMO_ADMINISTRATOR.email)) {
		await createManager(
			db,
			{ email: DEMO_ADMINISTRATOR.email, role: 'administrator', academyCodes: [], password: DEMO_ADMINISTRATOR.password },
			now
		);
	}
	if (!findManagerByEmail(db, DEMO_MANAGER.email)) {
		await createManager(
			db,
			{ email: DEMO_MANAGER.email, role: 'manager', academyCodes: [DEMO_MANAGER.academyCode], password: DEMO_MANAGER.password },
			now
		);
	}
	console.log(
		`[démonstration] espace gestionnaire (/admin), administrateur : ${DEMO_ADMINISTRATOR.email} / ${DEMO_ADMINISTRATOR.password}`
	);
	console.log(`[démonstration] espace gestionnaire (/admin), gestionnaire de Grenoble : ${DEMO_MANAGER.email} / ${DEMO_MANAGER.password}`);
}
