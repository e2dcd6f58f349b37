// « Relance de pièces justificatives » (SPEC M5, D1): what is missing or refused in a registration's
// supporting documents, gathered once and rendered twice, as a PDF (pdf-lib with DejaVu Sans, like
// the confirmation) and, from the same data kept in documents.payload, as an accessible HTML page.
import { A4, newPdf, wrapText } from './pdf';
import { rgb, type PDFPage } from 'pdf-lib';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { academies, candidates, documents, examDomains, registrations } from '../db/schema';
import { findExamOffice } from '../catalogue';
import { listSupportingDocuments } from './supporting';
import { CIVILITIES } from '../../domain/account';
import { confirmedOffice, OFFICE_CONTACT_PENDING } from '../../domain/admin-windows';
import { formatParisDate } from '../../domain/registration-window';

export const REMINDER_TITLE = 'Relance de pièces justificatives';

export interface ReminderData {
	registrationNumber: string;
	candidateNumber: string;
	candidateName: string;
	issuedAt: string;
	exam: { domainName: string; sessionYear: number; academyName: string };
	/** Required pieces never deposited. */
	missing: string[];
	/** Refused pieces, with the reason the office gave. */
	refused: Array<{ label: string; reason: string }>;
	/** Only confirmed values (SPEC M2): null where the catalogue still holds a placeholder. */
	office: { serviceName: string | null; addressLines: string[] | null; email: string | null; phone: string | null };
}

/** What a reminder of this registration would say today; null when nothing is missing or refused. */
export function buildReminderData(db: Db, registrationId: string, now: Date): ReminderData | null {
	const registration = db.select().from(registrations).where(eq(registrations.id, registrationId)).get()!;
	const candidate = db.select().from(candidates).where(eq(candidates.id, registration.candidateId)).get()!;
	const listed = listSupportingDocuments(db, candidate.id, registration.registrationNumber)!;
	const missing = listed.items.filter((item) => !item.file).map((item) => item.type.label);
	const refused = listed.items
		.filter((item) => item.file?.state === 'refused')
		.map((item) => ({ label: item.type.label, reason: item.file!.reviewReason ?? '' }));
	if (missing.length === 0 && refused.length === 0) return null;
	const domain = db.select().from(examDomains).where(eq(examDomains.code, registration.examDomainCode)).get()!;
	const academy = db.select().from(academies).where(eq(academies.code, registration.academyCode)).get()!;
	const office = confirmedOffice(
		findExamOffice(db, {
			academyCode: academy.code,
			examDomainCode: domain.code,
			sessionYear: registration.sessionYear
		})
	);
	const name = candidate.usageName
		? `${candidate.usageName} (${candidate.civility === 'MME' ? 'née' : 'né'} ${candidate.birthName})`
		: candidate.birthName;
	return {
		registrationNumber: registration.registrationNumber,
		candidateNumber: candidate.candidateNumber ?? '',
		candidateName: `${CIVILITIES[candidate.civility]} ${candidate.firstNames} ${name}`,
		issuedAt: now.toISOString(),
		exam: { domainName: domain.name, sessionYear: registration.sessionYear, academyName: academy.fullName ?? academy.name },
		missing,
		refused,
		office: { serviceName: office.serviceName, addressLines: office.addressLines, email: office.email, phone: office.phone }
	};
}

export function reminderFileName(registrationNumber: string, version: number): string {
	return `relance-pieces-${registrationNumber}-${String(version).padStart(2, '0')}.pdf`;
}

const MARGIN = 50;
const BLUE = rgb(0.12, 0.23, 0.58);
const INK = rgb(0.1, 0.1, 0.12);

