// Personal data as a person reads it, without zod: a registration's page shows it from its first
// load (issue #17's weight budgets). ./admin-decisions re-exports it.
import { CIVILITIES, NATIONALITIES } from './account-labels';
import { calendarDay } from './format';

/** A personal data value as a person reads it: « 14/03/2005 », « Madame », « — » for nothing. */
export function personalValueText(field: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return '—';
	const text = String(value);
	if (field === 'birthDate' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return calendarDay(text);
	if (field === 'civility') return CIVILITIES[text as keyof typeof CIVILITIES] ?? text;
	if (field === 'nationality') return NATIONALITIES[text as keyof typeof NATIONALITIES] ?? text;
	return text;
}
