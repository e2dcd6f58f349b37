// SPEC N2: what « Mon espace » lists as « À faire » for each registration and each unsaved draft,
// with each step's deadline and the days left, counted in calendar days on the académie's clock
// (SPEC R15). Pure: the server gathers the facts, this decides the steps.
import { dateTimeFormat } from './format';
import { formatInstant, localDateOf, windowState } from './registration-window';
import { versionLabel } from './registration-api';
import { PENDING_VALIDATION_NOTICE } from './supporting-documents';
import type { PieceState } from './supporting-review';

/** An académie's clock: its IANA zone and how « heure de … » names it. */
export interface Zone {
	timeZone: string;
	place: string;
}

export interface Deadline {
	/** « lundi 4 janvier 2027 à 17:00 » for an instant, « vendredi 15 janvier 2027 » for a day. */
	text: string;
	/** Calendar days from today to the deadline's day, on the académie's calendar; negative once past. */
	daysLeft: number;
	/** « encore 3 jours », « encore 1 jour », « dernier jour », « date dépassée ». */
	daysLeftText: string;
}

interface CalendarDay {
	year: number;
	month: number;
	day: number;
}

const DAY_MS = 86_400_000;

function dayNumber(day: CalendarDay): number {
	return Date.UTC(day.year, day.month - 1, day.day) / DAY_MS;
}

function parseDay(isoDay: string): CalendarDay {
	const [year, month, day] = isoDay.slice(0, 10).split('-').map(Number);
	return { year, month, day };
}

export function daysLeftText(daysLeft: number): string {
	if (daysLeft < 0) return 'date dépassée';
	if (daysLeft === 0) return 'dernier jour';
	return daysLeft === 1 ? 'encore 1 jour' : `encore ${daysLeft} jours`;
}

/** A window's closing instant as a deadline: its day on the académie's calendar against today's there. */
export function closingDeadline(closesAt: Date, zone: Zone, now: Date): Deadline {
	const past = closesAt.getTime() <= now.getTime();
	const daysLeft = past
		? Math.min(-1, dayNumber(localDateOf(closesAt, zone.timeZone)) - dayNumber(localDateOf(now, zone.timeZone)))
		: dayNumber(localDateOf(closesAt, zone.timeZone)) - dayNumber(localDateOf(now, zone.timeZone));
	return { text: formatInstant(closesAt, zone.timeZone, zone.place), daysLeft, daysLeftText: daysLeftText(daysLeft) };
}

/** A day set by the exam office (ISO « 2027-01-15 »), due by the end of that day on the académie's calendar. */
export function dayDeadline(isoDay: string, zone: Zone, now: Date): Deadline {
	const day = parseDay(isoDay);
	const daysLeft = dayNumber(day) - dayNumber(localDateOf(now, zone.timeZone));
	return {
		text: dateTimeFormat({ dateStyle: 'full' }, 'UTC').format(new Date(Date.UTC(day.year, day.month - 1, day.day))),
		daysLeft,
		daysLeftText: daysLeftText(daysLeft)
	};
}

/** Whether « Mes documents » shows a document as « Nouveau »: published after the candidate last opened it. */
export function isNewDocument(createdAt: Date, seenAt: Date | null): boolean {
	return seenAt === null || createdAt > seenAt;
}

export type RegistrationState = 'active' | 'withdrawn' | 'set-aside';

export const REGISTRATION_STATE_LABELS: Record<RegistrationState, string> = {
	active: 'Active',
	withdrawn: 'Désinscrite',
	'set-aside': 'Écartée par le service des examens'
};

export interface RegistrationFacts {
	registrationNumber: string;
	state: RegistrationState;
	version: number;
	zone: Zone;
	/** The close of the public window open now; null when none is (closed, or made by a school). */
	openWindowClosesAt: Date | null;
	/** A « Modifier » draft kept on the server and not saved yet. */
	modificationDraft: boolean;
	/** The required pieces of the current version, with the state of what was deposited (null: never). */
	pieces: Array<{ label: string; state: PieceState | null; refusalReason: string | null }>;
	/** The exam office's confirmed return date (ISO day), null while it is only a placeholder. */
	returnDate: string | null;
	/** SPEC M4 « Confirmation signée reçue »: the version the office received, null before. */
	receivedVersion: number | null;
	/** SPEC R12: modified after locking, waiting for « Valider les modifications ». */
	pendingValidation: boolean;
	/** Documents of this registration shown as « Nouveau », the confirmation excepted (its own step). */
	newDocuments: string[];
}

