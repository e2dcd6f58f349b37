// The « Ouverture des services » and « M’inscrire » choice, checked by the server.
import { z } from 'zod';

/** The « Ouverture des services » choice (SPEC P1), as its shareable GET query. */
export const servicesQuerySchema = z.object({
	domaine: z
		.string()
		.min(1, 'Choisissez un examen.')
		.regex(/^[A-Z]{2,5}$/, 'Choisissez un examen dans la liste.'),
	session: z
		.string()
		.min(1, 'Choisissez une session.')
		.regex(/^\d{4}$/, 'Choisissez une session dans la liste.')
		.transform(Number),
	academie: z
		.string()
		.min(1, 'Choisissez une académie ou un centre.')
		.regex(/^(\d{2}|E-[A-Z]{2}-[A-Z-]+)$/, 'Choisissez une académie ou un centre dans la liste.')
});

export type ServicesQuery = z.infer<typeof servicesQuerySchema>;
