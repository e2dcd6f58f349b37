// The benchmark's mail relay: an SMTP server on the loopback that accepts every message and keeps
// only their count. The server under load then sends its confirmations through nodemailer over
// SMTP, as in production; MAIL_TRANSPORT=log wrote a console line instead, cheaper than a real
// delivery (one SMTP connection per mail) and so kinder to the submission's figure.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
	/** smtp://127.0.0.1:<port>, for the server's SMTP_URL. */
	readonly url: string;
	/** Messages received so far. */
	received(): number;
	stop(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
	let count = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		// A relay answers at once: the time spent here is the delivery's, not the benchmark's.
		closeTimeout: 1_000,
		onData(stream, _session, callback) {
			stream.on('end', () => {
				count += 1;
				callback();
			});
			stream.resume();
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received: () => count,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
