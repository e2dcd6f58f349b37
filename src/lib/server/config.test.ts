import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, mailNotConfigured, readConfig } from './config';

describe('configuration', () => {
	it('has embedded defaults that run the app with nothing set', () => {
		const config = readConfig({});
		expect(config).toEqual({
			port: 3000,
			host: '0.0.0.0',
			origin: 'http://localhost:3000',
			dataDir: path.resolve('data'),
			bodySizeLimit: 6 * 1024 * 1024,
			demo: false,
			smtpUrl: null,
			mailTransport: 'smtp',
			mailFrom: 'Portail candidat <ne-pas-repondre@localhost>',
			sessions: {
				candidateIdleMs: 24 * 3600_000,
				candidateMaxMs: 30 * 24 * 3600_000,
				managerIdleMs: 30 * 60_000,
				managerMaxMs: 12 * 3600_000
			},
			throttle: {
				loginFreeFailures: 5,
				loginFirstDelayMs: 60_000,
				loginMaxDelayMs: 15 * 60_000,
				addressLogins: { limit: 30, windowMs: 15 * 60_000 },
				addressSignups: { limit: 10, windowMs: 3600_000 },
				addressActivationResends: { limit: 10, windowMs: 3600_000 },
				addressPasswordResets: { limit: 10, windowMs: 3600_000 },
				emailMails: { limit: 5, windowMs: 3600_000 }
			},
			proxy: { addressHeader: null, xffDepth: 1 }
		});
	});

	it('N1: mail must leave in production: without SMTP_URL the server refuses, unless MAIL_TRANSPORT=log', () => {
		expect(mailNotConfigured(readConfig({}))).toMatch(/^Missing SMTP_URL: .*MAIL_TRANSPORT=log/);
		expect(mailNotConfigured(readConfig({ SMTP_URL: 'smtp://relay.example.org:587' }))).toBeNull();
		const logged = readConfig({ MAIL_TRANSPORT: 'log', SMTP_URL: 'smtp://relay.example.org:587' });
		expect(mailNotConfigured(logged)).toBeNull();
		// Written to the log means sent nowhere: the relay is ignored.
		expect(logged).toMatchObject({ mailTransport: 'log', smtpUrl: null });
		expect(() => readConfig({ MAIL_TRANSPORT: 'console' })).toThrow(/^Invalid MAIL_TRANSPORT: /);
	});

	it('derives ORIGIN from PORT unless ORIGIN is set', () => {
		expect(readConfig({ PORT: '8080' }).origin).toBe('http://localhost:8080');
		expect(readConfig({ PORT: '8080', ORIGIN: 'https://candidat.example.org/' }).origin).toBe('https://candidat.example.org');
	});

	it('reads sizes and switches', () => {
		expect(readConfig({ BODY_SIZE_LIMIT: '512K' }).bodySizeLimit).toBe(512 * 1024);
		expect(readConfig({ BODY_SIZE_LIMIT: '10m' }).bodySizeLimit).toBe(10 * 1024 * 1024);
		expect(readConfig({ DEMO: '1' }).demo).toBe(true);
		expect(readConfig({ DEMO: 'off' }).demo).toBe(false);
		expect(readConfig({ DATA_DIR: '/srv/portail' }).dataDir).toBe('/srv/portail');
		expect(readConfig({ SESSION_CANDIDATE_IDLE: '90s' }).sessions.candidateIdleMs).toBe(90_000);
		expect(readConfig({ THROTTLE_ADDRESS_LOGINS: '3/2m' }).throttle.addressLogins).toEqual({ limit: 3, windowMs: 120_000 });
		expect(readConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
	});

	it('A9: reads adapter-node’s proxy variables, the header name in lower case as adapter-node does', () => {
		expect(readConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' }).proxy).toEqual({
			addressHeader: 'x-forwarded-for',
			xffDepth: 2
		});
		expect(readConfig({ ADDRESS_HEADER: 'X-Real-IP' }).proxy).toEqual({ addressHeader: 'x-real-ip', xffDepth: 1 });
	});

	it.each([
		['PORT', { PORT: 'abc' }],
		['PORT', { PORT: '70000' }],
		['ORIGIN', { ORIGIN: 'localhost:3000' }],
		['ORIGIN', { ORIGIN: 'https://candidat.example.org/portail' }],
		['BODY_SIZE_LIMIT', { BODY_SIZE_LIMIT: 'beaucoup' }],
		['BODY_SIZE_LIMIT', { BODY_SIZE_LIMIT: '0' }],
		['DEMO', { DEMO: 'peut-être' }],
		['SMTP_URL', { SMTP_URL: 'http://relay' }],
		['MAIL_FROM', { MAIL_FROM: 'personne' }],
		['SESSION_CANDIDATE_IDLE', { SESSION_CANDIDATE_IDLE: 'un jour' }],
		['THROTTLE_LOGIN_FREE_FAILURES', { THROTTLE_LOGIN_FREE_FAILURES: 'cinq' }],
		['THROTTLE_ADDRESS_LOGINS', { THROTTLE_ADDRESS_LOGINS: '30 par heure' }],
		['ADDRESS_HEADER', { ADDRESS_HEADER: 'X-Forwarded-For: 1' }],
		['XFF_DEPTH', { XFF_DEPTH: '0' }],
		['XFF_DEPTH', { XFF_DEPTH: '-1' }]
	])('refuses a bad %s with its name', (variable, env) => {
		let thrown: unknown;
		try {
			readConfig(env);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ConfigError);
		expect((thrown as ConfigError).variable).toBe(variable);
		expect((thrown as Error).message).toMatch(new RegExp(`^Invalid ${variable}: `));
	});
});
