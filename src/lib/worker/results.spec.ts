import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../store/db';
import { createResultQueries } from './results';

const run = { id: 'r', columns: ['email', 'City'], finishedAt: 10 };

async function queries() {
	const db = createDatabase({ name: `queries-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
	for (let page = 1; page <= 3; page++)
		await db.chunks.put({
			runId: 'r',
			page,
			rows: Array.from({ length: 4 }, (_, at) => ({
				id: null,
				identifier: `u${page}${at}@x.com`,
				values: { City: at % 2 ? 'Oslo' : 'Paris' },
				hash: at
			}))
		});
	return createResultQueries({ db: () => db });
}

describe('selectResults', () => {
	it('searches and sorts a run in the worker, with progress of all rows', async () => {
		const api = await queries();
		const progress: [number, number][] = [];
		const outcome = await api.selectResults(
			run,
			{ search: 'oslo', sortBy: 'email', descending: true },
			(seen, total) => progress.push([seen, total])
		);
		expect(outcome.ok && outcome.value.cancelled).toBe(false);
		expect(outcome.ok && [...(outcome.value.positions ?? [])]).toEqual([11, 9, 7, 5, 3, 1]);
		expect(progress).toEqual([
			[4, 12],
			[8, 12],
			[12, 12]
		]);
		const plain = await api.selectResults(run, { search: ' ' });
		expect(plain).toEqual({ ok: true, value: { positions: null, cancelled: false } });
	});

	it('cancels the running selection when a newer one starts or when asked', async () => {
		const api = await queries();
		const first = api.selectResults(run, { sortBy: 'City' });
		const second = api.selectResults(run, { search: 'paris' });
		expect(await first).toEqual({ ok: true, value: { positions: null, cancelled: true } });
		expect((await second).ok).toBe(true);
		const third = api.selectResults(run, { sortBy: 'City' });
		api.cancelSelection();
		expect(await third).toEqual({ ok: true, value: { positions: null, cancelled: true } });
	});
});
