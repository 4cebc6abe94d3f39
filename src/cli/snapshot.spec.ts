import { describe, expect, it } from 'vitest';
import { hashValues, type RunRow } from '../lib/core/run';
import { diffOutputs, mergeIncremental } from './snapshot';

const row = (id: string, identifier: string, title: string): RunRow => ({
	id,
	identifier,
	values: { title },
	hash: hashValues({ title })
});

describe('outputs between runs', () => {
	const previous = [
		row('005A', 'a@x.com', 'Dev'),
		row('005B', 'b@x.com', 'Ops'),
		row('005C', 'c@x.com', 'QA')
	];

	it('diffs by identifier (e-mail case-insensitively), then by values', () => {
		const current = [
			row('005A', 'A@X.com', 'Dev'),
			row('005B', 'b@x.com', 'Lead'),
			row('005D', 'd@x.com', 'New')
		];
		const diff = diffOutputs('email', previous, current);
		expect(diff.added.map((item) => item.id)).toEqual(['005D']);
		expect(diff.changed.map((item) => item.id)).toEqual(['005B']);
		expect(diff.removed).toEqual(['c@x.com']);
		expect(diff.counts).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 1 });
		expect(diffOutputs('email', null, current).added).toHaveLength(3);
	});

	it('merges an incremental run: upserts by Id, drops removed Ids, keeps the first of a shared identifier', () => {
		const fetched = [
			row('005B', 'b@x.com', 'Lead'),
			row('005E', 'e@x.com', 'New'),
			row('005F', 'a@x.com', 'Copy')
		];
		const merged = mergeIncremental('email', previous, fetched, new Set(['005C']));
		expect(merged.rows.map((item) => [item.id, item.values.title])).toEqual([
			['005A', 'Dev'],
			['005B', 'Lead'],
			['005E', 'New']
		]);
		expect(merged.duplicates).toEqual(['a@x.com']);
	});
});
