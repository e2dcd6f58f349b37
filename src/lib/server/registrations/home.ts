// « Mon espace » (SPEC N2): one card per registration of a session not yet over and per draft not
// yet saved, each with what is left to do and by when. The candidate's facts come in a fixed
// handful of queries, whatever the number of registrations and pieces, and the catalogue's
// (windows, exam offices, piece types, specialty names) from the catalogue kept in memory; the
// rules are the domain's (pending-steps, supporting-documents, admin-windows). Every query is
// prepared once (lists of codes go as one JSON array, read with json_each): the page is read on
// every visit.
import { and, asc, eq, inArray, sql, type Column } from 'drizzle-orm';
import { preparedQuery, type Db } from '../db';
import {
	academies,
	candidates,
	examDomains,
	examOffices,
	registrationDrafts,
	registrations,
	registrationVersions,
	registrationWindows,
	supportingDocuments
} from '../db/schema';
import { timeZonePlace, type ExamPlace } from '../catalogue';
import { catalogueSnapshot, officeIn, windowsIn } from '../catalogue/cache';
import { listCandidateDocuments, DOCUMENT_KIND_LABELS } from '../documents';
import { confirmedOffice } from '../../domain/admin-windows';
import {
	closingDeadline,
	describeStep,
	draftSteps,
	isNewDocument,
	MY_DOCUMENTS_HREF,
	REGISTRATION_STATE_LABELS,
	registrationSteps,
	registrationWindow,
	type Deadline,
	type StepView,
	type RegistrationState,
	type WindowRow,
	type Zone
} from '../../domain/pending-steps';
import { versionLabel } from '../../domain/registration-api';
import type { VersionSnapshot } from '../../domain/registration-version';
import { requiredSupportingDocuments } from '../../domain/supporting-documents';
import { PARIS_TIME_ZONE } from '../../domain/format';
import { localDateOf } from '../../domain/registration-window';
import { SCHOOL_MADE_NOTICE } from '../../domain/school-import';

export interface RegistrationCard {
	registrationNumber: string;
	domainName: string;
	specialtyName: string;
	sessionYear: number;
	academyName: string;
	versionLabel: string;
	state: RegistrationState;
	stateLabel: string;
	/** SPEC M4: the office's reason, for a registration set aside. */
	setAsideReason: string | null;
	/** SPEC M7: made by a school, which the pupil asks for any change. */
	schoolMadeNotice: string | null;
	/** While the candidate can still change it: the close, and the days left. */
	modifiableUntil: Deadline | null;
	/** When the window closed (or will, for a school's registration), as the académie's clock shows it. */
	closedAtText: string | null;
	steps: StepView[];
}

export interface DraftCard {
	key: string;
	domainName: string;
	sessionYear: number;
	academyName: string;
	/** False once the window has closed: the draft can no longer become a registration. */
	open: boolean;
	steps: StepView[];
}

export interface MySpace {
	registrations: RegistrationCard[];
	drafts: DraftCard[];
	/** New documents attached to no registration. */
	otherSteps: StepView[];
}

const WINDOW_AUDIENCES = registrationWindows.audience.enumValues;

const placeKey = (place: ExamPlace) => `${place.examDomainCode}:${place.sessionYear}:${place.academyCode}`;

/** The year a session belongs to is over once Paris has left it (the rule « Mon espace » always had). */
function currentYear(now: Date): number {
	return localDateOf(now, PARIS_TIME_ZONE).year;
}

