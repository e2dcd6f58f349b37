// The notices of the supporting documents' review (SPEC M5, N1): a piece refused, with its reason,
// and a reminder that is waiting in « Mes documents ». A notice never carries the document nor
// more personal data than the first names; it links to the candidate's own page.
import { render, type Mail } from './templates';

/** A piece was refused: which one, why, and where to replace it (even in a locked set). */
export function pieceRefusedMail(
	to: string,
	firstNames: string,
	refusal: { registrationNumber: string; pieceLabel: string; reason: string },
	url: string
): Mail {
	return render(to, 'Une pièce justificative a été refusée', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			`Le service des examens a refusé la pièce « ${refusal.pieceLabel} » de votre inscription n° ${refusal.registrationNumber}.`,
			`Motif : ${refusal.reason}`,
			'Vous pouvez déposer une autre pièce à sa place, même si vos pièces sont verrouillées : elle sera examinée de nouveau.'
		],
		action: { label: 'Voir mes pièces justificatives', url },
		after: ['Pour toute question, contactez le service des examens de votre académie.']
	});
}

/** A « Relance de pièces justificatives » is in « Mes documents »; the list itself stays there. */
export function supportingReminderMail(to: string, firstNames: string, registrationNumber: string, url: string): Mail {
	return render(to, 'Relance : des pièces justificatives sont attendues', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			`Des pièces justificatives de votre inscription n° ${registrationNumber} manquent ou ont été refusées.`,
			'Le service des examens vous a adressé une relance qui les liste : elle se trouve dans « Mes documents » sur le Portail candidat.'
		],
		action: { label: 'Voir mes documents', url },
		after: ['Déposez les pièces demandées depuis « Mes inscriptions », rubrique « Pièces justificatives ».']
	});
}
