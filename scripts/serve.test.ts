import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
