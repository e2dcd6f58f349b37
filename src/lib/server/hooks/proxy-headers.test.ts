import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config';
import { exposedAddressHeaderWarning } from '../proxy';
import { warnOnceAboutProxyHeaders } from './proxy-headers';

function request(headers: Record<string, string> = {}) {
	const event = { request: new Request('http://localhost/me-connecter', { headers }) };
	return { event, resolve: async () => new Response('ok') } as never;
}

describe('A9: a proxy in front of the app without ADDRESS_HEADER is reported', () => {
	it.each<Record<string, string>>([
		{ 'X-Forwarded-For': '203.0.113.7' },
		{ Forwarded: 'for=203.0.113.7;proto=https' },
		{ 'X-Real-IP': '203.0.113.7' }
	])('warns once per process, in one line naming the variables to set (%o)', async (headers) => {
		const warn = vi.fn();
		const handle = warnOnceAboutProxyHeaders(() => readConfig({}).proxy, warn);
		await handle(request());
		expect(warn).not.toHaveBeenCalled();
		for (let n = 0; n < 3; n++) expect(await (await handle(request(headers))).text()).toBe('ok');
		expect(warn).toHaveBeenCalledTimes(1);
		const [line] = warn.mock.calls[0] as [string];
		expect(line).not.toContain('\n');
		expect(line).toContain(Object.keys(headers)[0]);
		for (const variable of ['ADDRESS_HEADER', 'XFF_DEPTH', 'HOST=127.0.0.1']) expect(line).toContain(variable);
	});

	it('says nothing when ADDRESS_HEADER is set', async () => {
		const warn = vi.fn();
		const handle = warnOnceAboutProxyHeaders(() => readConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' }).proxy, warn);
		await handle(request({ 'X-Forwarded-For': '203.0.113.7, 10.0.0.2' }));
		expect(warn).not.toHaveBeenCalled();
	});
});

describe('A9: ADDRESS_HEADER is trusted only on the loopback interface', () => {
	it('warns at start when the header is read on an interface clients can reach', () => {
		const warning = exposedAddressHeaderWarning(readConfig({ ADDRESS_HEADER: 'X-Forwarded-For' }));
		expect(warning).toMatch(/^Warning: ADDRESS_HEADER is set while HOST is 0\.0\.0\.0: .*HOST=127\.0\.0\.1/);
		expect(exposedAddressHeaderWarning(readConfig({ ADDRESS_HEADER: 'X-Forwarded-For', HOST: '::' }))).not.toBeNull();
	});

	it.each(['127.0.0.1', '::1', 'localhost'])('is quiet with HOST=%s, or without ADDRESS_HEADER', (host) => {
		expect(exposedAddressHeaderWarning(readConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1', HOST: host }))).toBeNull();
		expect(exposedAddressHeaderWarning(readConfig({}))).toBeNull();
	});
});
