// The one configuration module, read by the server and by the command-line scripts alike.
// Plain TypeScript over process.env: no Vite, no $env, no $lib imports (scripts run it with tsx).
import path from 'node:path';

export interface Config {
	port: number;
	/** Interface the server listens on. */
	host: string;
	origin: string;
	dataDir: string;
	/** Bytes adapter-node accepts in a request body; each endpoint enforces its own smaller limit. */
	bodySizeLimit: number;
	/** Load the demonstration data into an empty database at start. */
	demo: boolean;
	/**
	 * smtp:// or smtps:// URL of the mail relay. Without it mail stays in the outbox; `npm run serve`
	 * refuses to start without it unless `mailTransport` is 'log'.
	 */
	smtpUrl: string | null;
	/**
	 * 'smtp' (the default): mail leaves through SMTP_URL and no link ever reaches the log. 'log'
	 * (MAIL_TRANSPORT=log, the demonstration): nothing is sent, SMTP_URL is ignored, and the log shows
	 * each message's recipient, subject and links.
	 */
	mailTransport: 'smtp' | 'log';
	mailFrom: string;
	sessions: {
		candidateIdleMs: number;
		candidateMaxMs: number;
		managerIdleMs: number;
		managerMaxMs: number;
	};
	throttle: ThrottleConfig;
	/** adapter-node's own variables, read here to validate them and to warn about a proxy. */
	proxy: {
		/** The header a reverse proxy puts the client address in; null when clients connect directly. */
		addressHeader: string | null;
		/** With X-Forwarded-For: how many proxies in front of the app append to it. */
		xffDepth: number;
	};
}

export interface Rate {
	limit: number;
	windowMs: number;
}

export interface ThrottleConfig {
	/** Failed logins on one account before any delay. */
	loginFreeFailures: number;
	/** First delay after the free failures; it doubles at each further failure, up to the maximum. */
	loginFirstDelayMs: number;
	loginMaxDelayMs: number;
	/** Per client address. */
	addressLogins: Rate;
	addressSignups: Rate;
	addressActivationResends: Rate;
	addressPasswordResets: Rate;
	/** Per email address: mails a stranger could make us send to someone. */
	emailMails: Rate;
}

export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		reason: string
	) {
		super(`Invalid ${variable}: ${reason}`);
		this.name = 'ConfigError';
	}
}

type Env = Record<string, string | undefined>;

const BYTE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];
// A supporting document may weigh 5 MB; multipart encoding adds a little.
const DEFAULT_BODY_SIZE_LIMIT = '6M';

function readPort(env: Env): number {
	const raw = env.PORT?.trim() || '3000';
	const port = Number(raw);
	if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
		throw new ConfigError('PORT', `'${raw}' is not a TCP port between 1 and 65535`);
	}
	return port;
}

function readOrigin(env: Env, port: number): string {
	const raw = env.ORIGIN?.trim() || `http://localhost:${port}`;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new ConfigError('ORIGIN', `'${raw}' is not a URL such as https://candidat.example.org`);
	}
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search) {
		throw new ConfigError('ORIGIN', `'${raw}' must be http(s)://host[:port] with no path`);
	}
	return url.origin;
}

function readBytes(env: Env, variable: string, fallback: string): number {
	const raw = env[variable]?.trim() || fallback;
	const match = /^(\d+)\s*([KMG]?)$/i.exec(raw);
	if (!match) throw new ConfigError(variable, `'${raw}' is not a size such as 512K or 6M`);
	const bytes = Number(match[1]) * BYTE_UNITS[match[2].toUpperCase()];
	if (bytes <= 0) throw new ConfigError(variable, `'${raw}' must be greater than zero`);
	return bytes;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDuration(raw: string): number | null {
	const match = /^(\d+)\s*([smhd])$/i.exec(raw);
	if (!match) return null;
	const ms = Number(match[1]) * DURATION_UNITS[match[2].toLowerCase()];
	return ms > 0 ? ms : null;
}

function readDuration(env: Env, variable: string, fallback: string): number {
	const raw = env[variable]?.trim() || fallback;
	const ms = parseDuration(raw);
	if (ms === null) throw new ConfigError(variable, `'${raw}' is not a duration such as 90s, 15m, 24h or 30d`);
	return ms;
}

function readCount(env: Env, variable: string, fallback: number): number {
	const raw = env[variable]?.trim();
	if (!raw) return fallback;
	if (!/^\d+$/.test(raw)) throw new ConfigError(variable, `'${raw}' is not a whole number`);
	return Number(raw);
}

function readPositiveCount(env: Env, variable: string, fallback: number): number {
	const count = readCount(env, variable, fallback);
	if (count < 1) throw new ConfigError(variable, `'${env[variable]}' must be 1 or more`);
	return count;
}

/** « 30/15m »: at most 30 in any 15 minutes. */
function readRate(env: Env, variable: string, fallback: string): Rate {
	const raw = env[variable]?.trim() || fallback;
	const [count, duration] = raw.split('/');
	const windowMs = duration ? parseDuration(duration.trim()) : null;
	if (!/^\d+$/.test(count?.trim() ?? '') || Number(count) < 1 || windowMs === null) {
		throw new ConfigError(variable, `'${raw}' is not a rate such as 30/15m`);
	}
	return { limit: Number(count), windowMs };
}

function readSmtpUrl(env: Env): string | null {
	const raw = env.SMTP_URL?.trim();
	if (!raw) return null;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new ConfigError('SMTP_URL', 'not a URL such as smtp://user:password@relay.example.org:587');
	}
	if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
		throw new ConfigError('SMTP_URL', `the scheme must be smtp: or smtps:, not ${url.protocol}`);
	}
	return raw;
}

