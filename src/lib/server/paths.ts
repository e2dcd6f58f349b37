// Folders shipped with the project (migrations, fonts), found by walking up from this module, so
// they resolve the same from src/ (scripts, tests) and from build/server/chunks/, whatever the cwd.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findProjectPath(relative: string, start = path.dirname(fileURLToPath(import.meta.url))): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, relative);
		if (fs.existsSync(candidate)) return candidate;
		if (path.dirname(dir) === dir) throw new Error(`No ${relative} above ${start}`);
	}
}
