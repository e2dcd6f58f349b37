import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import type { ServerInit } from '@sveltejs/kit';
import { securityHeaders } from '$lib/server/hooks/security-headers';
import { startServer } from '$lib/server/startup';

export { handleError } from '$lib/server/hooks/handle-error';

export const init: ServerInit = async () => {
	if (!building) await startServer();
};

export const handle = sequence(securityHeaders);
