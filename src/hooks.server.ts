import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import type { ServerInit } from '@sveltejs/kit';
import { candidateArea } from '$lib/server/hooks/candidate-area';
import { managerArea } from '$lib/server/hooks/manager-area';
import { offlineCopies } from '$lib/server/hooks/offline-copies';
import { proxyHeaders } from '$lib/server/hooks/proxy-headers';
import { securityHeaders } from '$lib/server/hooks/security-headers';
import { session } from '$lib/server/hooks/session';
import { startServer } from '$lib/server/startup';

export { handleError } from '$lib/server/hooks/handle-error';

export const init: ServerInit = async () => {
	if (!building) await startServer();
};

export const handle = sequence(proxyHeaders, securityHeaders, session, managerArea, offlineCopies, candidateArea);
