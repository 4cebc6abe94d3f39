import { describe, expect, it } from 'vitest';
import { accountPage } from './accounting';
import { blankCounters } from './counters';
import { IdentifierSet } from './identifiers';
import { readCheckpoint } from './types';

const row = (email: string | null, errors = 0) => ({
	id: null,
	identifier: email,
	values: { mail: email },
	errors: Array.from({ length: errors }, () => ({ target: 'mail', code: 'T0410', message: 'bad' }))
});

describe('accountPage', () => {
	it('keeps valid first identifiers, counts skips, duplicates and field errors, and leaves its input alone', () => {
		const before = blankCounters();
		const context = { kind: 'email' as const, seen: new IdentifierSet(), maxRows: 10 };
		const page = [row('a@x.com', 1), row(null), row('A@x.com'), row('b@x.com')];
		const account = accountPage(before, page, 4, true, context);
		expect(account.rows.map((kept) => kept.identifier)).toEqual(['a@x.com', 'b@x.com']);
		expect(account.counters).toMatchObject({
			pages: 1,
			received: 4,
			processed: 2,
			skipped: 1,
			duplicates: 1,
			fieldErrors: 1,
			skippedReasons: { 'blank identifier': 1 },
			duplicatesSample: ['A@x.com']
		});
		expect(account.capped).toBe(false);
		expect(before).toEqual(blankCounters());
	});

	it('stops at the cap, and calls a page that fills it exactly capped only when more pages follow', () => {
		const page = [row('a@x.com'), row('b@x.com'), row('c@x.com')];
		const context = () => ({ kind: 'email' as const, seen: new IdentifierSet(), maxRows: 2 });
		const cut = accountPage(blankCounters(), page, 3, false, context());
		expect(cut.rows).toHaveLength(2);
		expect(cut.capped).toBe(true);
		const exact = page.slice(0, 2);
		expect(accountPage(blankCounters(), exact, 2, false, context()).capped).toBe(false);
		expect(accountPage(blankCounters(), exact, 2, true, context()).capped).toBe(true);
	});
});

describe('readCheckpoint', () => {
	it('reads a checkpoint stored with the old page count name', () => {
		const stored = { ...blankCounters(), pages: undefined, page: 7, soql: 'x' };
		delete stored.pages;
		expect(readCheckpoint(stored)).toMatchObject({ pages: 7, soql: 'x' });
		expect(readCheckpoint(stored)).not.toHaveProperty('page');
	});
});
