import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunLog } from '../core/model';
import { createDatabase, type ConnectorDatabase, type ResultRow } from './db';
import { cellText, textOfPage } from './chunk-records';
import {
	ChunkReader,
	chunkOf,
	diffPageCount,
	indexResults,
	readDiffPage,
	rememberedIndex,
	spaceByConnector
} from './results';
import { selectRows } from './row-selection';

const COLUMNS = ['email', 'Department', 'Title'];

function row(n: number): ResultRow {
	return {
		id: `005${String(n).padStart(15, '0')}`,
		identifier: `user${n}@example.com`,
		values: {
			Department: n % 3 === 0 ? null : `Dept ${n % 4}`,
			Title: n % 5 === 0 ? '' : `Title ${n}`
		},
		hash: n
	};
}

/** Pages of uneven sizes, numbered from 1, as a run with skipped rows stores them. */
const PAGE_SIZES = [5, 3, 0, 7, 4];

async function storeRun(db: ConnectorDatabase, runId: string): Promise<ResultRow[]> {
	const all: ResultRow[] = [];
	let n = 0;
	for (let page = 0; page < PAGE_SIZES.length; page++) {
		const rows = Array.from({ length: PAGE_SIZES[page] }, () => row(n++));
		all.push(...rows);
		await db.chunks.put({ runId, page: page + 1, rows });
	}
	return all;
}

let db: ConnectorDatabase;
let all: ResultRow[];

