// SPEC N3: reminders 7 days and 1 day before a registration window closes (in the académie's
// zone), to the candidates who still have something to do there: a draft never saved, or
// supporting documents missing or refused. Each candidate gets each reminder once: the key of
// `sent_reminders` is claimed in the transaction that queues the mail, so two runs at once or a
// restart in between cannot send it twice. A candidate may switch reminders off.
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db';
import { candidates, registrationDrafts, isActiveRegistration, registrations, registrationWindows, sentReminders } from '../db/schema';
import { closingText, findAcademy } from '../catalogue';
import { listSupportingDocuments } from '../documents/supporting';
import { enqueueMail } from './outbox';
import { render, type Mail } from './templates';

const DAY_MS = 86_400_000;

export type ReminderStage = 'D-7' | 'D-1';

/** Which reminder is due this far from the close: within a day the last one, within a week the first. */
export function reminderStage(closesAt: Date, now: Date): ReminderStage | null {
	const left = closesAt.getTime() - now.getTime();
	if (left <= 0 || left > 7 * DAY_MS) return null;
	return left <= DAY_MS ? 'D-1' : 'D-7';
}

/** What is left to do for one candidate at one window. */
export interface PendingSteps {
	draft: boolean;
	/** Registration numbers with supporting documents missing or refused. */
	pieces: string[];
}

export function windowReminderMail(
	to: string,
	firstNames: string,
	reminder: { academyName: string; closesAtText: string; steps: PendingSteps },
	origin: string
): Mail {
	const todo = [
		...(reminder.steps.draft ? ['Enregistrer votre inscription : votre brouillon n’est pas encore une inscription.'] : []),
		...reminder.steps.pieces.map((number) => `Déposer les pièces justificatives manquantes ou refusées de votre inscription n° ${number}.`)
	];
	return render(to, `Rappel : le service d’inscription ferme le ${reminder.closesAtText}`, {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [`${reminder.academyName} : le service d’inscription ferme le ${reminder.closesAtText}.`, 'Il vous reste à :', ...todo],
		action: { label: 'Voir mon espace candidat', url: new URL('/espace-candidat', origin).href },
		after: ['Vous pouvez ne plus recevoir ces rappels depuis « Modifier mon compte ».']
	});
}

/** Queues the reminders due now; returns how many were queued. */
export function sendWindowReminders(
	db: Db,
	config: Pick<Config, 'origin' | 'smtpUrl'> & Partial<Pick<Config, 'mailTransport'>>,
	now: Date
): number {
	const windows = db
		.select()
		.from(registrationWindows)
		.where(
			and(
				eq(registrationWindows.audience, 'public'),
				gt(registrationWindows.closesAt, now),
				lte(registrationWindows.closesAt, new Date(now.getTime() + 7 * DAY_MS))
			)
		)
		.all();
	let queued = 0;
	for (const window of windows) {
		const stage = reminderStage(window.closesAt, now);
		if (!stage) continue;
		const place = and(
			eq(registrations.examDomainCode, window.examDomainCode),
			eq(registrations.sessionYear, window.sessionYear),
			eq(registrations.academyCode, window.academyCode)
		);
		const steps = new Map<string, PendingSteps>();
		const stepsOf = (candidateId: string) =>
			steps.get(candidateId) ?? steps.set(candidateId, { draft: false, pieces: [] }).get(candidateId)!;
		// A draft of a new registration (a modification's draft has a number: that registration is saved).
		for (const draft of db
			.select({ candidateId: registrationDrafts.candidateId })
			.from(registrationDrafts)
			.where(
				and(
					eq(registrationDrafts.examDomainCode, window.examDomainCode),
					eq(registrationDrafts.sessionYear, window.sessionYear),
					eq(registrationDrafts.academyCode, window.academyCode),
					isNull(registrationDrafts.registrationNumber)
				)
			)
			.all()) {
			stepsOf(draft.candidateId).draft = true;
		}
		for (const registration of db
			.select({ candidateId: registrations.candidateId, registrationNumber: registrations.registrationNumber })
			.from(registrations)
			.where(and(place, isActiveRegistration(), isNull(registrations.setAsideAt)))
			.all()) {
			const listed = listSupportingDocuments(db, registration.candidateId, registration.registrationNumber);
			if (listed?.items.some((item) => !item.file || item.file.state === 'refused')) {
				stepsOf(registration.candidateId).pieces.push(registration.registrationNumber);
			}
		}
		if (steps.size === 0) continue;
		const academy = findAcademy(db, window.academyCode)!;
		const closesAtText = closingText(db, window.academyCode, window.closesAt);
		for (const [candidateId, pending] of steps) {
			const sent = db.transaction(
				(tx) => {
					const candidate = tx
						.select({ email: candidates.email, firstNames: candidates.firstNames, optOut: candidates.remindersOptOut })
						.from(candidates)
						.where(eq(candidates.id, candidateId))
						.get();
					if (!candidate?.email || candidate.optOut) return false;
					const claimed = tx
						.insert(sentReminders)
						.values({ key: `window:${window.id}:${stage}:${candidateId}`, candidateId, sentAt: now })
						.onConflictDoNothing()
						.run();
					if (claimed.changes === 0) return false;
					const mail = windowReminderMail(
						candidate.email,
						candidate.firstNames,
						{ academyName: academy.fullName ?? academy.name, closesAtText, steps: pending },
						config.origin
					);
					enqueueMail(tx, mail, now, config);
					return true;
				},
				{ behavior: 'immediate' }
			);
			if (sent) queued += 1;
		}
	}
	return queued;
}
