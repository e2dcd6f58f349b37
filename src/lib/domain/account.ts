// Schemas of the account forms (SPEC A1–A8), shared by the pages (superforms) and the server.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, passwordProblem } from './password';
import { isCandidateNumber, normalizeNumber } from './numbers';

export { CIVILITIES, EMAIL_TAKEN_MESSAGE, NATIONALITIES } from './account-labels';

/** Emails are compared case-insensitively (SPEC A2): this is the form they are stored and compared in. */
export function normalizeEmail(email: string): string {
	return email.normalize('NFC').trim().toLowerCase();
}

const NAME = /^[\p{L}][\p{L}\p{M} '’-]*$/u;

const requiredText = (label: string, max: number) =>
	z
		.string()
		.trim()
		.min(1, `Indiquez ${label}.`)
		.max(max, `${label[0].toUpperCase()}${label.slice(1)} ne peut pas dépasser ${max} caractères.`);

const personName = (label: string) =>
	requiredText(label, 60).regex(
		NAME,
		`${label[0].toUpperCase()}${label.slice(1)} ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.`
	);

export const emailSchema = z
	.string()
	.trim()
	.min(1, 'Indiquez votre adresse mail.')
	.max(254, 'L’adresse mail est trop longue.')
	.pipe(z.email('Indiquez une adresse mail valide, par exemple prenom.nom@exemple.fr.'));

export const newPasswordSchema = z
	.string()
	.min(1, 'Choisissez un mot de passe.')
	.superRefine((password, ctx) => {
		const problem = passwordProblem(password);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

/** A password typed to log in or to confirm an action: never longer than any password can be. */
export const currentPasswordSchema = z
	.string()
	.min(1, 'Indiquez votre mot de passe.')
	.max(PASSWORD_MAX_LENGTH * 4, 'Mot de passe incorrect.');

function isRealDate(text: string): boolean {
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Personal data (SPEC A1) as the account holds it; locked once a registration exists (A8). */
export const personalDataSchema = z
	.object({
		// '' first: superforms starts an enum on its first value, and nothing may be chosen for the person.
		civility: z
			.enum(['', 'M', 'MME'], 'Indiquez votre civilité.')
			.refine((value) => value !== '', 'Indiquez votre civilité.')
			.transform((value) => value as Exclude<typeof value, ''>),
		birthName: personName('votre nom de naissance'),
		usageName: z
			.string()
			.trim()
			.max(60, 'Le nom d’usage ne peut pas dépasser 60 caractères.')
			.refine(
				(name) => name === '' || NAME.test(name),
				'Le nom d’usage ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.'
			),
		firstNames: personName('vos prénoms'),
		birthDate: z
			.string()
			.min(1, 'Indiquez votre date de naissance.')
			.refine(
				(text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text),
				'Indiquez une date de naissance valide, au format jj/mm/aaaa.'
			)
			.refine((text) => {
				const year = Number(text.slice(0, 4));
				const thisYear = new Date().getUTCFullYear();
				return year >= thisYear - 100 && year <= thisYear - 13;
			}, 'Vérifiez votre date de naissance : vous devez avoir au moins 13 ans.'),
		birthPlace: requiredText('votre commune de naissance', 80),
		birthCountry: requiredText('votre pays de naissance', 60),
		nationality: z
			.enum(['', 'FR', 'EU', 'OTHER'], 'Indiquez votre nationalité.')
			.refine((value) => value !== '', 'Indiquez votre nationalité.')
			.transform((value) => value as Exclude<typeof value, ''>),
		addressLine1: requiredText('votre adresse', 100),
		addressLine2: z.string().trim().max(100, 'Le complément d’adresse ne peut pas dépasser 100 caractères.'),
		postalCode: requiredText('votre code postal', 10).regex(/^[0-9A-Za-z -]{3,10}$/, 'Indiquez un code postal valide.'),
		city: requiredText('votre commune', 80),
		country: requiredText('votre pays de résidence', 60),
		phone: z
			.string()
			.trim()
			.min(1, 'Indiquez votre numéro de téléphone.')
			.refine(
				(phone) => /^\+?[0-9 .()-]{6,20}$/.test(phone) && phone.replace(/\D/g, '').length >= 9,
				'Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78.'
			)
	})
	.superRefine((data, ctx) => {
		if (data.country.trim().toLowerCase() === 'france' && !/^\d{5}$/.test(data.postalCode)) {
			ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'Un code postal français a 5 chiffres.' });
		}
	});

export type PersonalData = z.infer<typeof personalDataSchema>;
/** What the form holds before validation ('' where nothing is chosen yet). */
export type PersonalDataInput = z.input<typeof personalDataSchema>;
export const PERSONAL_DATA_FIELDS = Object.keys(personalDataSchema.shape) as Array<keyof PersonalData>;

function passwordsMatch(data: { password: string; passwordConfirmation: string }, ctx: z.RefinementCtx) {
	if (data.password !== data.passwordConfirmation) {
		ctx.addIssue({ code: 'custom', path: ['passwordConfirmation'], message: 'Les deux mots de passe ne sont pas identiques.' });
	}
}

/** « Créer mon compte » (SPEC A1–A3). */
export const createAccountSchema = personalDataSchema
	.safeExtend({
		email: emailSchema,
		password: newPasswordSchema,
		passwordConfirmation: z.string().min(1, 'Confirmez votre mot de passe.')
	})
	.superRefine(passwordsMatch);

export const loginSchema = z.object({
	email: emailSchema,
	password: currentPasswordSchema
});

export const emailOnlySchema = z.object({ email: emailSchema });

export const newPasswordFormSchema = z
	.object({ password: newPasswordSchema, passwordConfirmation: z.string().min(1, 'Confirmez votre mot de passe.') })
	.superRefine(passwordsMatch);

export const changePasswordSchema = z
	.object({
		currentPassword: currentPasswordSchema,
		password: newPasswordSchema,
		passwordConfirmation: z.string().min(1, 'Confirmez votre nouveau mot de passe.')
	})
	.superRefine(passwordsMatch);

export const changeEmailSchema = z.object({
	newEmail: emailSchema,
	currentPassword: currentPasswordSchema
});

/** The login slip (papillon de connexion) of a school candidate (SPEC A7). */
export const LOGIN_SLIP_SECRET_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LOGIN_SLIP_SECRET_LENGTH = 10;

export const loginSlipSchema = z.object({
	candidateNumber: z
		.string()
		.trim()
		.min(1, 'Indiquez votre numéro de candidat.')
		.transform(normalizeNumber)
		.refine(isCandidateNumber, 'Ce numéro de candidat n’est pas valide : vérifiez-le sur votre papillon de connexion.'),
	// As typed: it is the slip's code or, once chosen, the password, which must not be altered.
	// The server normalizes the slip's code only (normalizeLoginSlipSecret).
	secret: z.string().min(1, 'Indiquez le code secret de votre papillon de connexion.').max(40, 'Code secret incorrect.')
});

/** The slip's code as printed, whatever the spaces, dashes and case typed. */
export function normalizeLoginSlipSecret(secret: string): string {
	return secret.replace(/[\s-]/g, '').toUpperCase();
}

/** SPEC N3: the reminders before a window closes, on by default; the registration's own notices always go. */
export const remindersSchema = z.object({ reminders: z.boolean().default(false) });
