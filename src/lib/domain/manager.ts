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

function passwordsMatch(data: { password: string; passwordConfirmation: string }, ctx: z.RefinementCtx) {
	if (data.password !== data.passwordConfirmation) {
		ctx.addIssue({ code: 'custom', path: ['passwordConfirmation'], message: 'Les deux mots de passe ne sont pas identiques.' });
	}
}

const managerCurrentPasswordSchema = z
	.string()
	.min(1, 'Indiquez votre mot de passe actuel.')
	.max(MANAGER_PASSWORD_MAX_LENGTH, 'Mot de passe incorrect.');

/** « Mon compte »: a manager changes their own password (SPEC M1). */
export const changeManagerPasswordSchema = z
	.object({
		currentPassword: managerCurrentPasswordSchema,
		password: managerPasswordSchema,
		passwordConfirmation: z.string().min(1, 'Confirmez le nouveau mot de passe.')
	})
	.superRefine(passwordsMatch);

/** Turning the second factor off asks for the password again. */
export const confirmWithPasswordSchema = z.object({ currentPassword: managerCurrentPasswordSchema });

const academyCodesSchema = z.array(z.string().trim().min(1).max(8)).max(100);

/** « Gestionnaires »: an administrator creates an account and gives its first password to the person. */
export const newManagerSchema = z
	.object({
		email: managerEmailSchema,
		role: z.enum(['manager', 'administrator'], { error: 'Choisissez le rôle.' }),
		academyCodes: academyCodesSchema,
		password: managerPasswordSchema
	})
	.superRefine((data, ctx) => {
		if (data.role === 'manager' && data.academyCodes.length === 0) {
			ctx.addIssue({ code: 'custom', path: ['academyCodes'], message: 'Cochez au moins une académie.' });
		}
	});

/** The académies of a manager (an administrator works for all and has none). */
export const managerAcademiesSchema = z.object({
	academyCodes: academyCodesSchema.min(1, 'Cochez au moins une académie.')
});

/** An administrator types a new password for a manager who lost theirs. */
export const resetManagerPasswordSchema = z.object({ password: managerPasswordSchema });

/** « Exiger la double authentification pour tous les gestionnaires ». */
export const totpRequiredSchema = z.object({ required: z.boolean() });
