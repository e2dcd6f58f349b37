// The mails of the account (French, plain text and HTML). Every value is escaped in the HTML.
import { formatInstant, PARIS_TIME_ZONE } from '../../domain/registration-window';

export interface Mail {
	to: string;
	subject: string;
	text: string;
	html: string;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function parisTime(instant: Date): string {
	return `${formatInstant(instant, PARIS_TIME_ZONE, 'Paris')} (heure de Paris)`;
}

export interface Body {
	greeting: string;
	paragraphs: string[];
	/** None in a notice: it grants nothing, and a mail without links is harder to imitate. */
	action?: { label: string; url: string };
	after: string[];
}

/** One mail in the house layout; other modules write their notices with it (SPEC N1). */
export function render(to: string, subject: string, body: Body): Mail {
	const footer = 'Ce message est envoyé automatiquement par le Portail candidat : merci de ne pas y répondre.';
	const text = [
		body.greeting,
		'',
		...body.paragraphs.flatMap((paragraph) => [paragraph, '']),
		...(body.action ? [`${body.action.label} : ${body.action.url}`, ''] : []),
		...body.after.flatMap((paragraph) => [paragraph, '']),
		'--',
		footer
	].join('\n');
	const paragraph = (content: string) => `<p style="margin:0 0 16px">${escapeHtml(content)}</p>`;
	const action = body.action
		? `<p style="margin:24px 0"><a href="${escapeHtml(body.action.url)}" style="display:inline-block;padding:12px 20px;background:#1f3a93;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px">${escapeHtml(body.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur : ${escapeHtml(body.action.url)}</p>
`
		: '';
	const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1f">
${paragraph(body.greeting)}
${body.paragraphs.map(paragraph).join('\n')}
${action}${body.after.map(paragraph).join('\n')}
<p style="margin:24px 0 0;font-size:14px;color:#4d4d57">${escapeHtml(footer)}</p>
</body></html>`;
	return { to, subject, text, html };
}

export function activationMail(to: string, firstNames: string, url: string, expiresAt: Date): Mail {
	return render(to, 'Activez votre compte candidat', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			'Votre compte sur le Portail candidat va être créé. Pour le valider, cliquez sur le lien ci-dessous.',
			`Ce lien est valable une seule fois, jusqu’au ${parisTime(expiresAt)}. Sans activation dans les 48 heures suivant la création, le compte et toutes ses données sont supprimés : il faudra recommencer la création du compte.`
		],
		action: { label: 'Activer mon compte', url },
		after: ['Vous n’avez pas demandé la création de ce compte ? Ignorez ce message : le compte sera supprimé automatiquement.']
	});
}

export function passwordResetMail(to: string, firstNames: string, url: string, expiresAt: Date): Mail {
	return render(to, 'Réinitialisation de votre mot de passe', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			'Une réinitialisation du mot de passe de votre compte candidat a été demandée.',
			`Ce lien est valable une seule fois, jusqu’au ${parisTime(expiresAt)}. Le nouveau mot de passe fermera toutes les sessions ouvertes avec l’ancien.`
		],
		action: { label: 'Choisir un nouveau mot de passe', url },
		after: ['Vous n’avez rien demandé ? Ignorez ce message : votre mot de passe reste inchangé.']
	});
}

export function emailChangeMail(to: string, firstNames: string, url: string, expiresAt: Date): Mail {
	return render(to, 'Confirmez votre nouvelle adresse mail', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			'Vous avez demandé que cette adresse devienne l’identifiant de votre compte candidat.',
			`Confirmez-la avec le lien ci-dessous, valable une seule fois jusqu’au ${parisTime(expiresAt)}. Tant qu’elle n’est pas confirmée, votre ancienne adresse reste l’identifiant du compte.`
		],
		action: { label: 'Confirmer ma nouvelle adresse', url },
		after: ['Vous n’avez rien demandé ? Ignorez ce message.']
	});
}

export function passwordChangedMail(to: string, firstNames: string, at: Date): Mail {
	return render(to, 'Le mot de passe de votre compte a été changé', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			`Le mot de passe de votre compte candidat a été changé le ${parisTime(at)}. Les liens reçus auparavant par mail ne sont plus valables.`
		],
		after: [
			'Si vous n’êtes pas à l’origine de ce changement, choisissez sans attendre un nouveau mot de passe avec « Mot de passe oublié » sur la page « Me connecter » du Portail candidat, et prévenez le service des examens de votre académie.'
		]
	});
}

/** Sent to the address that was replaced. */
export function emailChangedMail(to: string, firstNames: string, at: Date): Mail {
	return render(to, 'L’adresse mail de votre compte a été changée', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			`Le ${parisTime(at)}, une autre adresse a remplacé celle-ci comme identifiant de votre compte candidat : le Portail candidat ne vous écrira plus ici.`
		],
		after: ['Si vous n’êtes pas à l’origine de ce changement, contactez sans attendre le service des examens de votre académie.']
	});
}

/** SPEC M4, R10: the exam office corrected the candidate's personal data; no document attached. */
export function personalDataCorrectedMail(
	to: string,
	firstNames: string,
	correction: { changes: Array<{ label: string; before: string; after: string }>; reason: string; registrationNumbers: string[] },
	url: string
): Mail {
	const several = correction.registrationNumbers.length > 1;
	return render(to, 'Le service des examens a corrigé vos informations personnelles', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			'Le service des examens a corrigé les informations personnelles de votre compte candidat :',
			...correction.changes.map((change) => `${change.label} : « ${change.before} » devient « ${change.after} ».`),
			`Motif de la correction : ${correction.reason}`,
			correction.registrationNumbers.length === 0
				? 'Vous n’avez pas d’inscription en cours : aucune confirmation d’inscription n’est modifiée.'
				: `${several ? 'Vos inscriptions' : 'Votre inscription'} n° ${correction.registrationNumbers.join(', ')} ${several ? 'ont' : 'a'} désormais une nouvelle version, avec une nouvelle confirmation d’inscription à consulter dans « Mes inscriptions ».`
		],
		action: { label: 'Voir mes inscriptions', url },
		after: ['Si une information reste erronée, contactez le service des examens de votre académie.']
	});
}
