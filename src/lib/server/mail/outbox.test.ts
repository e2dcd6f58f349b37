import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { mailOutbox } from '../db/schema';
import { createTestDb } from '../db/test-helpers';
import { createTransport, deliverDueMail, enqueueMail, retryDelayMs, type Transport } from './outbox';
import { activationMail } from './templates';

const servers: SMTPServer[] = [];
const transports: Transport[] = [];
afterEach(async () => {
	for (const transport of transports.splice(0)) transport.close();
	await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(() => resolve(null)))));
});

function relay(port: number): Transport {
	const transport = createTransport(`smtp://127.0.0.1:${port}`);
	transports.push(transport);
	return transport;
}

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

function startSmtp(port: number, received: string[], connections = { open: 0, most: 0, total: 0 }): Promise<void> {
	const server = new SMTPServer({
		onConnect(_session, callback) {
			connections.open += 1;
			connections.total += 1;
			connections.most = Math.max(connections.most, connections.open);
			callback();
		},
		onClose() {
			connections.open -= 1;
		},
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, callback) {
			let raw = '';
			stream.on('data', (chunk) => (raw += chunk));
			stream.on('end', () => {
				received.push(raw);
				callback();
			});
		}
	});
	servers.push(server);
	return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}

describe('mail outbox', () => {
	it('keeps a message while the relay is down, retries with back-off, and delivers when it is back', async () => {
		const db = createTestDb();
		const port = await freePort();
		const transport = relay(port);
		const t0 = new Date('2026-11-29T10:00:00Z');
		enqueueMail(db, activationMail('lea@example.org', 'Léa', 'https://candidat.example.org/compte/activer?jeton=abc', t0), t0, {
			smtpUrl: 'smtp://x'
		});

		// Relay down: nothing sent, nothing lost, next attempt in 30 s.
		expect(await deliverDueMail(db, transport, 'Portail <ne-pas-repondre@example.org>', t0)).toBe(0);
		let row = db.select().from(mailOutbox).get()!;
		expect(row).toMatchObject({ attempts: 1, sentAt: null });
		expect(row.nextAttemptAt).toEqual(new Date(t0.getTime() + 30_000));
		expect(row.lastError).toMatch(/ECONNREFUSED/);
		// Not due yet: not tried.
		expect(await deliverDueMail(db, transport, 'Portail <ne-pas-repondre@example.org>', new Date(t0.getTime() + 29_000))).toBe(0);
		expect(db.select().from(mailOutbox).get()!.attempts).toBe(1);

		const received: string[] = [];
		await startSmtp(port, received);
		expect(await deliverDueMail(db, transport, 'Portail <ne-pas-repondre@example.org>', new Date(t0.getTime() + 30_000))).toBe(1);
		expect(received).toHaveLength(1);
		expect(received[0]).toContain('To: lea@example.org');
		expect(received[0]).toMatch(/Subject: Activez votre compte candidat/);
		row = db.select().from(mailOutbox).get()!;
		expect(row.sentAt).not.toBeNull();
		// The single-use link does not stay in the database once delivered.
		expect(row.textBody + row.htmlBody).toBe('');
	});

	it('drains a surge in one run over a few kept connections: 130 activations, not 20 per run, one connection per message', async () => {
		const db = createTestDb();
		const port = await freePort();
		const received: string[] = [];
		const connections = { open: 0, most: 0, total: 0 };
		await startSmtp(port, received, connections);
		const t0 = new Date('2026-11-29T10:00:00Z');
		for (let index = 0; index < 130; index++) {
			const to = `candidat.${index}@example.org`;
			enqueueMail(db, activationMail(to, 'Léa', `https://candidat.example.org/compte/activer?jeton=${index}`, t0), t0, {
				smtpUrl: 'smtp://x'
			});
		}
		expect(await deliverDueMail(db, relay(port), 'Portail <ne-pas-repondre@example.org>', t0)).toBe(130);
		expect(received).toHaveLength(130);
		expect(new Set(received.map((raw) => /^To: (.*)$/m.exec(raw)?.[1])).size).toBe(130);
		expect(
			db
				.select()
				.from(mailOutbox)
				.all()
				.every((row) => row.sentAt !== null)
		).toBe(true);
		// Pooled: at most three connections at once, each carrying many messages.
		expect(connections.most).toBeLessThanOrEqual(3);
		expect(connections.total).toBeLessThanOrEqual(6);
	});

	it('stops when its time is up and leaves the rest to the next run', async () => {
		const db = createTestDb();
		const port = await freePort();
		const received: string[] = [];
		await startSmtp(port, received);
		const t0 = new Date('2026-11-29T10:00:00Z');
		for (let index = 0; index < 5; index++) {
			enqueueMail(db, activationMail(`c${index}@example.org`, 'Léa', 'https://candidat.example.org/a', t0), t0, { smtpUrl: 'smtp://x' });
		}
		const transport = relay(port);
		// One batch of two, then the budget is spent.
		expect(await deliverDueMail(db, transport, 'Portail <p@example.org>', t0, { batch: 2, budgetMs: 0 })).toBe(2);
		expect(await deliverDueMail(db, transport, 'Portail <p@example.org>', t0, { batch: 2 })).toBe(3);
		expect(received).toHaveLength(5);
	});

	it('N1: a mailed link reaches the log only when mail is explicitly written to it (MAIL_TRANSPORT=log)', () => {
		const db = createTestDb();
		const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
		try {
			const mail = activationMail('lea@example.org', 'Léa', 'http://localhost/compte/activer?jeton=secret', new Date());
			enqueueMail(db, mail, new Date(), { smtpUrl: null, mailTransport: 'smtp' });
			enqueueMail(db, mail, new Date(), { smtpUrl: 'smtp://relay.example.org', mailTransport: 'smtp' });
			expect(log.mock.calls.flat().join('\n')).not.toContain('jeton=secret');
			enqueueMail(db, mail, new Date(), { smtpUrl: null, mailTransport: 'log' });
			expect(log.mock.calls.flat().join('\n')).toContain('http://localhost/compte/activer?jeton=secret');
			expect(db.select().from(mailOutbox).all()).toHaveLength(3);
		} finally {
			log.mockRestore();
		}
	});

	it('waits 30 s, 1 min, 2 min… and at most an hour between attempts', () => {
		expect([1, 2, 3, 4, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
	});
});
