/**
 * Results benchmark (Node, fake-indexeddb standing in for the browser's IndexedDB): 1,000,000 mapped users
 * stored as 500 page chunks of 2,000 rows, then (1) the worker's streamed download as CSV and JSON through
 * the real export API and a sink that drops the bytes, with the heap sampled at every chunk, and (2) the
 * results view's reads: opening the run (its index from the stored page stats), reading a window of rows at
 * a random place, searching and sorting all rows (through the stored page texts). fake-indexeddb clones in JavaScript, so browser figures are expected to be better.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { RunLog } from '../../src/lib/core/model';
import { createDatabase, type ConnectorDatabase, type ResultRow } from '../../src/lib/store/db';
import { putChunkRecords } from '../../src/lib/store/chunk-records';
import { ChunkReader, indexResults } from '../../src/lib/store/results';
import { selectRows } from '../../src/lib/store/row-selection';
import { createExports, type ExportRequest, type ExportSink } from '../../src/lib/worker/exports';
import type { Bench, BenchRow } from './types';

const TOTAL_ROWS = 1_000_000;
const CHUNK_ROWS = 2000;
const WINDOW_ROWS = 40;
const WINDOWS = 200;
const COLUMNS = [
	'email',
	'FirstName',
	'LastName',
	'Title',
	'Department',
	'City',
	'Manager',
	'Active',
	'Logins',
	'Note'
];
const TITLES = ['VP, Sales', 'Engineer "II"', '=cmd|calc', 'Director', '-Ops lead', 'Analyst 👩🏽‍💻'];

function chunkRows(first: number): ResultRow[] {
	return Array.from({ length: CHUNK_ROWS }, (_, index) => {
		const n = first + index;
		return {
			id: `005${String(n).padStart(15, '0')}`,
			identifier: `user${n}@example.com`,
			values: {
				FirstName: ['Jürgen', 'Zoë', '太郎', 'Ann'][n % 4],
				LastName: `Müller-${n}`,
				Title: TITLES[n % TITLES.length],
				Department: n % 7 === 0 ? null : `Dept ${n % 40}`,
				City: n % 3 === 0 ? 'Zürich\nHQ' : 'Paris',
				Manager: `manager${n % 1000}@example.com`,
				Active: n % 5 !== 0,
				Logins: n % 997,
				Note: n % 11 === 0 ? 'https://example.com/u' : ''
			},
			hash: n
		};
	});
}

async function seed(): Promise<ConnectorDatabase> {
	const db = createDatabase({ name: 'bench-results', indexedDB: new IDBFactory(), IDBKeyRange });
	const run = {
		id: 'run',
		connectorId: 'c',
		time: Date.now(),
		status: 'success',
		nqlId: 'bench_users',
		processedRows: TOTAL_ROWS,
		columns: COLUMNS,
		diff: null
	} as unknown as RunLog;
	await db.runs.put(run);
	for (let first = 0, page = 1; first < TOTAL_ROWS; first += CHUNK_ROWS, page++) {
		const chunk = { runId: 'run', page, rows: chunkRows(first) };
		await db.chunks.put(chunk);
		await putChunkRecords(db, chunk);
	}
	return db;
}

const megabytes = (bytes: number) => bytes / 1024 / 1024;

/** A full garbage collection, so that what stays in the heap can be read without garbage in it. */
function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
}

async function exportPass(db: ConnectorDatabase, request: ExportRequest): Promise<BenchRow[]> {
	const label = request.format.toUpperCase();
	let bytes = 0;
	let files = 0;
	let writes = 0;
	let retainedAtTenth = 0;
	let retainedAtEnd = 0;
	let collecting = 0;
	const chunks = TOTAL_ROWS / CHUNK_ROWS;
	const sink: ExportSink = {
		open: () => files++,
		write: (chunk) => {
			bytes += chunk.byteLength;
			writes++;
			if (writes !== Math.round(chunks / 10) && writes !== chunks) return;
			const collectStarted = performance.now();
			collectGarbage();
			if (writes === chunks) retainedAtEnd = process.memoryUsage().heapUsed;
			else retainedAtTenth = process.memoryUsage().heapUsed;
			collecting += performance.now() - collectStarted;
		},
		close: () => undefined,
		abort: () => undefined
	};
	const started = performance.now();
	const result = await createExports({ db: () => db }).exportResults(label, 'run', request, sink);
	const seconds = (performance.now() - started - collecting) / 1000;
	if (!result.ok) throw new Error(result.error.message);
	const note = `${megabytes(bytes).toFixed(0)} MB in ${files} file(s), ${seconds.toFixed(1)} s, read from the store`;
	return [
		{
			group: 'results',
			name: `streamed ${label} download, 1M rows × 10 columns (Node, fake-indexeddb)`,
			value: Math.round(TOTAL_ROWS / seconds),
			unit: 'rows/s',
			note
		},
		{
			group: 'results',
			name: `${label} download: retained heap growth from 100k to 1M rows (after full GC)`,
			value: Number(megabytes(retainedAtEnd - retainedAtTenth).toFixed(1)),
			unit: 'MB',
			target: '≈ 0 (memory flat whatever the size)',
			note: 'one chunk in memory at a time'
		}
	];
}

async function windowReads(db: ConnectorDatabase): Promise<BenchRow[]> {
	let started = performance.now();
	const index = await indexResults(db, 'run', COLUMNS);
	const indexMs = performance.now() - started;
	let seed = 42;
	const random = () =>
		((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * (TOTAL_ROWS - WINDOW_ROWS);
	const reader = new ChunkReader(db, index);
	started = performance.now();
	for (let window = 0; window < WINDOWS; window++) {
		const start = Math.floor(random());
		await reader.rowsBetween(start, start + WINDOW_ROWS);
	}
	const jumpMs = (performance.now() - started) / WINDOWS;
	started = performance.now();
	for (let window = 0; window < WINDOWS; window++)
		await reader.rowsBetween(window * 10, window * 10 + WINDOW_ROWS);
	const scrollMs = (performance.now() - started) / WINDOWS;
	started = performance.now();
	const found = await selectRows(db, index, COLUMNS, { search: 'dept 17' });
	const searchMs = performance.now() - started;
	started = performance.now();
	await selectRows(db, index, COLUMNS, { sortBy: 'LastName', descending: true });
	const sortMs = performance.now() - started;
	const row = (name: string, value: number, target?: string, note?: string): BenchRow => ({
		group: 'results',
		name,
		value: Number(value.toFixed(2)),
		unit: 'ms',
		target,
		note
	});
	return [
		row(
			'results view: open a 1M-row run (index from stored page counts + fill rates)',
			indexMs,
			'< 200 ms (no chunk read)'
		),
		row(
			`results view: ${WINDOW_ROWS}-row window at a random place (chunk not cached)`,
			jumpMs,
			'< 16 ms (one frame)'
		),
		row(
			`results view: ${WINDOW_ROWS}-row window while scrolling (chunk cached)`,
			scrollMs,
			'< 16 ms (one frame)'
		),
		row('results view: search over 1M rows', searchMs, '< 2 s', `${found?.length ?? 0} matches`),
		row('results view: sort 1M rows by a text column', sortMs, '< 2 s')
	];
}

/** Runs the results benchmark. */
export const benchResults: Bench = async () => {
	const started = performance.now();
	const db = await seed();
	console.log(`seeded 1M rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	const rows = [
		...(await exportPass(db, { format: 'csv' })),
		...(await exportPass(db, { format: 'json' })),
		...(await windowReads(db))
	];
	db.close();
	return rows;
};
