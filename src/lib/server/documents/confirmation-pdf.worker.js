// The confirmation PDF (SPEC R8), drawn in a worker thread that confirmation.ts keeps for the
// process (issue #17): laying out and subsetting the fonts takes 50 to 250 ms a document, which on
// the server's event loop every request waited through.
//
// Self-contained like upload-check.worker.js: confirmation.ts imports this file as text (Vite's
// `?raw`, inlined into the server bundle) and starts it from a `data:` URL, so the built server,
// vitest and `vite dev` run the same source and the build needs no file beside the bundle. Node
// built-ins only; pdf-lib, fontkit and the fonts (both cuts, see pdf.ts) arrive by absolute path in
// workerData, and what is shared with the rest of the product (the version label, the date, the
// pending contact, which cut prints the document) comes computed with each document. Plain
// JavaScript: the text is run as it is, never compiled.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * @typedef {import('./confirmation').ConfirmationData} ConfirmationData
 * @typedef {{ versionLabel: string, issuedOn: string, officePending: string }} Texts
 * @typedef {import('./pdf').FontCut} FontCut
 * @typedef {{ id: number, data: ConfirmationData, texts: Texts, title: string, cut: FontCut }} Request
 */

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;

/** @param {{ pdfLibPath: string, fontkitPath: string, fonts: import('./pdf').FontPaths, features: Record<string, boolean> }} paths */
function renderer(paths) {
	/** @type {typeof import('pdf-lib')} */
	const { PDFDocument, rgb } = createRequire(paths.pdfLibPath)(paths.pdfLibPath);
	const fontkit = createRequire(paths.fontkitPath)(paths.fontkitPath);
	/** @param {FontCut} cut */
	const read = (cut) => ({ regular: fs.readFileSync(paths.fonts[cut].regular), bold: fs.readFileSync(paths.fonts[cut].bold) });
	const fontFiles = { latin: read('latin'), full: read('full') };
	const BLUE = rgb(0.12, 0.23, 0.58);
	const INK = rgb(0.1, 0.1, 0.12);

	// Widths already measured (fontkit shapes the whole text each time): wrapping measures every
	// line prefix, and most of a confirmation's text is the same from one to the next. Bounded. One
	// cache for both cuts: a text the Latin cut can print has the same glyphs in the full font.
	/** @type {Map<string, number>} */
	const widths = new Map();
	/** @param {'regular' | 'bold'} kind @param {import('pdf-lib').PDFFont} font @param {string} text @param {number} size */
	const widthOf = (kind, font, text, size) => {
		const key = `${kind}\u0000${size}\u0000${text}`;
		let width = widths.get(key);
		if (width === undefined) {
			if (widths.size >= 20_000) widths.clear();
			widths.set(key, (width = font.widthOfTextAtSize(text, size)));
		}
		return width;
	};

	/** @param {ConfirmationData} data @param {Texts} texts @param {string} title @param {FontCut} cut @returns {Promise<Uint8Array>} */
	return async (data, texts, title, cut) => {
		const pdf = await PDFDocument.create();
		pdf.registerFontkit(fontkit);
		const options = { subset: true, features: paths.features };
		const fonts = {
			regular: await pdf.embedFont(fontFiles[cut].regular, options),
			bold: await pdf.embedFont(fontFiles[cut].bold, options)
		};
		pdf.setTitle(`${title} ${data.registrationNumber} – ${texts.versionLabel}`, { showInWindowTitleBar: true });
		pdf.setAuthor(data.office.serviceName ? `Portail candidat – ${data.office.serviceName}` : 'Portail candidat');
		pdf.setSubject(`${data.exam.domainName}, session ${data.exam.sessionYear}`);
		pdf.setLanguage('fr-FR');
		pdf.setCreator('Portail candidat');
		pdf.setProducer('Portail candidat (pdf-lib)');
		pdf.setCreationDate(new Date(data.issuedAt));

		// Lines top to bottom, words wrapped, a new page when one is full.
		let page = pdf.addPage([A4.width, A4.height]);
		let y = A4.height - MARGIN;
		const newPage = () => {
			page = pdf.addPage([A4.width, A4.height]);
			y = A4.height - MARGIN;
		};
		/** @param {string} text @param {{ size?: number, bold?: boolean, indent?: number, color?: ReturnType<typeof rgb>, gap?: number }} [options] */
		const write = (text, options = {}) => {
			const size = options.size ?? 9;
			const kind = options.bold ? 'bold' : 'regular';
			const font = fonts[kind];
			const x = MARGIN + (options.indent ?? 0);
			const width = A4.width - x - MARGIN;
			/** @type {string[]} */
			const lines = [];
			let line = '';
			// A word longer than the width stands on its own line.
			for (const word of text.split(/\s+/)) {
				const attempt = line ? `${line} ${word}` : word;
				if (widthOf(kind, font, attempt, size) <= width || !line) line = attempt;
				else {
					lines.push(line);
					line = word;
				}
			}
			if (line) lines.push(line);
			for (const part of lines) {
				if (y - size < MARGIN) newPage();
				y -= size * 1.35;
				page.drawText(part, { x, y, size, font, color: options.color ?? INK });
			}
			y -= options.gap ?? 0;
		};
		/** @param {string} label @param {string} value */
		const pair = (label, value) => write(`${label} : ${value || '—'}`, { indent: 8 });
		/** @param {string} text */
		const heading = (text) => {
			y -= 5;
			write(text, { size: 11, bold: true, color: BLUE, gap: 1 });
		};

		// Top right: the numbers and the version (guide §5).
		const corner = [`N° candidat : ${data.candidateNumber}`, `N° inscription : ${data.registrationNumber}`, texts.versionLabel];
		corner.forEach((line, index) => {
			const width = fonts.bold.widthOfTextAtSize(line, 10);
			page.drawText(line, { x: A4.width - MARGIN - width, y: A4.height - MARGIN - 12 - index * 14, size: 10, font: fonts.bold });
		});
		y -= 48;
		write(title, { size: 18, bold: true, color: BLUE, gap: 4 });
		write(`${data.exam.domainName} – session ${data.exam.sessionYear} – ${data.exam.academyName}`, { size: 11, bold: true });
		write(`Spécialité : ${data.exam.specialtyName}${data.exam.optionName ? `, option ${data.exam.optionName}` : ''}`, { size: 11, gap: 4 });

		heading('Identité');
		for (const [label, value] of data.identity) pair(label, value);
		heading('Choix de l’examen et situation');
		// Only what was answered: an empty line says nothing on an official document.
		for (const [label, value] of data.choices) if (value !== '—') pair(label, value);
		heading('Épreuves que je passerai');
		for (const unit of data.unitsToSit) write(`• ${unit}`, { indent: 8 });
		heading('Épreuves dont je suis dispensé(e)');
		if (data.exemptions.length === 0) write('Aucune.', { indent: 8 });
		for (const line of data.exemptions) write(`• ${line}`, { indent: 8 });
		heading('Aménagements d’épreuves');
		pair('Demande déposée', data.accommodationsApplied);

		y -= 10;
		write(`Document édité le ${texts.issuedOn}.`, { size: 9 });
		// The heading and its box stay together.
		if (y - 100 < MARGIN) newPage();
		heading('Lu et vérifié, date et signature');
		page.drawRectangle({ x: MARGIN, y: y - 70, width: 260, height: 62, borderColor: rgb(0.3, 0.3, 0.35), borderWidth: 1 });
		y -= 70;

		// Page 2, « au dos »: what to send, where and by when.
		newPage();
		write(`${title} ${data.registrationNumber} – ${texts.versionLabel} (verso)`, { size: 9 });
		heading('Pièces justificatives à joindre');
		for (const document of data.supportingDocuments) {
			write(`• ${document.label}${document.uploaded ? ' (déjà déposée sur le portail)' : ''}`, { indent: 8 });
		}
		heading('Retour de la confirmation signée');
		// Never a placeholder as fact (SPEC M2): an unconfirmed date or address is not printed.
		const returnBy = data.returnDate
			? `avant le ${data.returnDate.split('-').reverse().join('/')}`
			: 'dans le délai fixé par votre académie';
		const { serviceName, addressLines, email, phone } = data.office;
		if (serviceName && addressLines) {
			write(`Imprimez, vérifiez et signez cette confirmation, puis renvoyez-la avec les pièces justificatives ${returnBy} à :`, { gap: 4 });
			for (const line of [serviceName, ...addressLines]) write(line, { indent: 8, bold: true });
		} else {
			write(
				`Imprimez, vérifiez et signez cette confirmation, puis renvoyez-la avec les pièces justificatives ${returnBy} au service des examens de votre académie.`,
				{ gap: 4 }
			);
			write(texts.officePending, { indent: 8, bold: true });
		}
		const contact = [email, phone].filter(Boolean).join(' – ');
		if (contact) write(`Contact : ${contact}`, { indent: 8, gap: 4 });
		return pdf.save();
	};
}

if (parentPort && workerData?.role === 'confirmation-pdf') {
	const port = parentPort;
	const render = renderer(workerData);
	// One document at a time, in the order asked: each answer names its request.
	let chain = Promise.resolve();
	port.on('message', (/** @type {Request} */ request) => {
		chain = chain.then(async () => {
			try {
				const bytes = await render(request.data, request.texts, request.title, request.cut);
				port.postMessage({ id: request.id, bytes });
			} catch (error) {
				port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
			}
		});
	});
}
