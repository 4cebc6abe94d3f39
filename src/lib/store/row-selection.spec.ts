import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDatabase, type ResultRow } from './db';
import { indexResults } from './results';
import { selectRows } from './row-selection';

const COLUMNS = ['email', 'City', 'Logins'];

function row(n: number, values: Record<string, unknown>): ResultRow {
	return { id: `005${n}`, identifier: `u${n}@x.com`, values, hash: n };
}

async function storedRun(pages: ResultRow[][]) {
	const db = createDatabase({ name: `select-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
	for (const [at, rows] of pages.entries()) await db.chunks.put({ runId: 'r', page: at + 1, rows });
	return { db, index: await indexResults(db, 'r', COLUMNS) };
}

describe('selectRows over the page texts', () => {
	it('finds numbers as text, looks only in the run columns, and never matches across cells', async () => {
		const { db, index } = await storedRun([
			[
				row(0, { City: 'Paris', Logins: 1742, Secret: 'paris' }),
				row(1, { City: 'Oslo', Logins: 3, Secret: 'paris' }),
				row(2, { City: 'Lyon\u0001x', Logins: null })
			],
			[row(3, { City: 'PARISH', Logins: 17 })]
		]);
		const found = async (search: string) => [...((await selectRows(db, index, COLUMNS, { search })) ?? [])];
		expect(await found('17')).toEqual([0, 3]);
		expect(await found('paris')).toEqual([0, 3]);
		expect(await found('lyon x')).toEqual([2]);
		expect(await found('x.comparis')).toEqual([]);
		expect(await found('u1@')).toEqual([1]);
	});

	it('puts rows without the sort column last, and reads text after numbers when descending', async () => {
		const { db, index } = await storedRun([
			[row(0, { City: 'b', Logins: 'many' }), row(1, { City: 'a' })],
			[row(2, { City: 'c', Logins: 5 }), row(3, { City: 'd', Logins: 40 })]
		]);
		const sorted = async (descending: boolean) => [
			...((await selectRows(db, index, COLUMNS, { sortBy: 'Logins', descending })) ?? [])
		];
		expect(await sorted(false)).toEqual([2, 3, 0, 1]);
		expect(await sorted(true)).toEqual([0, 3, 2, 1]);
	});

	it('reports progress page by page and stops when aborted', async () => {
		const pages = Array.from({ length: 4 }, (_, page) =>
			Array.from({ length: 5 }, (_, at) => row(page * 5 + at, { City: 'Paris' }))
		);
		const { db, index } = await storedRun(pages);
		const seen: number[] = [];
		await selectRows(db, index, COLUMNS, { search: 'paris' }, { onProgress: (rows) => seen.push(rows) });
		expect(seen).toEqual([5, 10, 15, 20]);

		const controller = new AbortController();
		const stoppedAt: number[] = [];
		const stopped = selectRows(
			db,
			index,
			COLUMNS,
			{ sortBy: 'City' },
			{
				signal: controller.signal,
				onProgress: (rows) => {
					stoppedAt.push(rows);
					if (rows === 10) controller.abort(new Error('newer search'));
				}
			}
		);
		await expect(stopped).rejects.toThrow('newer search');
		expect(stoppedAt).toEqual([5, 10]);
	});
});
