// Forms of the admin view's reference data (SPEC M2): registration windows, exam offices and
// sessions. Client-safe: the admin pages validate with the same schemas before sending.
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { PARIS_TIME_ZONE, utcOffsetOf } from './registration-window';

// ─── Registration windows (M2, P1, R15) ───

export const WINDOW_AUDIENCES = { public: 'Grand public', school: 'Scolaire' } as const;
export type WindowAudienceCode = keyof typeof WINDOW_AUDIENCES;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A real calendar day, « 2027-02-30 » is not. */
export function isCalendarDate(value: string): boolean {
	const match = DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const dateField = (missing: string) =>
	z.string().trim().min(1, missing).refine(isCalendarDate, 'Indiquez une date valide, par exemple 04/01/2027.');

const timeField = (missing: string) => z.string().trim().min(1, missing).regex(TIME, 'Indiquez une heure valide, par exemple 09:00.');

/**
 * A window as the form enters it: the opening and the closing in the académie's own time (R15),
 * converted to instants on the server with the académie's time zone.
 */
export const windowFormSchema = z
	.object({
		academyCode: z.string().trim().min(1, 'Choisissez l’académie.'),
		examDomainCode: z.string().trim().min(1, 'Choisissez l’examen.'),
		sessionYear: z
			.string()
			.trim()
			.min(1, 'Choisissez la session.')
			.regex(/^\d{4}$/, 'Choisissez la session.'),
		audience: z.enum(['public', 'school'], { error: 'Choisissez le public de la fenêtre.' }),
		opensDate: dateField('Indiquez la date d’ouverture.'),
		opensTime: timeField('Indiquez l’heure d’ouverture.'),
		closesDate: dateField('Indiquez la date de fermeture.'),
		closesTime: timeField('Indiquez l’heure de fermeture.')
	})
	.superRefine((window, ctx) => {
		if (!isCalendarDate(window.opensDate) || !isCalendarDate(window.closesDate)) return;
		if (!TIME.test(window.opensTime) || !TIME.test(window.closesTime)) return;
		// Both are on the same académie's clock: comparing the wall-clock texts is enough here; the
		// server compares the instants again.
		if (`${window.closesDate}T${window.closesTime}` <= `${window.opensDate}T${window.opensTime}`) {
			ctx.addIssue({ code: 'custom', path: ['closesDate'], message: WINDOW_MESSAGES.closesBeforeOpens });
		}
	});

export type WindowForm = z.infer<typeof windowFormSchema>;

export const WINDOW_MESSAGES = {
	closesBeforeOpens: 'La fermeture doit être après l’ouverture.',
	overlap: (other: string) => `Cette période chevauche une autre fenêtre du même public pour cet examen et cette session (${other}).`,
	unknownSession: 'Cette session n’existe pas pour cet examen : ajoutez-la d’abord dans « Services des examens ».',
	unknownAcademy: 'Choisissez une académie dans la liste.',
	unknownDomain: 'Choisissez un examen dans la liste.'
} as const;

/** The wall-clock date and time of an instant in a time zone, as the form's inputs hold them. */
export function localInputsOf(instant: Date, timeZone: string): { date: string; time: string } {
	const zoned = new TZDate(instant.getTime(), timeZone);
	const pad = (value: number) => String(value).padStart(2, '0');
	return {
		date: `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`,
		time: `${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`
	};
}

/** « heure de Paris », « heure de La Réunion (UTC+4) »: the académie's clock, always named (R15). */
export function timeZoneLabel(timeZone: string, place: string, at: Date = new Date()): string {
	if (timeZone === PARIS_TIME_ZONE) return 'heure de Paris';
	const offset = utcOffsetOf(at, timeZone);
	return `heure de ${place}${offset ? ` (${offset})` : ''}`;
}

/** « 04/01/2027 à 09:00 » on the académie's clock: the dense form of the admin tables. */
export function formatLocalInstant(instant: Date, timeZone: string): string {
	const { date, time } = localInputsOf(instant, timeZone);
	const [year, month, day] = date.split('-');
	return `${day}/${month}/${year} à ${time}`;
}

// ─── Exam offices (M2, R8, R13) ───

/** The office fields a catalogue file may mark as placeholders (illustrativeFields). */
export const OFFICE_FIELDS = [
	'serviceName',
	'email',
	'phone',
	'postalAddress',
	'accommodationCircularUrl',
	'confirmationReturnDate'
] as const;
export type OfficeField = (typeof OFFICE_FIELDS)[number];

export { OFFICE_CONTACT_PENDING } from './notices';

/** The label shown next to a value still illustrative in the admin view. */
export const TO_CONFIRM = 'à confirmer';

interface OfficeLike {
	serviceName: string;
	email: string;
	phone: string;
	postalAddress: { lines: string[]; postalCode: string; city: string; country: string };
	accommodationCircularUrl: string;
	accommodationCircularPath: string | null;
	confirmationReturnDate: string;
	illustrativeFields: string[];
}

/** An office's values as a candidate may see them: each placeholder replaced by null. */
export interface ConfirmedOffice {
	serviceName: string | null;
	email: string | null;
	phone: string | null;
	/** Lines, then « postal code city », then the country outside France. */
	addressLines: string[] | null;
	accommodationCircular: { url: string; path: string | null } | null;
	confirmationReturnDate: string | null;
}

export function confirmedOffice(office: OfficeLike | null | undefined): ConfirmedOffice {
	const confirmed = (field: OfficeField) => !!office && !office.illustrativeFields.includes(field);
	const address = office?.postalAddress;
	return {
		serviceName: confirmed('serviceName') ? office!.serviceName : null,
		email: confirmed('email') ? office!.email : null,
		phone: confirmed('phone') ? office!.phone : null,
		addressLines:
			confirmed('postalAddress') && address
				? [
						...address.lines,
						`${address.postalCode} ${address.city}`,
						...(address.country && address.country !== 'France' ? [address.country] : [])
					]
				: null,
		accommodationCircular: confirmed('accommodationCircularUrl')
			? { url: office!.accommodationCircularUrl, path: office!.accommodationCircularPath }
			: null,
		confirmationReturnDate: confirmed('confirmationReturnDate') ? office!.confirmationReturnDate : null
	};
}

const requiredText = (missing: string, max = 200) =>
	z.string().trim().min(1, missing).max(max, `Ce texte ne peut pas dépasser ${max} caractères.`);

/** The exam office form of « Services des examens » (administrators only). */
export const examOfficeFormSchema = z.object({
	serviceName: requiredText('Indiquez le nom du service.'),
	addressLines: z
		.string()
		.trim()
		.min(1, 'Indiquez l’adresse postale (une ligne par ligne d’adresse).')
		.refine((value) => value.split(/\r?\n/).filter((line) => line.trim()).length <= 6, 'L’adresse compte au plus 6 lignes.')
		.refine((value) => value.split(/\r?\n/).every((line) => line.trim().length <= 120), 'Une ligne compte au plus 120 caractères.'),
	postalCode: z
		.string()
		.trim()
		.min(1, 'Indiquez le code postal.')
		.regex(/^[0-9A-Za-z][0-9A-Za-z -]{1,9}$/, 'Indiquez un code postal valide, par exemple 38021.'),
	city: requiredText('Indiquez la ville.', 100),
	country: requiredText('Indiquez le pays.', 100),
	email: z
		.string()
		.trim()
		.min(1, 'Indiquez l’adresse mail du service.')
		.max(254, 'L’adresse mail est trop longue.')
		.pipe(z.email('Indiquez une adresse mail valide, par exemple ce.dec@ac-grenoble.fr.')),
	phone: z
		.string()
		.trim()
		.min(1, 'Indiquez le téléphone du service.')
		.regex(/^\+?[0-9][0-9 .()-]{5,22}$/, 'Indiquez un numéro de téléphone valide, par exemple 04 76 74 70 00.'),
	confirmationReturnDate: dateField('Indiquez la date limite de réception de la confirmation signée.'),
	accommodationCircularUrl: z
		.string()
		.trim()
		.min(1, 'Indiquez l’adresse de la circulaire sur les aménagements d’épreuves.')
		.max(500, 'L’adresse est trop longue.')
		.refine((value) => {
			try {
				return new URL(value).protocol === 'https:';
			} catch {
				return false;
			}
		}, 'Indiquez une adresse web complète en https, par exemple https://www.ac-grenoble.fr/.'),
	accommodationCircularPath: z.string().trim().max(300, 'Ce texte ne peut pas dépasser 300 caractères.')
});

export type ExamOfficeForm = z.infer<typeof examOfficeFormSchema>;

/** A session year added to an exam domain (administrators only). */
export const sessionFormSchema = z.object({
	examDomainCode: z.string().trim().min(1, 'Choisissez l’examen.'),
	year: z
		.string()
		.trim()
		.min(1, 'Indiquez l’année de la session.')
		.regex(/^\d{4}$/, 'Indiquez l’année sur 4 chiffres, par exemple 2028.')
		.refine((value) => Number(value) >= 2000 && Number(value) <= 2100, 'Indiquez une année entre 2000 et 2100.')
});

export const SESSION_MESSAGES = {
	exists: 'Cette session existe déjà pour cet examen.',
	unknownDomain: 'Choisissez un examen dans la liste.'
} as const;