export type PendingStep =
	| { kind: 'save-draft'; href: string; deadline: Deadline }
	| { kind: 'save-modification'; href: string; deadline: Deadline }
	| { kind: 'deposit-refused'; href: string; label: string; reason: string; deadline: Deadline | null }
	| { kind: 'deposit-missing'; href: string; labels: string[]; deadline: Deadline | null }
	| { kind: 'send-confirmation'; href: string; versionLabel: string; deadline: Deadline | null }
	| { kind: 'await-validation'; href: string; notice: string }
	| { kind: 'read-document'; href: string; label: string };

export const MY_DOCUMENTS_HREF = '/mes-documents';

/** Where the wizard of a new registration opens (and resumes its draft). */
export function wizardHref(draft: { examDomainCode: string; sessionYear: number; academyCode: string }): string {
	return `/inscription/${draft.examDomainCode}/${draft.sessionYear}/${draft.academyCode}`;
}

/**
 * The steps left on one registration. Guide §5: the signed confirmation goes back with the
 * supporting documents by the date on its back, so that date is the pieces' deadline too; before
 * the office has confirmed it, the pieces are due by the window's close. A withdrawn or set-aside
 * registration asks nothing more of the candidate but to read what the office published.
 */
export function registrationSteps(facts: RegistrationFacts, now: Date): PendingStep[] {
	const base = `/mes-inscriptions/${facts.registrationNumber}`;
	const documents: PendingStep[] = facts.newDocuments.map((label) => ({ kind: 'read-document', href: MY_DOCUMENTS_HREF, label }));
	if (facts.state !== 'active') return documents;
	const steps: PendingStep[] = [];
	const windowDeadline = facts.openWindowClosesAt ? closingDeadline(facts.openWindowClosesAt, facts.zone, now) : null;
	const returnDeadline = facts.returnDate ? dayDeadline(facts.returnDate, facts.zone, now) : null;
	if (facts.modificationDraft && windowDeadline)
		steps.push({ kind: 'save-modification', href: `${base}/modifier`, deadline: windowDeadline });
	const piecesDeadline = returnDeadline ?? windowDeadline;
	for (const piece of facts.pieces) {
		if (piece.state === 'refused') {
			steps.push({
				kind: 'deposit-refused',
				href: `${base}/pieces`,
				label: piece.label,
				reason: piece.refusalReason ?? '',
				deadline: piecesDeadline
			});
		}
	}
	const missing = facts.pieces.filter((piece) => piece.state === null).map((piece) => piece.label);
	if (missing.length > 0) steps.push({ kind: 'deposit-missing', href: `${base}/pieces`, labels: missing, deadline: piecesDeadline });
	// Shown until the office records the current version received (a modification needs it again).
	if (facts.receivedVersion === null || facts.receivedVersion < facts.version) {
		steps.push({
			kind: 'send-confirmation',
			href: `${base}/confirmation`,
			versionLabel: versionLabel(facts.version),
			deadline: returnDeadline
		});
	}
	if (facts.pendingValidation) steps.push({ kind: 'await-validation', href: base, notice: PENDING_VALIDATION_NOTICE });
	return [...steps, ...documents];
}

export interface DraftFacts {
	examDomainCode: string;
	sessionYear: number;
	academyCode: string;
	zone: Zone;
	/** The close of the public window open now; null when none is: the draft can no longer be saved. */
	openWindowClosesAt: Date | null;
}

/** A new registration's draft: « Enregistrer » before the window closes, or nothing once it has. */
export function draftSteps(draft: DraftFacts, now: Date): PendingStep[] {
	if (!draft.openWindowClosesAt) return [];
	return [{ kind: 'save-draft', href: wizardHref(draft), deadline: closingDeadline(draft.openWindowClosesAt, draft.zone, now) }];
}

