// Shapes and labels of the catalogue that pages and server share.
import { z } from 'zod';

export type AcademyKind = 'academy' | 'vice-rectorate' | 'foreign-centre';

export const ACADEMY_KIND_LABELS: Record<AcademyKind, string> = {
	academy: 'Académies',
	'vice-rectorate': 'Vice-rectorats',
	'foreign-centre': 'Centres d’examen à l’étranger'
};

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
