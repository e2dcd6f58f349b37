// The production server: adapter-node's handler behind a thin entry that validates the
// configuration first (one line naming a bad variable), gives every response, static files
// included, the security headers, and compresses the dynamic ones (./compression.ts).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, mailNotConfigured, readConfig, type Config } from '../src/lib/server/config';
import { exposedAddressHeaderWarning } from '../src/lib/server/proxy';
import { STATIC_CONTENT_SECURITY_POLICY, securityHeadersFor } from '../src/lib/server/security-headers';
import { withCompression } from './compression';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

let config: Config;
try {
	config = readConfig();
} catch (error) {
	if (error instanceof ConfigError) fail(error.message);
	throw error;
}

const noMail = mailNotConfigured(config);
if (noMail) fail(noMail);

const exposed = exposedAddressHeaderWarning(config);
if (exposed) console.warn(exposed);

const handlerFile = path.join(root, 'build', 'handler.js');
if (!fs.existsSync(handlerFile)) fail('No build found in build/: run `npm run build` first.');

// WORKERS=N: this process only starts and watches N copies of this script (scripts/cluster.ts).
{
	const { default: cluster } = await import('node:cluster');
	const { readWorkers, superviseWorkers } = await import('./cluster');
	let workers: number;
	try {
		workers = readWorkers();
	} catch (error) {
		if (error instanceof ConfigError) fail(error.message);
		throw error;
	}
	if (workers > 1 && cluster.isPrimary) {
		await superviseWorkers(workers);
		process.exit();
	}
}

// adapter-node reads these when its handler is imported.
process.env.ORIGIN = config.origin;
process.env.BODY_SIZE_LIMIT = String(config.bodySizeLimit);

const { handler } = (await import(pathToFileURL(handlerFile).href)) as {
	handler: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
};

const headers = { ...securityHeadersFor(config.origin), 'Content-Security-Policy': STATIC_CONTENT_SECURITY_POLICY };

const compressed = withCompression((req, res) =>
	handler(req, res, () => {
		res.statusCode = 404;
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.end('Page introuvable');
	})
);

const server = http.createServer((req, res) => {
	// Set before the handler: Kit's pages replace the policy with their own, static files keep these.
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	compressed(req, res);
});

// An idle kept-alive connection stays open 65 s, not Node's 5: a reverse proxy or a load balancer
// keeps its own idle connections up to 60 s (nginx's upstream keepalive, most load balancers) and
// must be the one to close them, or a request it sends on a connection the server is closing fails
// (a 502 for the candidate; the test clients met it as EPIPE). The headers' timeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(config.port, config.host, () => {
	console.log(`Portail candidat listening on ${config.origin} (port ${config.port}${config.demo ? ', demonstration data' : ''})`);
});

function shutdown(signal: string) {
	server.close(() => {
		process.emit('sveltekit:shutdown' as 'beforeExit', signal as unknown as number);
		process.exit(0);
	});
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 5000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
