// SPEC M7, A7: « papillons de connexion », eight to an A4 page with dashed cut lines, each with the
// pupil's name, N° candidat, initial code and how to log in. Rendered in memory for one download:
// the codes exist nowhere else (only their hashes are stored), so this PDF is never written to disk.
import { A4, newPdf, wrapText } from './pdf';
import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface LoginSlip {
	name: string;
	candidateNumber: string;
	secret: string;
	/** The académie or the school, printed small to help hand the slips out. */
	caption: string;
}

const COLUMNS = 2;
const ROWS = 4;
export const SLIPS_PER_PAGE = COLUMNS * ROWS;
const PADDING = 18;
const INK = rgb(0.1, 0.1, 0.12);
const BLUE = rgb(0, 0, 0.57);
const GREY = rgb(0.45, 0.45, 0.5);

/** The code in two groups of five, easier to copy from paper; the login ignores the space. */
export function printedSecret(secret: string): string {
	return secret.length === 10 ? `${secret.slice(0, 5)} ${secret.slice(5)}` : secret;
}

function drawCutLines(page: PDFPage): void {
	const dash = { dashArray: [4, 3], thickness: 0.5, color: GREY };
	for (let column = 1; column < COLUMNS; column += 1) {
		const x = (A4.width / COLUMNS) * column;
		page.drawLine({ start: { x, y: 0 }, end: { x, y: A4.height }, ...dash });
	}
	for (let row = 1; row < ROWS; row += 1) {
		const y = (A4.height / ROWS) * row;
		page.drawLine({ start: { x: 0, y }, end: { x: A4.width, y }, ...dash });
	}
}

export async function renderLoginSlipsPdf(slips: readonly LoginSlip[], origin: string, issuedAt: Date): Promise<Uint8Array> {
	const { pdf, regular, bold } = await newPdf({ slips, origin });
	pdf.setTitle('Papillons de connexion – Portail candidat', { showInWindowTitleBar: true });
	pdf.setLanguage('fr-FR');
	pdf.setCreator('Portail candidat');
	pdf.setProducer('Portail candidat (pdf-lib)');
	pdf.setCreationDate(issuedAt);

	const loginAddress = `${origin}/candidat-scolaire`;
	const slipWidth = A4.width / COLUMNS;
	const slipHeight = A4.height / ROWS;
	let page: PDFPage | null = null;
	slips.forEach((slip, index) => {
		const place = index % SLIPS_PER_PAGE;
		if (place === 0) {
			page = pdf.addPage([A4.width, A4.height]);
			drawCutLines(page);
		}
		const x = (place % COLUMNS) * slipWidth + PADDING;
		let y = A4.height - Math.floor(place / COLUMNS) * slipHeight - PADDING;
		const width = slipWidth - 2 * PADDING;
		const line = (text: string, options: { size: number; font?: PDFFont; color?: typeof INK; gap?: number }) => {
			const font = options.font ?? regular;
			for (const part of wrapText(text, font, options.size, width)) {
				y -= options.size + 2;
				page!.drawText(part, { x, y, size: options.size, font, color: options.color ?? INK });
			}
			y -= options.gap ?? 0;
		};
		line('Papillon de connexion – Portail candidat', { size: 8, font: bold, color: BLUE, gap: 4 });
		line(slip.name, { size: 12, font: bold, gap: 1 });
		if (slip.caption) line(slip.caption, { size: 7, color: GREY, gap: 3 });
		line(`N° candidat : ${slip.candidateNumber}`, { size: 11, font: bold });
		line(`Code initial : ${printedSecret(slip.secret)}`, { size: 11, font: bold, gap: 5 });
		line(`1. Allez sur ${loginAddress} (lien « Je suis candidat scolaire »).`, { size: 7.5 });
		line('2. Saisissez votre N° candidat et ce code, puis « Me connecter ».', { size: 7.5 });
		line('3. Choisissez votre mot de passe : ce code ne servira plus.', { size: 7.5, gap: 3 });
		line('Gardez ce papillon pour vous : il donne accès à votre inscription.', { size: 6.5, color: GREY });
	});
	return pdf.save();
}
