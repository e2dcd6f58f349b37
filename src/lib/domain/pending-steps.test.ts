import { describe, expect, it } from 'vitest';
import {
	closingDeadline,
	dayDeadline,
	describeStep,
	daysLeftText,
	draftSteps,
	isNewDocument,
	registrationSteps,
	registrationWindow,
	type RegistrationFacts,
	type WindowRow
} from './pending-steps';
import { PENDING_VALIDATION_NOTICE } from './supporting-documents';

const PARIS = { timeZone: 'Europe/Paris', place: 'Paris' };
const REUNION = { timeZone: 'Indian/Reunion', place: 'La Réunion' };
const NOW = new Date('2026-11-29T10:00:00Z');
const CLOSE = new Date('2027-01-08T16:00:00Z'); // Friday 8 January 2027, 17:00 in Paris

function facts(overrides: Partial<RegistrationFacts> = {}): RegistrationFacts {
	return {
		registrationNumber: '27080000012',
		state: 'active',
		version: 1,
		zone: PARIS,
		openWindowClosesAt: CLOSE,
		modificationDraft: false,
		pieces: [
			{ label: 'Pièce d’identité', state: 'accepted', refusalReason: null },
			{ label: 'Attestations PFMP', state: 'deposited', refusalReason: null }
		],
		returnDate: '2027-01-15',
		receivedVersion: 1,
		pendingValidation: false,
		newDocuments: [],
		...overrides
	};
}

describe('N2: deadlines in calendar days on the académie’s clock', () => {
	it('says how many days are left, the last one, and a date gone by', () => {
		expect([5, 1, 0, -1, -30].map(daysLeftText)).toEqual([
			'encore 5 jours',
			'encore 1 jour',
			'dernier jour',
			'date dépassée',
			'date dépassée'
		]);
	});

	it('counts a window’s close in calendar days, whatever the hour', () => {
		const deadline = closingDeadline(CLOSE, PARIS, NOW);
		expect(deadline).toEqual({ text: 'vendredi 8 janvier 2027 à 17:00', daysLeft: 40, daysLeftText: 'encore 40 jours' });
		// Late on the evening before, and early on the day itself.
		expect(closingDeadline(CLOSE, PARIS, new Date('2027-01-07T22:30:00Z')).daysLeft).toBe(1);
		expect(closingDeadline(CLOSE, PARIS, new Date('2027-01-07T23:30:00Z')).daysLeftText).toBe('dernier jour');
		// Closed: past, even on the same day.
		expect(closingDeadline(CLOSE, PARIS, CLOSE).daysLeftText).toBe('date dépassée');
	});

	it('counts on La Réunion’s calendar for La Réunion, and names its zone', () => {
		// 17:00 on 4 January at La Réunion (UTC+4); now is 01:00 on 4 January there, still 3 January in Paris.
		const closesAt = new Date('2027-01-04T13:00:00Z');
		const now = new Date('2027-01-03T21:00:00Z');
		const deadline = closingDeadline(closesAt, REUNION, now);
		expect(deadline.daysLeftText).toBe('dernier jour');
		expect(deadline.text).toBe('lundi 4 janvier 2027 à 17:00 (heure de La Réunion, UTC+4)');
		expect(closingDeadline(closesAt, PARIS, now).daysLeft).toBe(1);
	});

	it('reads the office’s return date as a day of the académie’s calendar', () => {
		expect(dayDeadline('2027-01-15', PARIS, NOW)).toEqual({
			text: 'vendredi 15 janvier 2027',
			daysLeft: 47,
			daysLeftText: 'encore 47 jours'
		});
		// Half past midnight on the 15th in Paris, still the 14th in UTC.
		expect(dayDeadline('2027-01-15', PARIS, new Date('2027-01-14T23:30:00Z')).daysLeftText).toBe('dernier jour');
		expect(dayDeadline('2027-01-15', PARIS, new Date('2027-01-16T08:00:00Z')).daysLeftText).toBe('date dépassée');
	});
});

