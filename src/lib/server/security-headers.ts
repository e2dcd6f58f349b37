// Headers every response carries. Plain module: the Kit handle and scripts/serve.ts (which
// also covers the static files adapter-node serves without running the hooks) share it.

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin'
};

/**
 * The policy of responses Kit does not render (static assets, the service worker script).
 * Kit's own pages override it with the stricter, nonce-bearing policy of svelte.config.js.
 * No static HTML is served, so nothing here needs an inline script.
 */
export const STATIC_CONTENT_SECURITY_POLICY =
	"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Strict-Transport-Security only makes sense, and is only honoured, over HTTPS. */
export function securityHeadersFor(origin: string): Record<string, string> {
	const headers: Record<string, string> = { ...SECURITY_HEADERS };
	if (origin.startsWith('https:')) headers['Strict-Transport-Security'] = 'max-age=31536000';
	return headers;
}
