import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createCsvWriter } from './csv-writer';
import { createJsonWriter } from './json-writer';
import { createFileSplitter, EXCEL_MAX_DATA_ROWS, splitPlan, type FilePiece } from './split';
import type { ExportRow } from './types';

function rows(from: number, count: number): ExportRow[] {
	return Array.from({ length: count }, (_, index) => ({
		identifier: `u${from + index}`,
		values: { n: from + index }
	}));
}

function collect(pieces: FilePiece[]): Map<string, string> {
	const files = new Map<string, string>();
	for (const piece of pieces) {
		if (piece.startsFile) expect(files.has(piece.fileName)).toBe(false);
		else expect(files.has(piece.fileName)).toBe(true);
		files.set(piece.fileName, (files.get(piece.fileName) ?? '') + piece.text);
	}
	return files;
}

describe('splitPlan', () => {
	it('keeps one file up to the Excel limit', () => {
		expect(splitPlan(EXCEL_MAX_DATA_ROWS, { baseName: 'users', extension: 'csv' })).toEqual([
			{ fileName: 'users.csv', firstRow: 0, rowCount: 1_048_575 }
		]);
		expect(splitPlan(0, { baseName: 'users', extension: 'csv' })).toEqual([
			{ fileName: 'users.csv', firstRow: 0, rowCount: 0 }
		]);
	});

	it('splits above 1,048,575 rows into numbered parts', () => {
		expect(splitPlan(2_500_000, { baseName: 'users', extension: 'csv' })).toEqual([
			{ fileName: 'users-part-1.csv', firstRow: 0, rowCount: 1_048_575 },
			{ fileName: 'users-part-2.csv', firstRow: 1_048_575, rowCount: 1_048_575 },
			{ fileName: 'users-part-3.csv', firstRow: 2_097_150, rowCount: 402_850 }
		]);
	});
});

describe('createFileSplitter', () => {
	const columns = ['upn', 'n'];

	it('starts a new file with its own BOM and header when a file is full, cutting inside a chunk', () => {
		const splitter = createFileSplitter({
			baseName: 'users',
			extension: 'csv',
			maxRowsPerFile: 4,
			newWriter: () => createCsvWriter({ columns })
		});
		const pieces = [...splitter.write(rows(0, 3)), ...splitter.write(rows(3, 6)), ...splitter.end()];
		const files = collect(pieces);
		expect([...files.keys()]).toEqual(['users.csv', 'users-part-2.csv', 'users-part-3.csv']);
		const counts = [...files.values()].map((text) => {
			expect(text.startsWith('\ufeffupn,n\r\n')).toBe(true);
			return Papa.parse(text.slice(1), { skipEmptyLines: true }).data.length - 1;
		});
		expect(counts).toEqual([4, 4, 1]);
		expect(files.get('users-part-3.csv')).toBe('\ufeffupn,n\r\nu8,8\r\n');
		expect(pieces.filter((piece) => piece.endsFile).map((piece) => piece.partNumber)).toEqual([1, 2, 3]);
		expect(splitter.files).toBe(3);
		expect(splitter.rows).toBe(9);
	});

	it('names parts from the first one when the row count is known to exceed one file', () => {
		const splitter = createFileSplitter({
			baseName: 'users',
			extension: 'json',
			maxRowsPerFile: 2,
			expectedRows: 4,
			newWriter: () => createJsonWriter({ columns })
		});
		const files = collect([...splitter.write(rows(0, 4)), ...splitter.end()]);
		expect([...files.keys()]).toEqual(['users-part-1.json', 'users-part-2.json']);
		expect([...files.values()].map((text) => JSON.parse(text).length)).toEqual([2, 2]);
	});

	it('does not open an empty extra file when the last file ends exactly full', () => {
		const splitter = createFileSplitter({
			baseName: 'users',
			extension: 'csv',
			maxRowsPerFile: 2,
			newWriter: () => createCsvWriter({ columns })
		});
		const files = collect([...splitter.write(rows(0, 2)), ...splitter.write([]), ...splitter.end()]);
		expect([...files.keys()]).toEqual(['users.csv']);
	});

	it('writes one file with just the header when there are no rows', () => {
		const splitter = createFileSplitter({
			baseName: 'users',
			extension: 'csv',
			newWriter: () => createCsvWriter({ columns })
		});
		expect(collect(splitter.end())).toEqual(new Map([['users.csv', '\ufeffupn,n\r\n']]));
	});
});
