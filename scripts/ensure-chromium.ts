// Makes sure Debian's Chromium is there for the browser tests: installs it when running as root,
// otherwise stops with the exact command to run. Never downloads a browser of its own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromiumPath } from '../tests/support/chromium';

const browser = chromiumPath();
const command = 'apt-get update && apt-get install -y chromium';

if (!fs.existsSync(browser)) {
	if (process.getuid?.() !== 0) {
		console.error(`Chromium is missing at ${browser}. Install it with:\n  sudo sh -c '${command}'`);
		process.exit(1);
	}
	console.log(`Chromium is missing at ${browser}: installing Debian's package (${command}).`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
	if (!fs.existsSync(browser)) {
		console.error(`apt-get finished but ${browser} is still missing; set CHROMIUM_PATH.`);
		process.exit(1);
	}
}
