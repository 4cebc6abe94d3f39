import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { QueryPage } from '../salesforce/client';
import { chooseRetrieval } from './choice';
import { queryPage } from './execute-testing';
import { freshCursor, idToNumber, numberToId, partitionedSource, splitIdSpan } from './partitions';

describe('Id ranges', () => {
	it('reads and writes 15-character Ids as base-62 numbers, as PK chunking bounds them', () => {
		expect(idToNumber('001300000000000') + BigInt(250_000)).toBe(idToNumber('00130000000132G'));
		expect(numberToId(idToNumber('005LM0000000001'))).toBe('005LM0000000001');
		expect(idToNumber('005LM0000000001YAA')).toBe(idToNumber('005LM0000000001'));
		expect(() => idToNumber('005-bad')).toThrow(RangeError);
	});

	it('cuts a span into rising boundaries inside it, fewer when the span is small', () => {
		const cuts = splitIdSpan('005LM0000000000', '005LM00000001zz', 4);
		expect(cuts).toHaveLength(3);
		expect([...cuts].sort()).toEqual(cuts);
		expect(cuts[0] > '005LM0000000000' && cuts[2] <= '005LM00000001zz').toBe(true);
		expect(splitIdSpan('005LM0000000000', '005LM0000000001', 8)).toEqual(['005LM0000000001']);
		expect(splitIdSpan('005LM0000000007', '005LM0000000007', 8)).toEqual([]);
	});
});

describe('chooseRetrieval', () => {
	const facts = { bulkUnsupported: null, partitionUnsupported: null };
	it('auto: one cursor when small, partitions from 10,000 users, Bulk from 100,000', () => {
		expect(chooseRetrieval({ ...facts, mode: 'auto', count: 9_999 }).why).toBe(
			'REST, one cursor, 9,999 users'
		);
		expect(chooseRetrieval({ ...facts, mode: 'auto', count: 45_000 }).why).toBe(
			'REST, 5 partitions, 45,000 users'
		);
		expect(chooseRetrieval({ ...facts, mode: 'auto', count: 1_200_000 }).why).toBe(
			'Bulk API 2.0, 8 parallel result pages, 1,200,000 users'
		);
		expect(
			chooseRetrieval({ ...facts, mode: 'auto', count: 1_200_000, bulkUnsupported: 'GROUP BY' }).why
		).toBe('REST, 8 partitions, 1,200,000 users');
	});

	it('says why it stays on one cursor, and why a forced Bulk falls back', () => {
		const ordered = { ...facts, partitionUnsupported: 'the query has its own ORDER BY' };
		expect(chooseRetrieval({ ...ordered, mode: 'auto', count: 50_000 }).why).toBe(
			'REST: the query has its own ORDER BY, 50,000 users'
		);
		const typeOf = 'Bulk API 2.0 does not run queries with TYPEOF';
		expect(chooseRetrieval({ ...facts, mode: 'bulk', count: 5, bulkUnsupported: typeOf }).why).toBe(
			`REST, 2 partitions, 5 users; ${typeOf}`
		);
		expect(chooseRetrieval({ ...facts, mode: 'rest', count: null }).path).toBe('rest');
		expect(chooseRetrieval({ ...facts, mode: 'bulk', count: 5 }).path).toBe('bulk');
	});
});

describe('partitionedSource', () => {
	it('holds no page of the other cursors while one cursor waits', async () => {
		setFlagsFromString('--expose-gc');
		const collectGarbage = runInNewContext('gc') as () => void;
		const PAGES = 40;
		const delivered: WeakRef<object>[] = [];
		let release = () => {};
		const slowFirstPage = new Promise<void>((resolve) => (release = resolve));
		let liveWhileWaiting = -1;
		const client = {
			async *queryPages(soql: string): AsyncGenerator<QueryPage> {
				if (soql === 'slow') {
					await slowFirstPage;
					yield queryPage([{ Id: '005000000000001' }], null);
					return;
				}
				for (let at = 1; at <= PAGES; at++) {
					const records = Array.from({ length: 2000 }, (_, row) => ({ Id: `005${at}-${row}` }));
					delivered.push(new WeakRef(records));
					yield queryPage(records, at < PAGES ? `/next-${at}` : null);
				}
				await new Promise((resolve) => setTimeout(resolve, 0));
				collectGarbage();
				liveWhileWaiting = delivered.filter((ref) => ref.deref() !== undefined).length;
				release();
			}
		};
		const source = partitionedSource(client, [freshCursor('slow'), freshCursor('fast')], {
			all: false,
			batchSize: 2000,
			estimate: null
		});
		let received = 0;
		for await (const { records } of source) received += records.length;
		expect(received).toBe(PAGES * 2000 + 1);
		expect(liveWhileWaiting).toBeGreaterThanOrEqual(0);
		expect(liveWhileWaiting).toBeLessThanOrEqual(2);
	});
});
