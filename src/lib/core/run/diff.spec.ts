import { describe, expect, it } from 'vitest';
import { diffRuns, type DiffChunk } from './diff';

function chunks(...pages: [string, number, Record<string, unknown>][][]) {
	return async function* (): AsyncGenerator<DiffChunk> {
		for (const page of pages)
			yield { rows: page.map(([identifier, hash, values]) => ({ identifier, hash, values })) };
	};
}

describe('diffRuns', () => {
	it('lists added and changed rows as met, then removed ones, with the fields that changed', async () => {
		const previous = chunks(
			[
				['a@x.com', 1, { title: 'A' }],
				['b@x.com', 2, { title: 'B' }]
			],
			[['c@x.com', 3, { title: 'C' }]]
		);
		const current = chunks([
			['B@x.com', 20, { title: 'B2' }],
			['c@x.com', 3, { title: 'C' }],
			['d@x.com', 4, { title: 'D' }]
		]);
		const { entries, counts } = await diffRuns({ kind: 'email', previous, current });
		expect(entries).toEqual([
			{ kind: 'added', identifier: 'd@x.com' },
			{ kind: 'changed', identifier: 'B@x.com', fields: ['title'] },
			{ kind: 'removed', identifier: 'a@x.com' }
		]);
		expect(counts).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 1 });
	});
});