describe('N2: the steps left on a registration', () => {
	it('asks nothing of a complete registration whose signed confirmation was received', () => {
		expect(registrationSteps(facts(), NOW)).toEqual([]);
	});

	it('lists a refused piece with its reason, the missing ones, the confirmation, the validation and a new document, in that order', () => {
		const steps = registrationSteps(
			facts({
				version: 2,
				pieces: [
					{ label: 'Pièce d’identité', state: 'refused', refusalReason: 'Document illisible : le recto est flou' },
					{ label: 'Attestations PFMP', state: null, refusalReason: null },
					{ label: 'Certificat JDC', state: null, refusalReason: null },
					{ label: 'Relevé de notes', state: 'deposited', refusalReason: null }
				],
				pendingValidation: true,
				newDocuments: ['Convocation aux épreuves']
			}),
			NOW
		);
		const returnBy = { text: 'vendredi 15 janvier 2027', daysLeft: 47, daysLeftText: 'encore 47 jours' };
		expect(steps).toEqual([
			{
				kind: 'deposit-refused',
				href: '/mes-inscriptions/27080000012/pieces',
				label: 'Pièce d’identité',
				reason: 'Document illisible : le recto est flou',
				deadline: returnBy
			},
			{
				kind: 'deposit-missing',
				href: '/mes-inscriptions/27080000012/pieces',
				labels: ['Attestations PFMP', 'Certificat JDC'],
				deadline: returnBy
			},
			// The office received version 01; version 02 must be signed and sent again.
			{ kind: 'send-confirmation', href: '/mes-inscriptions/27080000012/confirmation', versionLabel: 'Version 02', deadline: returnBy },
			{ kind: 'await-validation', href: '/mes-inscriptions/27080000012', notice: PENDING_VALIDATION_NOTICE },
			{ kind: 'read-document', href: '/mes-documents', label: 'Convocation aux épreuves' }
		]);
	});

	it('asks for the confirmation until the office records it received', () => {
		const [step] = registrationSteps(facts({ receivedVersion: null }), NOW);
		expect(step).toMatchObject({ kind: 'send-confirmation', versionLabel: 'Version 01' });
		// No confirmed return date yet: no deadline is made up.
		expect(registrationSteps(facts({ receivedVersion: null, returnDate: null }), NOW)).toEqual([
			expect.objectContaining({ kind: 'send-confirmation', deadline: null })
		]);
	});

	it('wants the pieces by the return date, else by the window’s close, else gives no date', () => {
		const missing = [{ label: 'Pièce d’identité', state: null, refusalReason: null }];
		const deadlineOf = (overrides: Partial<RegistrationFacts>) =>
			registrationSteps(facts({ pieces: missing, ...overrides }), NOW).find((step) => step.kind === 'deposit-missing');
		expect(deadlineOf({})).toMatchObject({ deadline: { text: 'vendredi 15 janvier 2027' } });
		expect(deadlineOf({ returnDate: null })).toMatchObject({ deadline: { text: 'vendredi 8 janvier 2027 à 17:00', daysLeft: 40 } });
		expect(deadlineOf({ returnDate: null, openWindowClosesAt: null })).toMatchObject({ deadline: null });
	});

	it('asks to save a modification begun on the server while the window is open, and no longer once it has closed', () => {
		expect(registrationSteps(facts({ modificationDraft: true }), NOW)).toEqual([
			{
				kind: 'save-modification',
				href: '/mes-inscriptions/27080000012/modifier',
				deadline: { text: 'vendredi 8 janvier 2027 à 17:00', daysLeft: 40, daysLeftText: 'encore 40 jours' }
			}
		]);
		expect(registrationSteps(facts({ modificationDraft: true, openWindowClosesAt: null }), NOW)).toEqual([]);
	});

	it('asks nothing more of a withdrawn or set-aside registration than to read what was published', () => {
		const pending = {
			pieces: [{ label: 'Pièce d’identité', state: null, refusalReason: null }],
			receivedVersion: null,
			pendingValidation: true,
			modificationDraft: true,
			newDocuments: ['Autre document : Courrier']
		};
		for (const state of ['withdrawn', 'set-aside'] as const) {
			expect(registrationSteps(facts({ state, ...pending }), NOW)).toEqual([
				{ kind: 'read-document', href: '/mes-documents', label: 'Autre document : Courrier' }
			]);
		}
	});
});

describe('N2: a draft not saved yet', () => {
	const draft = { examDomainCode: 'BCP', sessionYear: 2027, academyCode: '08', zone: PARIS };

	it('is to be saved before the window closes, from the wizard that resumes it', () => {
		expect(draftSteps({ ...draft, openWindowClosesAt: CLOSE }, NOW)).toEqual([
			{
				kind: 'save-draft',
				href: '/inscription/BCP/2027/08',
				deadline: { text: 'vendredi 8 janvier 2027 à 17:00', daysLeft: 40, daysLeftText: 'encore 40 jours' }
			}
		]);
	});

	it('asks nothing once the window has closed: it can no longer be saved', () => {
		expect(draftSteps({ ...draft, openWindowClosesAt: null }, NOW)).toEqual([]);
	});
});