beforeEach(async () => {
	db = createDatabase({ name: `results-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
	all = await storeRun(db, 'run-1');
	await db.chunks.put({ runId: 'other', page: 1, rows: [row(999)] });
});

describe('indexResults', () => {
	it('counts rows per chunk cumulatively and fill rates per mapped field', async () => {
		const seen: number[] = [];
		const index = await indexResults(db, 'run-1', COLUMNS, (rows) => seen.push(rows));
		expect(index.pages).toEqual([1, 2, 3, 4, 5]);
		expect([...index.starts]).toEqual([0, 5, 8, 8, 15, 19]);
		expect(index.total).toBe(19);
		expect(seen.at(-1)).toBe(19);
		expect(index.filled).toEqual({
			email: 19,
			Department: all.filter((entry) => entry.values.Department !== null).length,
			Title: all.filter((entry) => entry.values.Title !== '').length
		});
	});

	it('gives an empty index for a run without results', async () => {
		const index = await indexResults(db, 'none', COLUMNS);
		expect(index.total).toBe(0);
		expect(index.pages).toEqual([]);
	});
});

describe('rememberedIndex', () => {
	it('reads a finished run once and gives the same index back', async () => {
		const run = { id: 'run-1', columns: COLUMNS, finishedAt: 5 };
		const first = await rememberedIndex(db, run);
		await db.chunks.put({ runId: 'run-1', page: 9, rows: [row(500)] });
		expect(await rememberedIndex(db, run)).toBe(first);
		expect((await rememberedIndex(db, { ...run, finishedAt: 6 })).total).toBe(20);
	});
});

describe('window reads', () => {
	it('finds the chunk of a position, skipping empty chunks', async () => {
		const index = await indexResults(db, 'run-1', COLUMNS);
		expect([0, 4, 5, 7, 8, 14, 15, 18].map((position) => chunkOf(index, position))).toEqual([
			0, 0, 1, 1, 3, 3, 4, 4
		]);
	});

	it('reads any window across chunk borders with the same rows as the run order', async () => {
		const index = await indexResults(db, 'run-1', COLUMNS);
		const reader = new ChunkReader(db, index, 2);
		for (const [start, end] of [
			[0, 19],
			[3, 10],
			[7, 9],
			[17, 40]
		])
			expect(await reader.rowsBetween(start, end)).toEqual(all.slice(start, end));
		expect(await reader.rowsAt([18, 0, 9])).toEqual([all[18], all[0], all[9]]);
		expect(reader.cachedRowsAt([9, 0])).toEqual([all[9], all[0]]);
		expect(reader.cachedRowsAt([18])).toBeNull();
	});
});

describe('selectRows', () => {
	it('keeps the run order when there is neither search nor sort', async () => {
		const index = await indexResults(db, 'run-1', COLUMNS);
		expect(await selectRows(db, index, COLUMNS, { search: '  ' })).toBeNull();
	});

	it('searches the identifier and every mapped field, ignoring case', async () => {
		const index = await indexResults(db, 'run-1', COLUMNS);
		const byIdentifier = await selectRows(db, index, COLUMNS, { search: 'USER1' });
		expect([...(byIdentifier ?? [])]).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
		const byField = await selectRows(db, index, COLUMNS, { search: 'dept 2' });
		expect([...(byField ?? [])]).toEqual(
			all.flatMap((entry, at) => (entry.values.Department === 'Dept 2' ? [at] : []))
		);
	});

	it('sorts text ignoring case, ties in run order, empty values last in both directions', async () => {
		const index = await indexResults(db, 'run-1', COLUMNS);
		const ascending = [...((await selectRows(db, index, COLUMNS, { sortBy: 'Title' })) ?? [])];
		const titles = ascending.map((at) => all[at].values.Title);
		expect(titles.slice(0, 3)).toEqual(['Title 1', 'Title 11', 'Title 12']);
		expect(titles.at(-1)).toBe('');
		const descending = [
			...((await selectRows(db, index, COLUMNS, { sortBy: 'Title', descending: true })) ?? [])
		];
		expect(all[descending[0]].values.Title).toBe('Title 9');
		expect(descending.slice(-4).map((at) => all[at].values.Title)).toEqual(['', '', '', '']);
		expect(descending.slice(-4)).toEqual([0, 5, 10, 15]);
	});

	it('sorts by the identifier column and combines with a search', async () => {
		const index = await indexResults(db, 'run-1', COLUMNS);
		const selected = await selectRows(db, index, COLUMNS, {
			search: 'dept 1',
			sortBy: 'email',
			descending: true
		});
		const identifiers = [...(selected ?? [])].map((at) => all[at].identifier);
		expect(identifiers).toEqual(
			all
				.filter((entry) => entry.values.Department === 'Dept 1')
				.map((entry) => entry.identifier)
				.sort()
				.reverse()
		);
	});

	it('sorts numbers numerically and before text', async () => {
		await db.chunks.put({
			runId: 'mixed',
			page: 1,
			rows: [10, 'b', 9, null, 'A', 100].map((value, at) => ({
				id: null,
				identifier: `u${at}@example.com`,
				values: { Title: value },
				hash: at
			}))
		});
		const index = await indexResults(db, 'mixed', COLUMNS);
		const order = await selectRows(db, index, COLUMNS, { sortBy: 'Title' });
		expect([...(order ?? [])]).toEqual([2, 0, 5, 4, 1, 3]);
	});
});

describe('diff pages and space', () => {
	it('reads diff pages by number and an empty page past the end', async () => {
		await db.diffs.bulkPut([
			{ runId: 'run-1', page: 0, entries: [{ kind: 'added', identifier: 'a@example.com' }] },
			{ runId: 'run-1', page: 1, entries: [{ kind: 'removed', identifier: 'b@example.com' }] }
		]);
		expect(await diffPageCount(db, 'run-1')).toBe(2);
		expect((await readDiffPage(db, 'run-1', 1)).entries[0].kind).toBe('removed');
		expect((await readDiffPage(db, 'run-1', 5)).entries).toEqual([]);
	});

	it('sums the stored results per connector and ignores runs without results', async () => {
		const log = (id: string, connectorId: string, processedRows: number) =>
			({ id, connectorId, processedRows, time: 1, status: 'success' }) as RunLog;
		await db.runs.bulkPut([log('run-1', 'c1', 19), log('other', 'c1', 1), log('pruned', 'c2', 50)]);
		const space = await spaceByConnector(db);
		expect(space).toHaveLength(1);
		expect(space[0]).toMatchObject({ connectorId: 'c1', runsWithResults: 2, chunks: 6, rows: 20 });
		expect(space[0].bytes).toBeGreaterThan(0);
		await textOfPage(db, 'run-1', 1);
		const [withText] = await spaceByConnector(db);
		expect(withText.bytes).toBeGreaterThan(space[0].bytes);
	});
});

describe('cellText', () => {
	it('shows values as plain text', () => {
		expect(cellText(null)).toBe('');
		expect(cellText(undefined)).toBe('');
		expect(cellText(3)).toBe('3');
		expect(cellText(false)).toBe('false');
		expect(cellText({ a: [1] })).toBe('{"a":[1]}');
		expect(cellText('<img src=x>')).toBe('<img src=x>');
	});
});
