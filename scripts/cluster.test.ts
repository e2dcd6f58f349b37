import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { readWorkers } from './cluster';

describe('WORKERS', () => {
	it('is 1 by default, a whole number, or one per core with auto', () => {
		expect(readWorkers({})).toBe(1);
		expect(readWorkers({ WORKERS: ' 3 ' })).toBe(3);
		expect(readWorkers({ WORKERS: 'auto' })).toBe(os.availableParallelism());
	});

	it('names the variable in one line otherwise', () => {
		for (const value of ['0', '-2', '1.5', 'all']) {
			expect(() => readWorkers({ WORKERS: value })).toThrow(
				`Invalid WORKERS: '${value}' is not a number of server processes such as 2, or auto`
			);
		}
	});
});
