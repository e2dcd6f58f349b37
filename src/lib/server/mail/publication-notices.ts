// SPEC M6, N1: the notice that the exam office published a document. It never carries the document,
// a mark, or personal data beyond the first names: only the kind of document and a link to
// « Mes documents », where the candidate reads it once logged in (D3).
import { render, type Mail } from './templates';

export function documentPublishedMail(to: string, firstNames: string, documentLabel: string, url: string): Mail {
	return render(to, 'Un nouveau document est disponible dans votre espace candidat', {
		greeting: `Bonjour ${firstNames},`,
		paragraphs: [
			`Le service des examens a mis à votre disposition un document : ${documentLabel}.`,
			'Pour le consulter, connectez-vous au Portail candidat et ouvrez « Mes documents ». Pour protéger vos données, le document n’est pas joint à ce message.'
		],
		action: { label: 'Ouvrir Mes documents', url },
		after: ['Vous n’êtes pas concerné par ce message ? Contactez le service des examens de votre académie.']
	});
}
