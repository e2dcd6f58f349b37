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

function readBoolean(env: Env, variable: string, fallback: boolean): boolean {
	const raw = env[variable]?.trim().toLowerCase();
	if (!raw) return fallback;
	if (TRUE_WORDS.includes(raw)) return true;
	if (FALSE_WORDS.includes(raw)) return false;
	throw new ConfigError(variable, `'${env[variable]}' is not one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`);
}

export function readConfig(env: Env = process.env): Config {
	const port = readPort(env);
	return {
		port,
		host: env.HOST?.trim() || '0.0.0.0',
		origin: readOrigin(env, port),
		dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
		bodySizeLimit: readBytes(env, 'BODY_SIZE_LIMIT', DEFAULT_BODY_SIZE_LIMIT),
		demo: readBoolean(env, 'DEMO', false)
	};
}

let current: Config | undefined;

/** The configuration of this process, read once from process.env. */
export function getConfig(): Config {
	current ??= readConfig();
	return current;
}
