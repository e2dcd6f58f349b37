// The client address behind a reverse proxy (SPEC A9): the per-address limits count what
// adapter-node's getClientAddress() returns, which is the proxy itself unless ADDRESS_HEADER says
// where the proxy put the client's address. Plain TypeScript: scripts/serve.ts uses it too.
import type { Config } from './config';

/** Headers a reverse proxy adds; any of them on a request means one sits in front of the app. */
export const PROXY_HEADERS = ['X-Forwarded-For', 'Forwarded', 'X-Real-IP'] as const;

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost)$/i;

/** The warning for a request that came through a proxy while ADDRESS_HEADER is unset, else null. */
export function unreadProxyHeaderWarning(headers: Headers, proxy: Config['proxy']): string | null {
	if (proxy.addressHeader) return null;
	const seen = PROXY_HEADERS.find((name) => headers.has(name));
	if (!seen) return null;
	return (
		`Warning: requests carry a ${seen} header but ADDRESS_HEADER is not set, so every client behind the proxy ` +
		'shares its address for the per-address limits. Set ADDRESS_HEADER (for example X-Forwarded-For with ' +
		'XFF_DEPTH=1, or X-Real-IP) and HOST=127.0.0.1 (see README, Production).'
	);
}

/** The warning at start when ADDRESS_HEADER is trusted on an interface clients can reach directly, else null. */
export function exposedAddressHeaderWarning(config: Pick<Config, 'host' | 'proxy'>): string | null {
	if (!config.proxy.addressHeader || LOOPBACK.test(config.host)) return null;
	return (
		`Warning: ADDRESS_HEADER is set while HOST is ${config.host}: a client that reaches the server without the ` +
		'proxy chooses the address the limits count. Set HOST=127.0.0.1 when the proxy runs on this machine, or ' +
		'let only the proxy reach this port.'
	);
}
