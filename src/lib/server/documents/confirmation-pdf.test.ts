// Issue #17: the confirmation PDF is drawn in a worker thread, so that the server's requests are
// not held while it is drawn.
import { performance } from 'node:perf_hooks';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderConfirmationPdf, type ConfirmationData } from './confirmation';

function confirmationOf(registrationNumber: string): ConfirmationData {
	return {
		registrationNumber,
		candidateNumber: '0812345678',
		version: 2,
		issuedAt: '2027-01-15T09:30:00.000Z',
		exam: {
			domainName: 'Baccalauréat professionnel',
			sessionYear: 2027,
			academyName: 'Académie de Grenoble',
			specialtyName: 'Métiers du commerce et de la vente',
			optionName: 'A – Animation'
		},
		identity: [
			['Nom de naissance', 'Lœuvre-Éçàèê'],
			['Prénoms', 'Zoé « Anaïs »']
		],
		choices: [['Situation', 'Candidat individuel']],
		unitsToSit: Array.from({ length: 12 }, (_, n) => `E${n + 1} – Épreuve numéro ${n + 1} de la spécialité, écrite et orale`),
		exemptions: [],
		accommodationsApplied: 'non',
		supportingDocuments: [{ label: 'Pièce d’identité', uploaded: true }],
		office: { serviceName: null, addressLines: null, email: null, phone: null },
		returnDate: null
	};
}

async function textOf(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const pages: string[] = [];
	for (let number = 1; number <= pdf.numPages; number++) {
		const text = await (await pdf.getPage(number)).getTextContent();
		pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return pages.join('\n');
}

describe('#17: confirmation PDFs drawn off the event loop', () => {
	it('#17: while confirmations are drawn, the event loop stays free for requests', async () => {
		await renderConfirmationPdf(confirmationOf('27080000001'));
		const before = performance.eventLoopUtilization();
		for (let n = 0; n < 5; n++) await renderConfirmationPdf(confirmationOf(`2708000000${n + 2}`));
		// Drawn on the event loop, it was busy about 98% of the time; here, posting and receiving only.
		expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.3);
	}, 60_000);

	it('#17: confirmations asked at once each come back with their own content', async () => {
		const numbers = ['27080000101', '27080000102', '27080000103'];
		const pdfs = await Promise.all(numbers.map((number) => renderConfirmationPdf(confirmationOf(number))));
		const texts = await Promise.all(pdfs.map(textOf));
		texts.forEach((text, index) => {
			expect(text).toContain(`N° inscription : ${numbers[index]}`);
			for (const other of numbers.filter((number) => number !== numbers[index])) expect(text).not.toContain(other);
			expect(text).toContain('Lœuvre-Éçàèê');
			expect(text).toContain('Version 02');
		});
	}, 60_000);

	it('#17: a name the Latin cut of the font cannot print is drawn with the full fonts, as typed', async () => {
		const latin = confirmationOf('27080000201');
		const other = confirmationOf('27080000202');
		other.identity = [
			['Nom de naissance', 'Nguyễn'],
			['Prénoms', 'Ольга Σοφία']
		];
		const [latinText, otherText] = await Promise.all([latin, other].map(async (data) => textOf(await renderConfirmationPdf(data))));
		expect(latinText).toContain('Lœuvre-Éçàèê');
		expect(latinText).toContain('Zoé « Anaïs »');
		expect(otherText).toContain('Nguyễn');
		expect(otherText).toContain('Ольга Σοφία');
		// The rest of the page is the same either way.
		for (const text of [latinText, otherText]) expect(text).toContain('Épreuves dont je suis dispensé(e)');
	}, 60_000);
});
