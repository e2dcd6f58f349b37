// The notices of a candidate's own registration (SPEC N1): saved, modified (with its version),
// withdrawn, set aside by the exam office. Each says what happened and links to the page; none
// carries a document or more personal data than the first names. Queued in the transaction of the
// change, so a change without its notice (or a notice without its change) cannot happen.
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { preparedQuery, type Executor } from '../db';
import { candidates } from '../db/schema';
import { enqueueMail } from './outbox';
import { render, type Mail } from './templates';
import { versionLabel } from '../../domain/registration-api';

export type RegistrationEvent =
	| { kind: 'saved'; registrationNumber: string }
	| { kind: 'modified'; registrationNumber: string; version: number }
	| { kind: 'withdrawn'; registrationNumber: string }
	| { kind: 'set-aside'; registrationNumber: string; reason: string };

export type NoticeConfig = Pick<Config, 'origin' | 'smtpUrl'> & Partial<Pick<Config, 'mailTransport'>>;

export function registrationNoticeMail(to: string, firstNames: string, event: RegistrationEvent, origin: string): Mail {
	const page = { label: 'Voir mon inscription', url: new URL(`/mes-inscriptions/${event.registrationNumber}`, origin).href };
	const greeting = `Bonjour ${firstNames},`;
	const contact = 'Pour toute question, consultez « J’ai besoin d’aide » sur le Portail candidat ou contactez le service des examens.';
	switch (event.kind) {
		case 'saved':
			return render(to, `Votre inscription n° ${event.registrationNumber} est enregistrée`, {
				greeting,
				paragraphs: [
					`Votre inscription n° ${event.registrationNumber} est enregistrée (${versionLabel(1)}).`,
					'Imprimez votre confirmation d’inscription, vérifiez-la, signez-la et renvoyez-la avec les pièces justificatives demandées, à la date indiquée au dos.'
				],
				action: page,
				after: [contact]
			});
		case 'modified':
			return render(to, `Votre inscription n° ${event.registrationNumber} est modifiée (${versionLabel(event.version)})`, {
				greeting,
				paragraphs: [
					`La modification de votre inscription n° ${event.registrationNumber} est enregistrée : elle passe en ${versionLabel(event.version)}.`,
					'Une nouvelle confirmation d’inscription est disponible : c’est elle qu’il faut imprimer, signer et renvoyer.'
				],
				action: page,
				after: [contact]
			});
		case 'withdrawn':
			return render(to, `Votre désinscription de l’inscription n° ${event.registrationNumber}`, {
				greeting,
				paragraphs: [
					`Votre inscription n° ${event.registrationNumber} est désinscrite. Elle ne peut pas être réactivée.`,
					'Pour vous présenter à cet examen, faites une nouvelle inscription tant que le service est ouvert : elle aura un nouveau N° inscription, et vous gardez votre N° candidat.'
				],
				after: [contact]
			});
		case 'set-aside':
			return render(to, `Votre inscription n° ${event.registrationNumber} est écartée par le service des examens`, {
				greeting,
				paragraphs: [`Le service des examens a écarté votre inscription n° ${event.registrationNumber}.`, `Motif : ${event.reason}`],
				action: page,
				after: ['Contactez le service des examens de votre académie pour savoir comment régulariser votre situation.']
			});
	}
}

/** Queues the notice of an event to the candidate, when they have an address (a pupil may not). */
const addressee = preparedQuery((db) =>
	db
		.select({ email: candidates.email, firstNames: candidates.firstNames })
		.from(candidates)
		.where(eq(candidates.id, sql.placeholder('candidateId')))
);

export function noticeRegistrationEvent(
	tx: Executor,
	candidateId: string,
	event: RegistrationEvent,
	now: Date,
	config: NoticeConfig
): void {
	const candidate = addressee(tx).get({ candidateId });
	if (!candidate?.email) return;
	enqueueMail(tx, registrationNoticeMail(candidate.email, candidate.firstNames, event, config.origin), now, config);
}
