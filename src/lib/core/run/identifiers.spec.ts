import { describe, expect, it } from 'vitest';
import { createDiffIndex, changedFields } from './diff';
import { hash64, hashValues, IdentifierSet, normalizeIdentifier } from './identifiers';

describe('normalizeIdentifier', () => {
	it('trims, lower-cases e-mail keys, and skips blanks and non-text', () => {
		expect(normalizeIdentifier('  Ann@Acme.com ', 'email')).toEqual({
			ok: true,
			display: 'Ann@Acme.com',
			key: 'ann@acme.com'
		});
		expect(normalizeIdentifier(' Ann@Acme.com', 'upn')).toEqual({
			ok: true,
			display: 'Ann@Acme.com',
			key: 'Ann@Acme.com'
		});
		expect(normalizeIdentifier('   ', 'email')).toEqual({ ok: false, reason: 'blank identifier' });
		expect(normalizeIdentifier(null, 'email')).toEqual({ ok: false, reason: 'blank identifier' });
		expect(normalizeIdentifier(undefined, 'upn')).toEqual({ ok: false, reason: 'blank identifier' });
		expect(normalizeIdentifier(42, 'upn')).toEqual({ ok: false, reason: 'identifier is not text' });
	});
});

describe('IdentifierSet', () => {
	it('keeps the first of each key and grows past its initial capacity', () => {
		const set = new IdentifierSet(16);
		let added = 0;
		for (let index = 0; index < 50_000; index++) if (set.add(`user${index}@acme.com`)) added++;
		let repeated = 0;
		for (let index = 0; index < 50_000; index += 997) if (!set.add(`user${index}@acme.com`)) repeated++;
		expect(added).toBe(50_000);
		expect(repeated).toBe(51);
		expect(set.size).toBe(50_000);
		expect(set.has('user49999@acme.com')).toBe(true);
		expect(set.has('nobody@acme.com')).toBe(false);
	});

	it('hashes to 64 bits with no collision over 200,000 similar keys', () => {
		const seen = new Set<string>();
		for (let index = 0; index < 200_000; index++) {
			const { hi, lo } = hash64(`${index}`);
			seen.add(`${hi}:${lo}`);
		}
		expect(seen.size).toBe(200_000);
	});

	it('hashes values in a stable way that sees every change', () => {
		expect(hashValues({ a: 1, b: 'x' })).toBe(hashValues({ a: 1, b: 'x' }));
		expect(hashValues({ a: 1, b: 'x' })).not.toBe(hashValues({ a: 1, b: 'y' }));
		expect(Number.isSafeInteger(hashValues({ a: null }))).toBe(true);
		const variants = [
			{ a: null },
			{ a: 'null' },
			{ a: undefined },
			{},
			{ a: '' },
			{ ab: '' },
			{ a: 'b' },
			{ a: ['b'] }
		];
		expect(new Set(variants.map(hashValues)).size).toBe(variants.length);
	});
});

describe('createDiffIndex', () => {
	it('finds added, changed and removed identifiers chunk by chunk', () => {
		const diff = createDiffIndex({ kind: 'email' });
		diff.addPrevious(['a@x.com', 'b@x.com'], [1, 2]);
		diff.addPrevious(['c@x.com', 'd@x.com'], [3, 4]);
		expect(diff.addCurrent(['A@x.com', 'b@x.com', 'e@x.com'], [1, 20, 5])).toEqual({
			added: [2],
			changed: [1]
		});
		expect(diff.addCurrent(['d@x.com'], [4])).toEqual({ added: [], changed: [] });
		expect(diff.removedIn(['a@x.com', 'b@x.com'])).toEqual([]);
		expect(diff.removedIn(['c@x.com', 'd@x.com'])).toEqual([0]);
		expect(diff.counts()).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 2 });
	});

	it('names the changed fields of a row', () => {
		expect(changedFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', d: 2 })).toEqual(['b', 'c', 'd']);
	});

	it('handles a first run with nothing before it, at scale', () => {
		const diff = createDiffIndex({ kind: 'upn' });
		const ids = Array.from({ length: 20_000 }, (_, index) => `u${index}`);
		const result = diff.addCurrent(ids, new Float64Array(ids.length));
		expect(result.added).toHaveLength(20_000);
		expect(diff.counts()).toEqual({ added: 20_000, changed: 0, removed: 0, unchanged: 0 });
	});
});
