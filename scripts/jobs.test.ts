// `npm run jobs` runs under tsx, without Vite: the modules it loads must not depend on Vite's
// transforms (a `?raw` import made it fail at its first line). Run for real, as a child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tsx = path.resolve('node_modules/.bin/tsx');
let dataDir: string;

beforeAll(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-jobs-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[]) {
	return spawnSync(tsx, args, { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir }, timeout: 60_000 });
}

describe('npm run jobs, outside Vite', () => {
	it('starts and runs a job on a fresh database', () => {
		const usage = run(['scripts/jobs.ts']);
		expect(usage.stderr).toContain('Usage: npm run jobs -- <');
		expect(usage.status).toBe(2);

		const queued = run(['scripts/jobs.ts', 'queued-jobs']);
		expect(queued.stderr).toBe('');
		expect(queued.stdout).toContain('queued-jobs: 0 job(s) done');
		expect(queued.status).toBe(0);
	});

	it('S4: checks an upload and draws a confirmation in their worker threads', () => {
		// The two workers' sources are read beside their modules when Vite does not inline them.
		const script = `
			import { checkUpload } from './src/lib/server/documents/upload-check.ts';
			import { renderConfirmationPdf } from './src/lib/server/documents/confirmation.ts';
			const pdf = await renderConfirmationPdf({
				registrationNumber: 'BCP-2027-000001', candidateNumber: '02700000001', version: 1, issuedAt: '2026-12-02T10:00:00.000Z',
				exam: { domainName: 'Baccalauréat professionnel', sessionYear: 2027, academyName: 'Grenoble', specialtyName: 'Commerce', optionName: null },
				identity: [['Nom', 'Martin']], choices: [], unitsToSit: [], exemptions: [], accommodationsApplied: 'Non',
				supportingDocuments: [], office: { serviceName: null, addressLines: null, email: null, phone: null }, returnDate: null
			});
			const verdict = await checkUpload(pdf);
			console.log(JSON.stringify({ pdfBytes: pdf.length, ok: verdict.ok, type: verdict.ok ? verdict.mediaType : verdict.reason }));
		`;
		const file = path.join(dataDir, 'workers.mts');
		fs.writeFileSync(file, script.replaceAll('./src/', `${path.resolve('src')}/`));
		const result = run([file]);
		expect(result.stderr).toBe('');
		const answer = JSON.parse(result.stdout);
		expect(answer.pdfBytes).toBeGreaterThan(1000);
		expect(answer).toMatchObject({ ok: true, type: 'application/pdf' });
	});
});
