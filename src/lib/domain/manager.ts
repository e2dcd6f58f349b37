// Schemas of the manager forms (SPEC M1), shared by the admin pages, the server and the CLI.
import { z } from 'zod';

/** SPEC M1: at least 12 characters, no composition rule. */
export const MANAGER_PASSWORD_MIN_LENGTH = 12;
/** Long passphrases welcome (argon2 hashes any length in the same time). */
export const MANAGER_PASSWORD_MAX_LENGTH = 128;

export const MANAGER_ROLES = { manager: 'Gestionnaire', administrator: 'Administrateur' } as const;
export type ManagerRole = keyof typeof MANAGER_ROLES;

export const managerEmailSchema = z
	.string()
	.trim()
	.min(1, 'Indiquez l’adresse mail.')
	.max(254, 'L’adresse mail est trop longue.')
	.pipe(z.email('Indiquez une adresse mail valide, par exemple prenom.nom@ac-grenoble.fr.'));

/** A new manager password: length only (NIST SP 800-63B), checked the same by the pages and the CLI. */
export const managerPasswordSchema = z
	.string()
	.min(MANAGER_PASSWORD_MIN_LENGTH, `Le mot de passe doit contenir au moins ${MANAGER_PASSWORD_MIN_LENGTH} caractères.`)
	.max(MANAGER_PASSWORD_MAX_LENGTH, `Le mot de passe ne peut pas dépasser ${MANAGER_PASSWORD_MAX_LENGTH} caractères.`);

export const managerLoginSchema = z.object({
	email: managerEmailSchema,
	password: z.string().min(1, 'Indiquez votre mot de passe.').max(MANAGER_PASSWORD_MAX_LENGTH, 'Mot de passe incorrect.')
});

/** A TOTP code (6 digits, spaces allowed as the apps show them) or a recovery code. */
export const secondFactorSchema = z.object({
	code: z
		.string()
		.trim()
		.min(1, 'Indiquez le code à 6 chiffres de votre application, ou un code de secours.')
		.max(40, 'Ce code est trop long.')
});

export const totpEnrolmentSchema = z.object({
	code: z
		.string()
		.transform((value) => value.replace(/\s/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'Indiquez les 6 chiffres affichés par votre application.'))
});
