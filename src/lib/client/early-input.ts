// What a person types or ticks before the page's scripts have run stays (issue 16: a slow phone
// network shows the form seconds before it works). The browser keeps it in the page, but
// hydration does not always: Svelte's bindings take a text field's or a select's value from the
// page, yet a radio button ticked early was unticked by the form's initial state. So the root
// layout, before anything under it hydrates, notes every control that differs from the page as
// the server sent it; once everything is mounted, a control that hydration changed gets the
// person's value back, with the `input` and `change` events a person would have caused, for its
// bindings and handlers. No inline script: nothing for the Content-Security-Policy to allow.
import { onMount } from 'svelte';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
/** A field's text, a box's tick, or a select's chosen options (by index). */
type State = string | boolean | number[];

interface Early {
	control: Control;
	state: State;
}

const NOT_TYPED = new Set(['button', 'submit', 'reset', 'image', 'file', 'hidden']);

function selectedIndexes(select: HTMLSelectElement): number[] {
	return [...select.options].flatMap((option, index) => (option.selected ? [index] : []));
}

/** The options a select shows before anyone touches it (the last `selected`, else the first enabled one). */
function defaultIndexes(select: HTMLSelectElement): number[] {
	const options = [...select.options];
	const marked = options.flatMap((option, index) => (option.defaultSelected ? [index] : []));
	if (select.multiple) return marked;
	if (marked.length) return [marked[marked.length - 1]];
	const first = options.findIndex((option) => !option.disabled);
	return first < 0 ? [] : [first];
}

function stateOf(control: Control): State {
	if (control instanceof HTMLSelectElement) return selectedIndexes(control);
	if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) return control.checked;
	return control.value;
}

function initialStateOf(control: Control): State {
	if (control instanceof HTMLSelectElement) return defaultIndexes(control);
	if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) return control.defaultChecked;
	return control.defaultValue;
}

const same = (a: State, b: State) => (Array.isArray(a) && Array.isArray(b) ? a.join() === b.join() : a === b);

function apply(control: Control, state: State): void {
	if (control instanceof HTMLSelectElement) {
		const chosen = state as number[];
		[...control.options].forEach((option, index) => (option.selected = chosen.includes(index)));
	} else if (typeof state === 'boolean') (control as HTMLInputElement).checked = state;
	else control.value = state as string;
}

/** The controls the person changed in the page as the server sent it. */
export function changedControls(root: ParentNode = document): Early[] {
	return [...root.querySelectorAll<Control>('input, select, textarea')]
		.filter((control) => !(control instanceof HTMLInputElement && NOT_TYPED.has(control.type)))
		.map((control) => ({ control, state: stateOf(control) }))
		.filter(({ control, state }) => !same(state, initialStateOf(control)));
}

/** Gives back what hydration undid; the number of controls it gave back. */
export function restore(early: Early[]): number {
	let restored = 0;
	for (const { control, state } of early) {
		if (!control.isConnected || control.disabled || same(stateOf(control), state)) continue;
		apply(control, state);
		control.dispatchEvent(new Event('input', { bubbles: true }));
		control.dispatchEvent(new Event('change', { bubbles: true }));
		restored += 1;
	}
	return restored;
}

/** Call once, in the root layout's script: it runs before the page under it hydrates. */
export function keepEarlyInput(): void {
	if (typeof document === 'undefined') return;
	const early = changedControls();
	if (early.length) onMount(() => void restore(early));
}