describe('N2: the window of a registration, as « Mes inscriptions » reads it', () => {
	const at = (iso: string) => new Date(iso);
	const windows: WindowRow[] = [
		{ audience: 'public', opensAt: at('2026-10-01T07:00:00Z'), closesAt: at('2026-12-01T16:00:00Z') },
		{ audience: 'public', opensAt: at('2026-11-15T07:00:00Z'), closesAt: CLOSE },
		{ audience: 'school', opensAt: at('2026-10-01T07:00:00Z'), closesAt: at('2027-02-01T16:00:00Z') }
	];

	it('is modifiable until the open public window that closes last', () => {
		expect(registrationWindow(windows, { active: true, schoolMade: false }, NOW)).toEqual({ openClosesAt: CLOSE, closesAt: CLOSE });
	});

	it('is closed after the last close, which it shows', () => {
		expect(registrationWindow(windows, { active: true, schoolMade: false }, at('2027-01-09T00:00:00Z'))).toEqual({
			openClosesAt: null,
			closesAt: CLOSE
		});
	});

	it('is never modifiable once withdrawn, nor by the pupil when a school made it (the schools’ close is shown)', () => {
		expect(registrationWindow(windows, { active: false, schoolMade: false }, NOW)).toEqual({ openClosesAt: null, closesAt: CLOSE });
		expect(registrationWindow(windows, { active: true, schoolMade: true }, NOW)).toEqual({
			openClosesAt: null,
			closesAt: at('2027-02-01T16:00:00Z')
		});
	});
});

describe('N2: a new document, as « Mes documents » marks it', () => {
	it('is new when published after the candidate last opened « Mes documents », or before they ever did', () => {
		const seenAt = at('2026-11-20T10:00:00Z');
		expect(isNewDocument(at('2026-11-21T10:00:00Z'), seenAt)).toBe(true);
		expect(isNewDocument(at('2026-11-19T10:00:00Z'), seenAt)).toBe(false);
		expect(isNewDocument(at('2026-11-19T10:00:00Z'), null)).toBe(true);
	});

	function at(iso: string) {
		return new Date(iso);
	}
});

describe('N2: the words of a step', () => {
	const deadline = { text: 'vendredi 15 janvier 2027', daysLeft: 1, daysLeftText: 'encore 1 jour' };
	const confirmation = {
		kind: 'send-confirmation',
		href: '/mes-inscriptions/27080000012/confirmation',
		versionLabel: 'Version 02'
	} as const;

	it('sends the confirmation to the office’s confirmed postal address, by its date, soon marked as late', () => {
		const office = { serviceName: 'Division des examens et concours', addressLines: ['7 place Bir-Hakeim', '38000 Grenoble'], email: null };
		expect(describeStep({ ...confirmation, deadline }, office)).toEqual({
			kind: 'send-confirmation',
			before: '',
			href: '/mes-inscriptions/27080000012/confirmation',
			linkText: 'Imprimer, signer et envoyer la confirmation d’inscription (Version 02)',
			deadline: { ...deadline, late: true, by: ' avant le ' },
			after: ', avec vos pièces justificatives, à :',
			reason: null,
			address: ['Division des examens et concours', '7 place Bir-Hakeim', '38000 Grenoble'],
			email: null
		});
	});

	it('names no address nor date the office has not confirmed', () => {
		expect(describeStep({ ...confirmation, deadline: null }, { serviceName: null, addressLines: null, email: null })).toMatchObject({
			deadline: null,
			after: ' dans le délai fixé par votre académie, avec vos pièces justificatives, au service des examens de votre académie.',
			address: null
		});
		expect(describeStep({ ...confirmation, deadline: null }, { serviceName: null, addressLines: null, email: 'dec@ac.fr' })).toMatchObject({
			after: ' dans le délai fixé par votre académie, avec vos pièces justificatives, au service des examens de votre académie',
			email: 'dec@ac.fr'
		});
	});

	it('quotes a refused piece and gives the office’s reason', () => {
		expect(
			describeStep({ kind: 'deposit-refused', href: '/p', label: 'Pièce d’identité', reason: 'Document expiré', deadline: null })
		).toMatchObject({ linkText: 'Déposer de nouveau la pièce « Pièce d’identité »', deadline: null, reason: 'Document expiré' });
	});
});
