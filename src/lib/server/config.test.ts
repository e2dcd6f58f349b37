import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

describe('configuration', () => {
	it('has embedded defaults that run the app with nothing set', () => {
		const config = readConfig({});
		expect(config).toEqual({
			port: 3000,
			host: '0.0.0.0',
			origin: 'http://localhost:3000',
			dataDir: path.resolve('data'),
			bodySizeLimit: 6 * 1024 * 1024,
			demo: false
		});
	});

	it('derives ORIGIN from PORT unless ORIGIN is set', () => {
		expect(readConfig({ PORT: '8080' }).origin).toBe('http://localhost:8080');
		expect(readConfig({ PORT: '8080', ORIGIN: 'https://candidat.example.org/' }).origin).toBe(
			'https://candidat.example.org'
		);
	});

	it('reads sizes and switches', () => {
		expect(readConfig({ BODY_SIZE_LIMIT: '512K' }).bodySizeLimit).toBe(512 * 1024);
		expect(readConfig({ BODY_SIZE_LIMIT: '10m' }).bodySizeLimit).toBe(10 * 1024 * 1024);
		expect(readConfig({ DEMO: '1' }).demo).toBe(true);
		expect(readConfig({ DEMO: 'off' }).demo).toBe(false);
		expect(readConfig({ DATA_DIR: '/srv/portail' }).dataDir).toBe('/srv/portail');
	});

	it.each([
		['PORT', { PORT: 'abc' }],
		['PORT', { PORT: '70000' }],
		['ORIGIN', { ORIGIN: 'localhost:3000' }],
		['ORIGIN', { ORIGIN: 'https://candidat.example.org/portail' }],
		['BODY_SIZE_LIMIT', { BODY_SIZE_LIMIT: 'beaucoup' }],
		['BODY_SIZE_LIMIT', { BODY_SIZE_LIMIT: '0' }],
		['DEMO', { DEMO: 'peut-être' }]
	])('refuses a bad %s with its name', (variable, env) => {
		let thrown: unknown;
		try {
			readConfig(env);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ConfigError);
		expect((thrown as ConfigError).variable).toBe(variable);
		expect((thrown as Error).message).toMatch(new RegExp(`^Invalid ${variable}: `));
	});
});
