/**
 * Export benchmark: 1,000,000 mapped users × 10 columns through the CSV writer and the file splitter,
 * chunk by chunk as they come from the store, encoded to UTF-8 and dropped (nothing is kept), with the
 * heap sampled after every chunk to show that memory stays flat.
 */
import { createCsvWriter } from '../../src/lib/core/export/csv-writer';
import { createJsonWriter } from '../../src/lib/core/export/json-writer';
import { createFileSplitter } from '../../src/lib/core/export/split';
import type { ExportRow, ExportWriter } from '../../src/lib/core/export/types';
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
	/** Median heap of the last tenth of chunks minus that of the second tenth. */
	heapDriftMb: number;
	files: number;
}

function median(values: number[]): number {
	const sorted = [...values].sort((left, right) => left - right);
	return sorted[Math.floor(sorted.length / 2)];
}

function exportPass(extension: string, newWriter: () => ExportWriter): PassResult {
	const encoder = new TextEncoder();
	const splitter = createFileSplitter({ baseName: 'users', extension, expectedRows: TOTAL_ROWS, newWriter });
	const heapSamples: number[] = [];
	let bytes = 0;
	const started = performance.now();
	for (let first = 0; first < TOTAL_ROWS; first += CHUNK_ROWS) {
		for (const piece of splitter.write(chunkAt(first))) bytes += encoder.encode(piece.text).byteLength;
		heapSamples.push(process.memoryUsage().heapUsed);
	}
	for (const piece of splitter.end()) bytes += encoder.encode(piece.text).byteLength;
	const seconds = (performance.now() - started) / 1000;
	const tenth = Math.floor(heapSamples.length / 10);
	const mb = (value: number) => value / 1024 / 1024;
	return {
		seconds,
		bytes,
		peakHeapMb: mb(Math.max(...heapSamples)),
		heapDriftMb: mb(median(heapSamples.slice(-tenth)) - median(heapSamples.slice(tenth, 2 * tenth))),
		files: splitter.files
	};
}

function rowsFor(format: string, result: PassResult): BenchRow[] {
	const label = `${format}, 1M rows × 10 columns, ${CHUNK_ROWS}-row chunks (Node)`;
	const megabytes = (result.bytes / 1024 / 1024).toFixed(0);
	const note = `${megabytes} MB written in ${result.files} file(s), ${result.seconds.toFixed(1)} s`;
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
			name: `${format}: heap drift from 2nd to last tenth of the export`,
			value: Number(result.heapDriftMb.toFixed(1)),
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
