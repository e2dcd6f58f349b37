// Mail goes through an outbox table and a delivery job: a relay that is down delays mail, never
// loses it. Without SMTP_URL the messages stay in the outbox and the log shows their links, so a
// newcomer can activate an account on a fresh machine.
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import { placeholders, preparedQuery, type Db, type Executor } from '../db';
import { mailOutbox } from '../db/schema';
import type { Mail } from './templates';

const queueMail = preparedQuery((db) =>
	db.insert(mailOutbox).values({
		...placeholders('toAddress', 'subject', 'textBody', 'htmlBody'),
		createdAt: sql.placeholder('now'),
		nextAttemptAt: sql.placeholder('now')
	})
);

export function enqueueMail(
	db: Executor,
	mail: Mail,
	now: Date,
	config: Pick<Config, 'smtpUrl'> & Partial<Pick<Config, 'mailTransport'>>
): void {
	queueMail(db).run({ toAddress: mail.to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html, now });
	if (config.mailTransport === 'log') {
		const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
		console.log(`[mail not sent: no SMTP_URL] to ${mail.to}: « ${mail.subject} » ${links.join(' ')}`);
	} else if (!config.smtpUrl) {
		// Only outside `npm run serve` (unit tests, `vite dev`): a mailed link is a credential, never logged.
		console.log(`[mail not sent: no SMTP_URL] to ${mail.to}: « ${mail.subject} »`);
	}
}

export interface Transport {
	sendMail(message: { from: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
	/** Closes the pooled connections (a process that stops, or a one-off run). */
	close(): void;
}

/** Connections kept open to the relay and used at once: enough to drain a surge, few for a relay. */
const RELAY_CONNECTIONS = 3;

/**
 * A pooled SMTP transport: the connections to the relay stay open between messages and serve
 * several at once (one connection per message, opened and closed each time, was the relay's and
 * our bottleneck in a surge).
 */
export function createTransport(smtpUrl: string): Transport {
	return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: RELAY_CONNECTIONS });
}

/** 30 s, 1 min, 2 min… up to an hour between attempts; never given up. */
export function retryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends the messages that are due, a batch at a time over the pooled connections, until none is
 * due or, after a batch, `budgetMs` has passed (the next run goes on); returns how many were sent.
 * A window's opening brings bursts of activations and confirmations: 20 messages every 5 seconds
 * (4 a second) kept the activation links of a burst waiting behind it.
 */
export async function deliverDueMail(
	db: Db,
	transport: Transport,
	from: string,
	now: Date,
	{ batch = 50, budgetMs = 4_000 }: { batch?: number; budgetMs?: number } = {}
): Promise<number> {
	const started = performance.now();
	let sent = 0;
	// A message sent leaves the due list (sentAt), one refused moves past `now` (nextAttemptAt):
	// each round reads new ones. One round at least, more while the time lasts.
	do {
		const due = db
			.select()
			.from(mailOutbox)
			.where(and(isNull(mailOutbox.sentAt), lte(mailOutbox.nextAttemptAt, now)))
			.orderBy(asc(mailOutbox.id))
			.limit(batch)
			.all();
		if (due.length === 0) break;
		const delivered = await Promise.all(due.map((message) => deliver(db, transport, from, now, message)));
		sent += delivered.filter(Boolean).length;
	} while (performance.now() - started < budgetMs);
	return sent;
}

async function deliver(db: Db, transport: Transport, from: string, now: Date, message: typeof mailOutbox.$inferSelect): Promise<boolean> {
	try {
		await transport.sendMail({ from, to: message.toAddress, subject: message.subject, text: message.textBody, html: message.htmlBody });
		// The bodies hold single-use links: once delivered, they are not kept.
		db.update(mailOutbox)
			.set({ sentAt: new Date(), textBody: '', htmlBody: '', lastError: null })
			.where(eq(mailOutbox.id, message.id))
			.run();
		return true;
	} catch (error) {
		const attempts = message.attempts + 1;
		db.update(mailOutbox)
			.set({ attempts, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)), lastError: String(error).slice(0, 500) })
			.where(eq(mailOutbox.id, message.id))
			.run();
		return false;
	}
}