/** `column IN` the values of the JSON array bound as `name`: one prepared statement for any number of values. */
const inJsonList = (column: Column, name: string) => inArray(column, sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`);

const candidateFacts = preparedQuery((db) =>
	db
		.select({ birthDate: candidates.birthDate, nationality: candidates.nationality, documentsSeenAt: candidates.documentsSeenAt })
		.from(candidates)
		.where(eq(candidates.id, sql.placeholder('candidateId')))
);

const registrationRows = preparedQuery((db) =>
	db
		.select({
			registration: registrations,
			snapshot: registrationVersions.content,
			domainName: examDomains.name,
			academy: { name: academies.name, fullName: academies.fullName, kind: academies.kind, timeZone: academies.timeZone }
		})
		.from(registrations)
		.innerJoin(
			registrationVersions,
			and(eq(registrationVersions.registrationId, registrations.id), eq(registrationVersions.version, registrations.version))
		)
		.innerJoin(examDomains, eq(examDomains.code, registrations.examDomainCode))
		.innerJoin(academies, eq(academies.code, registrations.academyCode))
		.where(eq(registrations.candidateId, sql.placeholder('candidateId')))
		.orderBy(asc(registrations.createdAt))
);

const draftRowsOf = preparedQuery((db) =>
	db
		.select({
			draft: {
				examDomainCode: registrationDrafts.examDomainCode,
				sessionYear: registrationDrafts.sessionYear,
				academyCode: registrationDrafts.academyCode,
				registrationNumber: registrationDrafts.registrationNumber
			},
			domainName: examDomains.name,
			academy: { name: academies.name, fullName: academies.fullName, kind: academies.kind, timeZone: academies.timeZone }
		})
		.from(registrationDrafts)
		.innerJoin(examDomains, eq(examDomains.code, registrationDrafts.examDomainCode))
		.innerJoin(academies, eq(academies.code, registrationDrafts.academyCode))
		.where(eq(registrationDrafts.candidateId, sql.placeholder('candidateId')))
);

const depositedOf = preparedQuery((db) =>
	db
		.select({
			registrationId: supportingDocuments.registrationId,
			typeCode: supportingDocuments.typeCode,
			state: supportingDocuments.state,
			reviewReason: supportingDocuments.reviewReason
		})
		.from(supportingDocuments)
		.where(inJsonList(supportingDocuments.registrationId, 'registrationIds'))
);

export function loadMySpace(db: Db, candidateId: string, now: Date): MySpace {
	const candidate = candidateFacts(db).get({ candidateId });
	if (!candidate) return { registrations: [], drafts: [], otherSteps: [] };

	// 1. Registrations with their current version, exam and académie.
	const rows = registrationRows(db).all({ candidateId });

	// 2. Drafts kept on the server (SPEC O3), with their exam and académie.
	const draftRows = draftRowsOf(db).all({ candidateId });

	// 3. The windows and exam offices of every place named above, from the catalogue kept in memory
	// (the database itself, never a transaction, always has a snapshot).
	const catalogue = catalogueSnapshot(db)!;
	const places = [...rows.map((row) => row.registration), ...draftRows.map((row) => row.draft)];
	const windowsByPlace = new Map<string, WindowRow[]>();
	const officeByPlace = new Map<string, typeof examOffices.$inferSelect | undefined>();
	for (const place of places) {
		const key = placeKey(place);
		if (windowsByPlace.has(key)) continue;
		const windows = WINDOW_AUDIENCES.flatMap((audience) =>
			windowsIn(catalogue, place, audience).map((window) => ({ ...window, audience }))
		);
		windowsByPlace.set(key, windows);
		officeByPlace.set(key, officeIn(catalogue, place));
	}

	// 4. The pieces: the catalogue's types, and what was deposited for every registration at once.
	const registrationIds = rows.map((row) => row.registration.id);
	const types = rows.length > 0 ? [...catalogue.supportingDocumentTypes] : [];
	const deposited = registrationIds.length > 0 ? depositedOf(db).all({ registrationIds: JSON.stringify(registrationIds) }) : [];

	// 5. Documents shown as « Nouveau » in « Mes documents » (the same rule, without marking them seen).
	const newDocuments = new Map<string | null, string[]>();
	for (const row of listCandidateDocuments(db, candidateId)) {
		// The confirmation has its own step: print, sign and send.
		if (row.document.kind === 'confirmation' || !isNewDocument(row.document.createdAt, candidate.documentsSeenAt)) continue;
		const label = DOCUMENT_KIND_LABELS[row.document.kind] + (row.document.kind === 'other' ? ` : ${row.document.title}` : '');
		const key = row.document.registrationId;
		newDocuments.set(key, [...(newDocuments.get(key) ?? []), label]);
	}

	const zoneOf = (academy: { name: string; kind: string; timeZone: string }): Zone => ({
		timeZone: academy.timeZone,
		place: timeZonePlace(academy)
	});
	const thisYear = currentYear(now);
	const modificationDrafts = new Set(draftRows.flatMap((row) => (row.draft.registrationNumber ? [row.draft.registrationNumber] : [])));

	const cards: RegistrationCard[] = [];
	for (const { registration, snapshot, domainName, academy } of rows) {
		const stored = snapshot as VersionSnapshot;
		const schoolMade = registration.origin === 'school';
		const active = registration.status === 'active';
		const window = registrationWindow(windowsByPlace.get(placeKey(registration)) ?? [], { active, schoolMade }, now);
		// After its window closes a registration stays here, read-only, until its session's year ends.
		if (!window.openClosesAt && registration.sessionYear < thisYear) continue;
		const zone = zoneOf(academy);
		const office = confirmedOffice(officeByPlace.get(placeKey(registration)));
		const state: RegistrationState = !active ? 'withdrawn' : registration.setAsideAt ? 'set-aside' : 'active';
		const pieces = requiredSupportingDocuments(
			types,
			stored.content,
			{ birthDate: candidate.birthDate, nationality: candidate.nationality },
			registration.sessionYear
		).map((type) => {
			const file = deposited.find((entry) => entry.registrationId === registration.id && entry.typeCode === type.code);
			return { label: type.label, state: file?.state ?? null, refusalReason: file?.state === 'refused' ? file.reviewReason : null };
		});
		cards.push({
			registrationNumber: registration.registrationNumber,
			domainName,
			specialtyName: catalogue.specialtyNameByCode.get(stored.content.choice.specialtyCode) ?? stored.content.choice.specialtyCode,
			sessionYear: registration.sessionYear,
			academyName: academy.fullName,
			versionLabel: versionLabel(registration.version),
			state,
			stateLabel: REGISTRATION_STATE_LABELS[state],
			setAsideReason: state === 'set-aside' ? (registration.setAsideReason ?? '') : null,
			schoolMadeNotice: schoolMade ? SCHOOL_MADE_NOTICE : null,
			modifiableUntil: window.openClosesAt ? closingDeadline(window.openClosesAt, zone, now) : null,
			closedAtText: !window.openClosesAt && window.closesAt ? closingDeadline(window.closesAt, zone, now).text : null,
			steps: registrationSteps(
				{
					registrationNumber: registration.registrationNumber,
					state,
					version: registration.version,
					zone,
					openWindowClosesAt: window.openClosesAt,
					modificationDraft: modificationDrafts.has(registration.registrationNumber),
					pieces,
					returnDate: office.confirmationReturnDate,
					receivedVersion: registration.signedConfirmationReceivedOn ? registration.signedConfirmationVersion : null,
					pendingValidation: registration.pendingValidation,
					newDocuments: newDocuments.get(registration.id) ?? []
				},
				now
			).map((step) => describeStep(step, office))
		});
	}

	const drafts: DraftCard[] = [];
	for (const { draft, domainName, academy } of draftRows) {
		// A modification's draft shows on its registration's card.
		if (draft.registrationNumber || draft.sessionYear < thisYear) continue;
		const window = registrationWindow(windowsByPlace.get(placeKey(draft)) ?? [], { active: true, schoolMade: false }, now);
		drafts.push({
			key: `${draft.examDomainCode}-${draft.sessionYear}-${draft.academyCode}`,
			domainName,
			sessionYear: draft.sessionYear,
			academyName: academy.fullName,
			open: window.openClosesAt !== null,
			steps: draftSteps({ ...draft, zone: zoneOf(academy), openWindowClosesAt: window.openClosesAt }, now).map((step) => describeStep(step))
		});
	}

	const otherSteps = (newDocuments.get(null) ?? []).map((label) => describeStep({ kind: 'read-document', href: MY_DOCUMENTS_HREF, label }));
	return { registrations: cards, drafts, otherSteps };
}

/** One card as the page shows it: every word made here, so that the page's script stays small. */
export interface CardView {
	id: string;
	title: string;
	href: string | null;
	facts: Array<[string, string]>;
	/** The office's reason for setting it aside, or why a draft can no longer be saved. */
	notice: { text: string; error: boolean } | null;
	/** Until when it can be changed, or why it no longer can. */
	status: { text: string; deadline: StepView['deadline']; after: string } | null;
	inactive: boolean;
	steps: StepView[];
}

const late = (deadline: Deadline) => ({ ...deadline, late: deadline.daysLeft <= 1, by: ' ' });

export function mySpaceCards(space: MySpace): CardView[] {
	return [
		...space.drafts.map((draft): CardView => ({
			id: `brouillon-${draft.key}`,
			title: `${draft.domainName}, session ${draft.sessionYear}`,
			href: null,
			facts: [
				['Académie', draft.academyName],
				['État', 'Brouillon, pas encore enregistré']
			],
			notice: draft.open ? null : { text: 'Le service d’inscription est fermé : ce brouillon ne peut plus être enregistré.', error: false },
			status: null,
			inactive: false,
			steps: draft.steps
		})),
		...space.registrations.map((card): CardView => ({
			id: `inscription-${card.registrationNumber}`,
			title: `${card.domainName} – ${card.specialtyName}`,
			href: `/mes-inscriptions/${card.registrationNumber}`,
			facts: [
				['Session', String(card.sessionYear)],
				['Académie', card.academyName],
				['N° inscription', card.registrationNumber],
				['Version', card.versionLabel],
				['État', card.stateLabel]
			],
			notice:
				card.setAsideReason === null
					? null
					: {
							text: `Motif : ${card.setAsideReason}. Pour toute question, contactez le service des examens de votre académie.`,
							error: true
						},
			status: card.modifiableUntil
				? { text: 'Modifiable jusqu’au', deadline: late(card.modifiableUntil), after: '.' }
				: {
						text:
							card.schoolMadeNotice ??
							(card.state === 'withdrawn'
								? 'Vous vous êtes désinscrit(e) : cette candidature ne peut pas être réactivée.'
								: `Service d’inscription fermé${card.closedAtText ? ` le ${card.closedAtText}` : ''} : consultation seulement.`),
						deadline: null,
						after: ''
					},
			inactive: card.state === 'withdrawn',
			steps: card.steps
		})),
		...(space.otherSteps.length > 0
			? [
					{
						id: 'autres-documents',
						title: 'Autres documents',
						href: null,
						facts: [],
						notice: null,
						status: null,
						inactive: false,
						steps: space.otherSteps
					}
				]
			: [])
	];
}
