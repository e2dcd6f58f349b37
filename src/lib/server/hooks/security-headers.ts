import type { Handle } from '@sveltejs/kit';
import { getConfig } from '../config';
import { securityHeadersFor } from '../security-headers';

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeadersFor(getConfig().origin))) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};
