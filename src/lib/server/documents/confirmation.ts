// The confirmation of registration (SPEC R8): its content, gathered once and rendered twice, as a
// PDF (pdf-lib, DejaVu Sans embedded so that every name renders) and as an accessible HTML page.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { A4, newPdf, wrapText } from './pdf';
import { versionLabel } from '../../domain/registration-api';
import { formatParisDate } from '../../domain/registration-window';
import { OFFICE_CONTACT_PENDING } from '../../domain/admin-windows';

export interface ConfirmationData {
	registrationNumber: string;
	candidateNumber: string;
	version: number;
	issuedAt: string;
	exam: { domainName: string; sessionYear: number; academyName: string; specialtyName: string; optionName: string | null };
	identity: Array<[string, string]>;
	choices: Array<[string, string]>;
	unitsToSit: string[];
	exemptions: string[];
	accommodationsApplied: string;
	supportingDocuments: Array<{ label: string; uploaded: boolean }>;
	/** Only confirmed values (SPEC M2): null where the catalogue still holds a placeholder. */
	office: { serviceName: string | null; addressLines: string[] | null; email: string | null; phone: string | null };
	returnDate: string | null;
}

export const CONFIRMATION_TITLE = 'Confirmation d’inscription';

export function confirmationFileName(registrationNumber: string, version: number): string {
	return `confirmation-inscription-${registrationNumber}-version-${String(version).padStart(2, '0')}.pdf`;
}

const MARGIN = 50;
const BLUE = rgb(0.12, 0.23, 0.58);

/** Writes lines top to bottom, wrapping words, starting a new page when one is full. */
class Writer {
	page: PDFPage;
	y: number;

	constructor(
		private readonly pdf: PDFDocument,
		private readonly regular: PDFFont,
		private readonly bold: PDFFont
	) {
		this.page = pdf.addPage([A4.width, A4.height]);
		this.y = A4.height - MARGIN;
	}

	newPage(): void {
		this.page = this.pdf.addPage([A4.width, A4.height]);
		this.y = A4.height - MARGIN;
	}

	text(text: string, options: { size?: number; bold?: boolean; indent?: number; color?: ReturnType<typeof rgb>; gap?: number } = {}): void {
		const size = options.size ?? 9;
		const font = options.bold ? this.bold : this.regular;
		const x = MARGIN + (options.indent ?? 0);
		for (const line of wrapText(text, font, size, A4.width - x - MARGIN)) {
			if (this.y - size < MARGIN) this.newPage();
			this.y -= size * 1.35;
			this.page.drawText(line, { x, y: this.y, size, font, color: options.color ?? rgb(0.1, 0.1, 0.12) });
		}
		this.y -= options.gap ?? 0;
	}

	pair(label: string, value: string): void {
		this.text(`${label} : ${value || '—'}`, { indent: 8 });
	}

	heading(text: string): void {
		this.y -= 5;
		this.text(text, { size: 11, bold: true, color: BLUE, gap: 1 });
	}
}

export async function renderConfirmationPdf(data: ConfirmationData): Promise<Uint8Array> {
	const { pdf, regular, bold } = await newPdf();
	const title = `${CONFIRMATION_TITLE} ${data.registrationNumber} – ${versionLabel(data.version)}`;
	pdf.setTitle(title, { showInWindowTitleBar: true });
	pdf.setAuthor(data.office.serviceName ? `Portail candidat – ${data.office.serviceName}` : 'Portail candidat');
	pdf.setSubject(`${data.exam.domainName}, session ${data.exam.sessionYear}`);
	pdf.setLanguage('fr-FR');
	pdf.setCreator('Portail candidat');
	pdf.setProducer('Portail candidat (pdf-lib)');
	pdf.setCreationDate(new Date(data.issuedAt));

	const w = new Writer(pdf, regular, bold);
	// Top right: the numbers and the version (guide §5).
	const corner = [`N° candidat : ${data.candidateNumber}`, `N° inscription : ${data.registrationNumber}`, versionLabel(data.version)];
	corner.forEach((line, index) => {
		const width = bold.widthOfTextAtSize(line, 10);
		w.page.drawText(line, { x: A4.width - MARGIN - width, y: A4.height - MARGIN - 12 - index * 14, size: 10, font: bold });
	});
	w.y -= 48;
	w.text(CONFIRMATION_TITLE, { size: 18, bold: true, color: BLUE, gap: 4 });
	w.text(`${data.exam.domainName} – session ${data.exam.sessionYear} – ${data.exam.academyName}`, { size: 11, bold: true });
	w.text(`Spécialité : ${data.exam.specialtyName}${data.exam.optionName ? `, option ${data.exam.optionName}` : ''}`, { size: 11, gap: 4 });

	w.heading('Identité');
	for (const [label, value] of data.identity) w.pair(label, value);
	w.heading('Choix de l’examen et situation');
	// Only what was answered: an empty line says nothing on an official document.
	for (const [label, value] of data.choices) if (value !== '—') w.pair(label, value);
	w.heading('Épreuves que je passerai');
	for (const unit of data.unitsToSit) w.text(`• ${unit}`, { indent: 8 });
	w.heading('Épreuves dont je suis dispensé(e)');
	if (data.exemptions.length === 0) w.text('Aucune.', { indent: 8 });
	for (const line of data.exemptions) w.text(`• ${line}`, { indent: 8 });
	w.heading('Aménagements d’épreuves');
	w.pair('Demande déposée', data.accommodationsApplied);

	w.y -= 10;
	w.text(`Document édité le ${formatParisDate(data.issuedAt)}.`, { size: 9 });
	// The heading and its box stay together.
	if (w.y - 100 < MARGIN) w.newPage();
	w.heading('Lu et vérifié, date et signature');
	w.page.drawRectangle({ x: MARGIN, y: w.y - 70, width: 260, height: 62, borderColor: rgb(0.3, 0.3, 0.35), borderWidth: 1 });
	w.y -= 70;

	// Page 2, « au dos »: what to send, where and by when.
	w.newPage();
	w.text(`${CONFIRMATION_TITLE} ${data.registrationNumber} – ${versionLabel(data.version)} (verso)`, { size: 9 });
	w.heading('Pièces justificatives à joindre');
	for (const document of data.supportingDocuments) {
		w.text(`• ${document.label}${document.uploaded ? ' (déjà déposée sur le portail)' : ''}`, { indent: 8 });
	}
	w.heading('Retour de la confirmation signée');
	// Never a placeholder as fact (SPEC M2): an unconfirmed date or address is not printed.
	const returnBy = data.returnDate ? `avant le ${data.returnDate.split('-').reverse().join('/')}` : 'dans le délai fixé par votre académie';
	const { serviceName, addressLines, email, phone } = data.office;
	if (serviceName && addressLines) {
		w.text(`Imprimez, vérifiez et signez cette confirmation, puis renvoyez-la avec les pièces justificatives ${returnBy} à :`, { gap: 4 });
		for (const line of [serviceName, ...addressLines]) w.text(line, { indent: 8, bold: true });
	} else {
		w.text(
			`Imprimez, vérifiez et signez cette confirmation, puis renvoyez-la avec les pièces justificatives ${returnBy} au service des examens de votre académie.`,
			{
				gap: 4
			}
		);
		w.text(OFFICE_CONTACT_PENDING, { indent: 8, bold: true });
	}
	const contact = [email, phone].filter(Boolean).join(' – ');
	if (contact) w.text(`Contact : ${contact}`, { indent: 8, gap: 4 });
	return pdf.save();
}
