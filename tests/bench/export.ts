/**
 * Export benchmark: 1,000,000 mapped users × 10 columns through the CSV writer and the file splitter,
 * chunk by chunk as they come from the store, encoded to UTF-8 and dropped (nothing is kept), with the
 * heap sampled after every chunk to show that memory stays flat.
 */
import { createCsvWriter } from '../../src/lib/core/export/csv-writer';
import { createJsonWriter } from '../../src/lib/core/export/json-writer';
import { createFileSplitter } from '../../src/lib/core/export/split';
import type { ExportRow, ExportWriter } from '../../src/lib/core/export/types';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Bench, BenchRow } from './types';

const TOTAL_ROWS = 1_000_000;
const CHUNK_ROWS = 2000;
const COLUMNS = [
	'upn',
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
const FIRST_NAMES = ['Jürgen', 'Zoë', '太郎', 'Ann', "O'Brien", 'José'];
const TITLES = ['VP, Sales', 'Engineer "II"', '=cmd|calc', 'Director', '-Ops lead', 'Analyst 👩🏽‍💻'];

function chunkAt(first: number): ExportRow[] {
	const rows: ExportRow[] = new Array(CHUNK_ROWS);
	for (let index = 0; index < CHUNK_ROWS; index++) {
		const n = first + index;
		rows[index] = {
			identifier: `user${n}@example.com`,
			values: {
				FirstName: FIRST_NAMES[n % FIRST_NAMES.length],
				LastName: `Müller-${n}`,
				Title: TITLES[n % TITLES.length],
				Department: n % 7 === 0 ? null : `Dept ${n % 40}`,
				City: n % 3 === 0 ? 'Zürich\nHQ' : 'Paris',
				Manager: `manager${n % 1000}@example.com`,
				Active: n % 5 !== 0,
				Logins: n % 997,
				Note: n % 11 === 0 ? { tags: ['a', 'b'] } : ''
			}
		};
	}
	return rows;
}

interface PassResult {
	seconds: number;
	bytes: number;
	peakHeapMb: number;
	/** Heap still in use after a full collection at the end, minus the same at the first tenth. */
	retainedGrowthMb: number;
	files: number;
}

/** A full garbage collection, so that retained memory can be read without garbage in it. */
function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
}

const megabytes = (bytes: number) => bytes / 1024 / 1024;

function exportPass(extension: string, newWriter: () => ExportWriter): PassResult {
	const encoder = new TextEncoder();
	const splitter = createFileSplitter({ baseName: 'users', extension, expectedRows: TOTAL_ROWS, newWriter });
	const tenthRows = TOTAL_ROWS / 10;
	let peakHeap = 0;
	let retainedAtFirstTenth = 0;
	let bytes = 0;
	let collecting = 0;
	const started = performance.now();
	for (let first = 0; first < TOTAL_ROWS; first += CHUNK_ROWS) {
		for (const piece of splitter.write(chunkAt(first))) bytes += encoder.encode(piece.text).byteLength;
		peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
		if (first + CHUNK_ROWS === tenthRows) {
			const collectStarted = performance.now();
			collectGarbage();
			retainedAtFirstTenth = process.memoryUsage().heapUsed;
			collecting += performance.now() - collectStarted;
		}
	}
	for (const piece of splitter.end()) bytes += encoder.encode(piece.text).byteLength;
	const seconds = (performance.now() - started - collecting) / 1000;
	collectGarbage();
	return {
		seconds,
		bytes,
		peakHeapMb: megabytes(peakHeap),
		retainedGrowthMb: megabytes(process.memoryUsage().heapUsed - retainedAtFirstTenth),
		files: splitter.files
	};
}

function rowsFor(format: string, result: PassResult): BenchRow[] {
	const label = `${format}, 1M rows × 10 columns, ${CHUNK_ROWS}-row chunks (Node)`;
	const written = megabytes(result.bytes).toFixed(0);
	const note = `${written} MB written in ${result.files} file(s), ${result.seconds.toFixed(1)} s`;
	return [
		{ group: 'export', name: label, value: Math.round(TOTAL_ROWS / result.seconds), unit: 'rows/s', note },
		{
			group: 'export',
			name: `${format}: peak heap used`,
			value: Number(result.peakHeapMb.toFixed(1)),
			unit: 'MB',
			target: 'flat, whatever the size'
		},
		{
			group: 'export',
			name: `${format}: retained heap growth from 100k to 1M rows (after full GC)`,
			value: Number(result.retainedGrowthMb.toFixed(1)),
			unit: 'MB',
			target: '≈ 0 (nothing accumulates)'
		}
	];
}

/** Runs the export benchmark for CSV and JSON. */
export const benchExport: Bench = async () => [
	...rowsFor(
		'CSV',
		exportPass('csv', () => createCsvWriter({ columns: COLUMNS }))
	),
	...rowsFor(
		'JSON',
		exportPass('json', () => createJsonWriter({ columns: COLUMNS }))
	)
];
