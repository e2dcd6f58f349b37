// A real SMTP server for the browser tests: the app's delivery job (SMTP_URL) sends through it,
// and the tests read what a candidate would find in their mailbox.
// A small MIME reader (no mailparser here): headers with RFC 2047 words, multipart bodies,
// quoted-printable and base64 transfer encodings, UTF-8 text.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	/** Envelope recipients (RCPT TO), lower-cased. */
	to: string[];
	/** The To: header, decoded. */
	toHeader: string;
	subject: string;
	text: string;
	html: string;
	raw: string;
	/** Every http(s) link of the text part, in order. */
	links: string[];
}

export interface MailServer {
	readonly port: number;
	/** smtp://127.0.0.1:<port>, for the app's SMTP_URL. */
	readonly url: string;
	readonly messages: ReceivedMail[];
	/** The first message to `to` (case-insensitive) whose subject matches, received after `since` (an index into messages). */
	waitForMail(to: string, subject: string | RegExp, timeoutMs?: number, since?: number): Promise<ReceivedMail>;
	stop(): Promise<void>;
}

interface Part {
	headers: Map<string, string>;
	body: string;
}

/** Latin-1 "binary" string of bytes → UTF-8 text. */
function utf8(binary: string): string {
	return Buffer.from(binary, 'latin1').toString('utf8');
}

export function decodeQuotedPrintable(text: string): string {
	const bytes = text
		// Soft line breaks end a line with "=".
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return utf8(bytes);
}

/** « =?UTF-8?Q?R=C3=A9initialisation?= » words of a header. */
export function decodeHeaderWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, data: string) =>
			encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' '))
		);
}

function parsePart(raw: string): Part {
	const split = raw.search(/\r?\n\r?\n/);
	const head = split < 0 ? raw : raw.slice(0, split);
	const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
	const headers = new Map<string, string>();
	// Folded header lines start with white space.
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body };
}

function decodeBody(part: Part): string {
	const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
	if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
	return utf8(part.body);
}

/** The leaf parts of a message, by content type. */
function leaves(part: Part): Array<{ type: string; content: string }> {
	const type = part.headers.get('content-type') ?? 'text/plain';
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (type.toLowerCase().startsWith('multipart/') && boundary) {
		const sections = part.body.split(`--${boundary}`);
		// Before the first boundary: the preamble; after the closing one ("--"): the epilogue.
		return sections
			.slice(1)
			.filter((section) => !section.startsWith('--'))
			.flatMap((section) => leaves(parsePart(section.replace(/^\r?\n/, ''))));
	}
	return [{ type: type.split(';')[0].trim().toLowerCase(), content: decodeBody(part) }];
}

export function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
	const message = parsePart(raw);
	const parts = leaves(message);
	const text = parts.find((part) => part.type === 'text/plain')?.content ?? '';
	const html = parts.find((part) => part.type === 'text/html')?.content ?? '';
	return {
		to: envelopeTo.map((address) => address.toLowerCase()),
		toHeader: decodeHeaderWords(message.headers.get('to') ?? ''),
		subject: decodeHeaderWords(message.headers.get('subject') ?? ''),
		text,
		html,
		raw,
		links: text.match(/https?:\/\/[^\s<>"]+/g) ?? []
	};
}

export async function startMailServer(): Promise<MailServer> {
	const messages: ReceivedMail[] = [];
	const waiters = new Set<() => void>();
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('latin1');
				messages.push(
					parseMail(
						raw,
						session.envelope.rcptTo.map((rcpt) => rcpt.address)
					)
				);
				for (const wake of waiters) wake();
				callback();
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.server.address() as AddressInfo).port;

	const find = (to: string, subject: string | RegExp, since: number) =>
		messages
			.slice(since)
			.find(
				(mail) =>
					mail.to.includes(to.toLowerCase()) && (typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject))
			);

	return {
		port,
		url: `smtp://127.0.0.1:${port}`,
		messages,
		waitForMail(to, subject, timeoutMs = 15_000, since = 0) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const found = find(to, subject, since);
					if (!found) return false;
					waiters.delete(check);
					clearTimeout(timer);
					resolve(found);
					return true;
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					const seen = messages.map((mail) => `${mail.to.join(',')}: « ${mail.subject} »`).join('\n  ');
					reject(new Error(`no mail « ${subject} » to ${to} within ${timeoutMs} ms; received:\n  ${seen || '(none)'}`));
				}, timeoutMs);
				if (!check()) waiters.add(check);
			});
		},
		stop: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

/** The activation link as the candidate finds it in their mailbox. */
export async function mailedActivationLink(mail: MailServer, email: string): Promise<string> {
	const message = await mail.waitForMail(email, 'Activez votre compte candidat', 20_000);
	const link = message.links.find((candidate) => candidate.includes('/compte/activer'));
	if (!link) throw new Error(`No activation link in the mail to ${email}`);
	return link;
}