export async function renderReminderPdf(data: ReminderData): Promise<Uint8Array> {
	const { pdf, regular, bold } = await newPdf(data);
	pdf.setTitle(`${REMINDER_TITLE} – inscription ${data.registrationNumber}`, { showInWindowTitleBar: true });
	pdf.setAuthor(data.office.serviceName ? `Portail candidat – ${data.office.serviceName}` : 'Portail candidat');
	pdf.setSubject(`${data.exam.domainName}, session ${data.exam.sessionYear}`);
	pdf.setLanguage('fr-FR');
	pdf.setCreator('Portail candidat');
	pdf.setProducer('Portail candidat (pdf-lib)');
	pdf.setCreationDate(new Date(data.issuedAt));

	let page: PDFPage = pdf.addPage([A4.width, A4.height]);
	let y = A4.height - MARGIN;
	const text = (content: string, options: { size?: number; bold?: boolean; indent?: number; color?: typeof INK; gap?: number } = {}) => {
		const size = options.size ?? 10;
		const font = options.bold ? bold : regular;
		const x = MARGIN + (options.indent ?? 0);
		for (const line of wrapText(content, font, size, A4.width - x - MARGIN)) {
			if (y - size * 1.4 < MARGIN) {
				page = pdf.addPage([A4.width, A4.height]);
				y = A4.height - MARGIN;
			}
			y -= size * 1.4;
			page.drawText(line, { x, y, size, font, color: options.color ?? INK });
		}
		y -= options.gap ?? 0;
	};
	const heading = (content: string) => {
		y -= 6;
		text(content, { size: 12, bold: true, color: BLUE, gap: 2 });
	};

	// Top right: the numbers, as on the confirmation.
	[`N° candidat : ${data.candidateNumber}`, `N° inscription : ${data.registrationNumber}`].forEach((line, index) => {
		const width = bold.widthOfTextAtSize(line, 10);
		page.drawText(line, { x: A4.width - MARGIN - width, y: A4.height - MARGIN - 12 - index * 14, size: 10, font: bold });
	});
	y -= 40;
	text(REMINDER_TITLE, { size: 18, bold: true, color: BLUE, gap: 4 });
	text(`${data.exam.domainName} – session ${data.exam.sessionYear} – ${data.exam.academyName}`, { size: 11, bold: true, gap: 6 });
	text(data.candidateName, { gap: 6 });
	text(
		'Le service des examens ne peut pas encore valider votre inscription : des pièces justificatives manquent ou ont été refusées. Déposez-les sur le Portail candidat, rubrique « Mes inscriptions », « Pièces justificatives ».',
		{ gap: 4 }
	);
	if (data.missing.length > 0) {
		heading('Pièces manquantes');
		for (const label of data.missing) text(`• ${label}`, { indent: 8 });
	}
	if (data.refused.length > 0) {
		heading('Pièces refusées');
		for (const piece of data.refused) text(`• ${piece.label} – motif : ${piece.reason}`, { indent: 8 });
	}
	heading('Contact');
	const { serviceName, addressLines, email, phone } = data.office;
	// Never a placeholder as fact (SPEC M2).
	if (serviceName) text(serviceName, { indent: 8, bold: true });
	if (serviceName && addressLines) for (const line of addressLines) text(line, { indent: 8 });
	if (!serviceName && !email && !phone) text(OFFICE_CONTACT_PENDING, { indent: 8 });
	const contact = [email, phone].filter(Boolean).join(' – ');
	if (contact) text(contact, { indent: 8 });
	y -= 10;
	text(`Document édité le ${formatParisDate(data.issuedAt)}.`, { size: 9 });
	return pdf.save();
}

/** A candidate's own reminder, for its HTML version; nothing for another's or another kind (SPEC D3). */
export function readCandidateReminder(db: Db, candidateId: string, documentId: string) {
	const document = db
		.select({ id: documents.id, version: documents.version, createdAt: documents.createdAt, payload: documents.payload })
		.from(documents)
		.where(and(eq(documents.id, documentId), eq(documents.candidateId, candidateId), eq(documents.kind, 'supporting-reminder')))
		.get();
	if (!document?.payload) return null;
	return { id: document.id, version: document.version, createdAt: document.createdAt, data: document.payload as unknown as ReminderData };
}
