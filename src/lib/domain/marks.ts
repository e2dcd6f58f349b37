// How kept marks read (SPEC R5, R6), apart from the exemption rules so that a page showing a saved
// registration's summary does not carry those rules (issue #17's weight budgets).

/** For the recap (SPEC R6): giving up a kept mark cannot be undone once the registration is saved. */
export const DECLINED_MARK_WARNING =
	'Attention : une note conservée à laquelle vous renoncez en repassant l’épreuve est définitivement perdue dès que l’inscription est enregistrée.';

/** 12.5 → « 12,5 ». */
export function formatMark(mark: number): string {
	return String(mark).replace('.', ',');
}
