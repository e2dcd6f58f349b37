import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCompression } from './compression';

const tsx = path.resolve('node_modules/.bin/tsx');

describe('starting the server', () => {
	it.each(['PORT=0x50', 'DEMO=maybe', 'ORIGIN=ftp://candidat', 'BODY_SIZE_LIMIT=lots', 'XFF_DEPTH=0', 'ADDRESS_HEADER=X Forwarded'])(
		'stops with one line naming the bad variable (%s)',
		(assignment) => {
			const [name, value] = assignment.split('=');
			const result = spawnSync(tsx, ['scripts/serve.ts'], {
				env: { ...process.env, [name]: value },
				encoding: 'utf8',
				timeout: 15_000
			});
			expect(result.status).toBe(1);
			const lines = result.stderr.trim().split('\n');
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatch(new RegExp(`^Invalid ${name}: `));
		}
	);

	it('N1: refuses to start without SMTP_URL, in one line, unless mail goes to the log', () => {
		const env = { ...process.env };
		delete env.SMTP_URL;
		delete env.MAIL_TRANSPORT;
		const result = spawnSync(tsx, ['scripts/serve.ts'], { env, encoding: 'utf8', timeout: 15_000 });
		expect(result.status).toBe(1);
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^Missing SMTP_URL: .*MAIL_TRANSPORT=log/);
	});
});

describe('compressing the answers (withCompression, as scripts/serve.ts uses it)', () => {
	const html = `<!doctype html><html lang="fr"><body>${'<p>Ouverture des services : période d’inscription.</p>'.repeat(200)}</body></html>`;
	const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4000)]);
	const script = `export const labels = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => `libellé ${i}`))};`;
	let server: http.Server;
	let origin: string;

	beforeAll(async () => {
		const handler = withCompression((req, res) => {
			if (req.url === '/page') {
				// As Kit's setResponse: headers, writeHead, then the body.
				res.setHeader('content-type', 'text/html');
				res.writeHead(200);
				res.write(html);
				res.end();
			} else if (req.url === '/static.js') {
				// As sirv with a precompressed copy: the encoding is already set.
				const body = brotliCompressSync(script);
				res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Encoding': 'br', 'Content-Length': body.length });
				res.end(body);
			} else if (req.url === '/file.pdf') {
				res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.length });
				res.end(pdf);
			} else if (req.url === '/export.csv') {
				res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' });
				res.end('N° inscription;Nom\r\n'.repeat(200));
			} else if (req.url === '/events') {
				res.writeHead(200, { 'Content-Type': 'text/event-stream' });
				res.write('data: premier\n\n'.padEnd(2000, ' '));
				// The end comes only once the client has read the first event.
			} else {
				res.writeHead(404).end();
			}
		});
		server = http.createServer((req, res) => {
			res.setHeader('X-Content-Type-Options', 'nosniff');
			handler(req, res);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	function get(pathname: string, acceptEncoding?: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
		return new Promise((resolve, reject) => {
			http
				.get(`${origin}${pathname}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
				})
				.on('error', reject);
		});
	}

	it('#17: sends a page in brotli when asked, decodable, with Vary: Accept-Encoding and the headers set before', async () => {
		const { headers, body } = await get('/page', 'gzip, deflate, br');
		expect(headers['content-encoding']).toBe('br');
		expect(headers.vary).toBe('Accept-Encoding');
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['content-length']).toBeUndefined();
		expect(brotliDecompressSync(body).toString()).toBe(html);
		expect(body.length).toBeLessThan(Buffer.byteLength(html) / 10);
	});

	it('#17: sends it in gzip to a browser without brotli, and as it is to one that asks for no encoding', async () => {
		const gzipped = await get('/page', 'gzip');
		expect(gzipped.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gzipped.body).toString()).toBe(html);
		const plain = await get('/page');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers.vary).toBe('Accept-Encoding');
		expect(plain.body.toString()).toBe(html);
	});

	it('#17: a precompressed static file is not compressed again; a PDF and a CSV export go out as written', async () => {
		const js = await get('/static.js', 'gzip, br');
		expect(js.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(js.body).toString()).toBe(script);
		const file = await get('/file.pdf', 'gzip, br');
		expect(file.headers['content-encoding']).toBeUndefined();
		expect(file.headers['content-length']).toBe(String(pdf.length));
		expect(file.body.equals(pdf)).toBe(true);
		const csv = await get('/export.csv', 'gzip, br');
		expect(csv.headers['content-encoding']).toBeUndefined();
	});

	it('#17: an event stream is not held back by a compressor', async () => {
		const first = await new Promise<string>((resolve, reject) => {
			const request = http.get(`${origin}/events`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
				expect(res.headers['content-encoding']).toBeUndefined();
				res.once('data', (chunk: Buffer) => {
					resolve(chunk.toString());
					request.destroy();
				});
			});
			request.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
		});
		expect(first).toMatch(/^data: premier\n\n/);
	});
});
