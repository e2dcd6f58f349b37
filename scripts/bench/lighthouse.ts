// Lighthouse's mobile run (its default: a mid-range phone on a slow 4G, simulated) with Debian's
// Chromium, three times per page; each figure is the median of the three.
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { processTree } from './processes';

export interface LighthouseFigures {
	name: string;
	path: string;
	performance: number;
	lcpMs: number;
	tbtMs: number;
	cls: number;
	runs: number;
	/** Lighthouse's error when no run of the page succeeded (the other figures are then NaN). */
	error?: string;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : NaN;
};

export async function runLighthouse(
	origin: string,
	pages: Array<{ name: string; path: string; cookie?: string }>,
	runs = 3
): Promise<LighthouseFigures[]> {
	const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox'] });
	try {
		const figures: LighthouseFigures[] = [];
		for (const page of pages) {
			const samples: Array<{ performance: number; lcp: number; tbt: number; cls: number }> = [];
			let error: string | undefined;
			// On a loaded machine a run sometimes fails to record its trace (NO_NAVSTART): tried again, twice at most.
			for (let attempt = 0; samples.length < runs && attempt < runs + 2; attempt++) {
				const result = await lighthouse(origin + page.path, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: ['performance'],
					...(page.cookie ? { extraHeaders: { Cookie: page.cookie } } : {})
				});
				const lhr = result?.lhr;
				if (!lhr || lhr.runtimeError) {
					error = lhr?.runtimeError?.message ?? 'no result';
					continue;
				}
				samples.push({
					performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
					lcp: lhr.audits['largest-contentful-paint'].numericValue ?? NaN,
					tbt: lhr.audits['total-blocking-time'].numericValue ?? NaN,
					cls: lhr.audits['cumulative-layout-shift'].numericValue ?? NaN
				});
			}
			figures.push({
				name: page.name,
				path: page.path,
				performance: median(samples.map((s) => s.performance)),
				lcpMs: Math.round(median(samples.map((s) => s.lcp))),
				tbtMs: Math.round(median(samples.map((s) => s.tbt))),
				cls: Math.round(median(samples.map((s) => s.cls)) * 1000) / 1000,
				runs: samples.length,
				...(samples.length === 0 ? { error } : {})
			});
		}
		return figures;
	} finally {
		// The caller measures the server next: Chromium's processes (its renderers, its GPU and zygote
		// processes outlive the browser for a while) must be gone first. Measured right after the
		// kill, the next pages' figures came out at half of what they were minutes later.
		const tree = processTree(chrome.pid);
		chrome.kill();
		await allGone(tree, 20_000);
	}
}

/** Waits until none of `pids` is alive any more (at most `limitMs`), then a second for the host to settle. */
async function allGone(pids: number[], limitMs: number): Promise<void> {
	const started = performance.now();
	while (pids.some((pid) => fs.existsSync(`/proc/${pid}`)) && performance.now() - started < limitMs) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await new Promise((resolve) => setTimeout(resolve, 1_000));
}