export interface WindowRow {
	audience: 'public' | 'school';
	opensAt: Date;
	closesAt: Date;
}

/**
 * A registration's window as « Mes inscriptions » reads it (SPEC R9, R15, M7): the public window
 * open now, the one closing last where several overlap; else the last one to close, the schools'
 * for a registration a school made, which its pupil never changes.
 */
export function registrationWindow(
	windows: WindowRow[],
	registration: { active: boolean; schoolMade: boolean },
	now: Date
): { openClosesAt: Date | null; closesAt: Date | null } {
	const latestFirst = (audience: WindowRow['audience']) =>
		windows.filter((window) => window.audience === audience).sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime());
	const open = registration.schoolMade ? undefined : latestFirst('public').find((window) => windowState(window, now) === 'open');
	const shown = open ?? latestFirst(registration.schoolMade ? 'school' : 'public').at(0);
	return { openClosesAt: registration.active && open ? open.closesAt : null, closesAt: shown?.closesAt ?? null };
}

/** What the exam office's confirmed contact gives for the confirmation's return (SPEC M2). */
export interface ReturnAddress {
	serviceName: string | null;
	addressLines: string[] | null;
	email: string | null;
}

/** A step as « À faire » words it: [before] link [deadline] after, then a reason or an address. */
export interface StepView {
	kind: PendingStep['kind'];
	before: string;
	href: string;
	linkText: string;
	/** `by` is « avant le » with its spaces, so that the page's markup holds no loose words. */
	deadline: (Deadline & { late: boolean; by: string }) | null;
	after: string;
	reason: string | null;
	/** The office's postal address (its name first); null: « au service des examens de votre académie ». */
	address: string[] | null;
	email: string | null;
}

/** The French words of a step, made on the server so that the page's script stays small. */
export function describeStep(step: PendingStep, office: ReturnAddress | null = null): StepView {
	const view = { kind: step.kind, before: '', href: step.href, deadline: null, after: '', reason: null, address: null, email: null };
	const by = (deadline: Deadline | null) => (deadline ? { ...deadline, late: deadline.daysLeft <= 1, by: ' avant le ' } : null);
	switch (step.kind) {
		case 'save-draft':
			return {
				...view,
				linkText: 'Enregistrer votre inscription',
				deadline: by(step.deadline),
				after: ' : votre brouillon n’est pas encore une inscription.'
			};
		case 'save-modification':
			return {
				...view,
				linkText: 'Enregistrer vos modifications',
				deadline: by(step.deadline),
				after: ' : elles ne sont pas encore prises en compte.'
			};
		case 'deposit-refused':
			return {
				...view,
				linkText: `Déposer de nouveau la pièce « ${step.label} »`,
				deadline: by(step.deadline),
				after: ' : elle a été refusée par le service des examens.',
				reason: step.reason
			};
		case 'deposit-missing':
			return {
				...view,
				linkText: 'Déposer vos pièces justificatives',
				deadline: by(step.deadline),
				after: ` : ${step.labels.join(' ; ')}.`
			};
		case 'send-confirmation': {
			// The same confirmed values as the confirmation's back page: never a placeholder as fact.
			const postal = office?.serviceName && office.addressLines ? [office.serviceName, ...office.addressLines] : null;
			return {
				...view,
				linkText: `Imprimer, signer et envoyer la confirmation d’inscription (${step.versionLabel})`,
				deadline: by(step.deadline),
				after: `${step.deadline ? '' : ' dans le délai fixé par votre académie'}, avec vos pièces justificatives, ${postal ? 'à :' : `au service des examens de votre académie${office?.email ? '' : '.'}`}`,
				address: postal,
				email: office?.email ?? null
			};
		}
		case 'await-validation':
			return { ...view, before: `${step.notice} : envoyez-lui la nouvelle confirmation signée. `, linkText: 'Voir l’inscription' };
		case 'read-document':
			return { ...view, linkText: `Lire le nouveau document : ${step.label}`, after: ' dans « Mes documents ».' };
	}
}