function readMailTransport(env: Env): 'smtp' | 'log' {
	const raw = env.MAIL_TRANSPORT?.trim() || 'smtp';
	if (raw !== 'smtp' && raw !== 'log') throw new ConfigError('MAIL_TRANSPORT', `'${raw}' is neither smtp nor log`);
	return raw;
}

/**
 * SPEC N1 in production: mail must really leave. The one-line reason `npm run serve` refuses to
 * start, or null when mail goes out (or is explicitly written to the log).
 */
export function mailNotConfigured(config: Pick<Config, 'smtpUrl' | 'mailTransport'>): string | null {
	if (config.mailTransport === 'log' || config.smtpUrl) return null;
	return 'Missing SMTP_URL: mail to candidates would never leave. Set SMTP_URL=smtp://user:password@relay.example.org:587, or MAIL_TRANSPORT=log to write mail to the log instead (demonstration only).';
}

function readMailFrom(env: Env, origin: string): string {
	const raw = env.MAIL_FROM?.trim() || `Portail candidat <ne-pas-repondre@${new URL(origin).hostname}>`;
	if (!/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(raw)) {
		throw new ConfigError('MAIL_FROM', `'${raw}' is not an address such as Portail candidat <ne-pas-repondre@example.org>`);
	}
	return raw;
}

function readHeaderName(env: Env, variable: string): string | null {
	const raw = env[variable]?.trim();
	if (!raw) return null;
	if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(raw)) throw new ConfigError(variable, `'${raw}' is not a header name such as X-Forwarded-For`);
	return raw.toLowerCase();
}

function readBoolean(env: Env, variable: string, fallback: boolean): boolean {
	const raw = env[variable]?.trim().toLowerCase();
	if (!raw) return fallback;
	if (TRUE_WORDS.includes(raw)) return true;
	if (FALSE_WORDS.includes(raw)) return false;
	throw new ConfigError(variable, `'${env[variable]}' is not one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`);
}

export function readConfig(env: Env = process.env): Config {
	const port = readPort(env);
	const origin = readOrigin(env, port);
	return {
		port,
		host: env.HOST?.trim() || '0.0.0.0',
		origin,
		dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
		bodySizeLimit: readBytes(env, 'BODY_SIZE_LIMIT', DEFAULT_BODY_SIZE_LIMIT),
		demo: readBoolean(env, 'DEMO', false),
		smtpUrl: readMailTransport(env) === 'log' ? null : readSmtpUrl(env),
		mailTransport: readMailTransport(env),
		mailFrom: readMailFrom(env, origin),
		sessions: {
			candidateIdleMs: readDuration(env, 'SESSION_CANDIDATE_IDLE', '24h'),
			candidateMaxMs: readDuration(env, 'SESSION_CANDIDATE_MAX', '30d'),
			managerIdleMs: readDuration(env, 'SESSION_MANAGER_IDLE', '30m'),
			managerMaxMs: readDuration(env, 'SESSION_MANAGER_MAX', '12h')
		},
		throttle: {
			loginFreeFailures: readCount(env, 'THROTTLE_LOGIN_FREE_FAILURES', 5),
			loginFirstDelayMs: readDuration(env, 'THROTTLE_LOGIN_FIRST_DELAY', '1m'),
			loginMaxDelayMs: readDuration(env, 'THROTTLE_LOGIN_MAX_DELAY', '15m'),
			addressLogins: readRate(env, 'THROTTLE_ADDRESS_LOGINS', '30/15m'),
			addressSignups: readRate(env, 'THROTTLE_ADDRESS_SIGNUPS', '10/1h'),
			addressActivationResends: readRate(env, 'THROTTLE_ADDRESS_ACTIVATION_RESENDS', '10/1h'),
			addressPasswordResets: readRate(env, 'THROTTLE_ADDRESS_PASSWORD_RESETS', '10/1h'),
			emailMails: readRate(env, 'THROTTLE_EMAIL_MAILS', '5/1h')
		},
		proxy: {
			addressHeader: readHeaderName(env, 'ADDRESS_HEADER'),
			xffDepth: readPositiveCount(env, 'XFF_DEPTH', 1)
		}
	};
}

let current: Config | undefined;

/** The configuration of this process, read once from process.env. */
export function getConfig(): Config {
	current ??= readConfig();
	return current;
}
