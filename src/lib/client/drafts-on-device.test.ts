import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_CONTENT } from '$lib/server/registrations/test-fixtures';
import { deleteDraftsOfOthers, draftKey, listDrafts, newIdempotencyKey, saveDraft } from './drafts';
import { mayHoldDrafts } from './drafts-on-device';

afterEach(() => {
	vi.restoreAllMocks();
});

describe('mayHoldDrafts', () => {
	it('#17: a device never used for a draft holds none, even once read by the pages that list drafts; once a draft is written, it may', async () => {
		expect(await mayHoldDrafts()).toBe(false);
		expect(await listDrafts('someone')).toEqual([]);
		expect(await deleteDraftsOfOthers('someone')).toBe(0);
		expect(await mayHoldDrafts()).toBe(false);

		const key = draftKey('someone', 'BCP', 2027);
		await saveDraft({
			key,
			candidateId: 'someone',
			examDomainCode: 'BCP',
			sessionYear: 2027,
			academyCode: '08',
			tab: 'identity',
			content: SAMPLE_CONTENT,
			idempotencyKey: newIdempotencyKey(),
			updatedAt: 0
		});
		expect(await mayHoldDrafts()).toBe(true);
		expect((await listDrafts('someone')).map((draft) => draft.key)).toEqual([key]);
		expect(await deleteDraftsOfOthers('someone else')).toBe(1);
	});

	it('#17: a browser that cannot list its databases leaves the question to the drafts’ code', async () => {
		vi.spyOn(indexedDB, 'databases').mockRejectedValue(new DOMException('refused', 'SecurityError'));
		expect(await mayHoldDrafts()).toBe(true);
	});
});
