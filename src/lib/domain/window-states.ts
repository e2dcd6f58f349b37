// A registration window's states and their labels, without the time-zone code of
// ./registration-window (which re-exports them): « Ouverture des services » shows them from its first
// load (issue #17's weight budgets).

export type WindowState = 'open' | 'upcoming' | 'closed';

export const WINDOW_STATE_LABELS: Record<WindowState, string> = {
	open: 'ouvert',
	upcoming: 'à venir',
	closed: 'fermé'
};
