import type { Handle } from '@sveltejs/kit';
import { getConfig, type Config } from '../config';
import { unreadProxyHeaderWarning } from '../proxy';

/** Logs, once per process, that a proxy sits in front of the app while ADDRESS_HEADER is unset. */
export function warnOnceAboutProxyHeaders(proxy: () => Config['proxy'], warn: (line: string) => void = console.warn): Handle {
	let warned = false;
	return async ({ event, resolve }) => {
		if (!warned) {
			const warning = unreadProxyHeaderWarning(event.request.headers, proxy());
			if (warning) {
				warned = true;
				warn(warning);
			}
		}
		return resolve(event);
	};
}

export const proxyHeaders = warnOnceAboutProxyHeaders(() => getConfig().proxy);
