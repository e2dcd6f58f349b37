import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleError } from './handle-error';

const event = { request: new Request('http://localhost/inscription', { method: 'POST' }), url: new URL('http://localhost/inscription') };

afterEach(() => vi.restoreAllMocks());

describe('handleError', () => {
	it('shows a French message with a reference that the log also holds', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const shown = handleError({ error: new Error('disk full'), event, status: 500, message: 'Internal Error' } as never) as App.Error;
		expect(shown.message).toBe('Une erreur est survenue.');
		expect(shown.id).toMatch(/^[0-9a-f]{8}$/);
		expect(String(log.mock.calls[0][0])).toContain(shown.id);
		expect(log.mock.calls[0][1]).toBeInstanceOf(Error);
		expect(JSON.stringify(shown)).not.toContain('disk full');
	});

	it('does not log a page that does not exist as an error', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		expect(handleError({ error: new Error('Not found'), event, status: 404, message: 'Not Found' } as never)).toEqual({
			message: 'Page introuvable'
		});
		expect(log).not.toHaveBeenCalled();
	});
});
