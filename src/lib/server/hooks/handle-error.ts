import type { HandleServerError } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Page introuvable' };
	// A short reference the person can quote to the exam office; the log holds the rest.
	const id = randomUUID().slice(0, 8);
	console.error(`[error ${id}] ${event.request.method} ${event.url.pathname} ${status} ${message}`, error);
	return { message: 'Une erreur est survenue.', id };
};
