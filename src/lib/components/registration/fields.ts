// How the wizard names its fields: a schema path ['choice', 'languages', 'E41'] is the field whose
// id (or radio-group name) is « choice-languages-E41 », so a server refusal lands next to it.
export type Errors = Record<string, string>;

export function fieldId(path: ReadonlyArray<string | number>): string {
	return path.join('-');
}

export function errorsFor(errors: Errors, path: ReadonlyArray<string | number>): string[] | undefined {
	const message = errors[fieldId(path)];
	return message ? [message] : undefined;
}
