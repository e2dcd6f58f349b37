import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, registrationEventLabel } from './admin-decisions';

describe('R10: the history of a registration, in French', () => {
	it('names the candidate’s own events and the office’s decisions, saying who acted', () => {
		expect(registrationEventLabel('supporting-documents.locked')).toBe('Pièces justificatives verrouillées');
		expect(registrationEventLabel('registration.modified')).toBe('Modification enregistrée');
		expect(registrationEventLabel('supporting-document.refused')).toBe('Pièce justificative refusée par le service des examens');
	});

	it('never shows a recorded action’s code, even for an action without a label yet', () => {
		for (const action of [...Object.keys(AUDIT_ACTION_LABELS), 'something.new']) {
			expect(registrationEventLabel(action)).not.toMatch(/^[a-z-]+\.[a-z-]+$/);
		}
		expect(registrationEventLabel('something.new')).toBe('Autre événement de l’inscription');
	});
});
