import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunLog } from '../core/model';
import { createDatabase, type ConnectorDatabase, type ResultRow } from '../store/db';
import { createExports, type ExportSink } from './exports';

const COLUMNS = ['email', 'Title', 'City'];

function row(n: number): ResultRow {
	return {
		id: null,
		identifier: `user${n}@example.com`,
		values: { Title: n === 1 ? '=1+1\nline2' : `Title ${n}`, City: n % 2 ? 'Zürich, "HQ"' : 42 },
		hash: n
	};
}

function log(id: string, overrides: Partial<RunLog> = {}): RunLog {
	return {
		id,
		connectorId: 'c1',
		time: Date.UTC(2026, 10, 21, 9, 30),
		status: 'success',
		name: 'Sales',
		description: '',
		connector: 'Custom',
		credentials: 'Demo',
		credentialsId: 'demo',
		nqlId: 'sales_users',
		receivedRows: 7,
		processedRows: 7,
		startedAt: 0,
		finishedAt: 1,
		pages: 3,
		skipped: 0,
		duplicates: 0,
		errorCode: null,
		totalSize: 7,
		trigger: 'manual',
		soql: 'SELECT Id FROM User',
		skippedReasons: {},
		duplicatesSample: [],
		diff: null,
		columns: COLUMNS,
		...overrides
	};
}

/** A sink that keeps each file's text, as the page's blob fallback does. */
function memorySink(cancelAfterRows?: () => void) {
	const files = new Map<string, string>();
	const events: string[] = [];
	let current: string | null = null;
	const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	const sink: ExportSink = {
		open(fileName) {
			current = fileName;
			files.set(fileName, '');
			events.push(`open ${fileName}`);
		},
		write(bytes) {
			if (current) files.set(current, files.get(current) + decoder.decode(bytes));
		},
		close() {
			events.push(`close ${current}`);
			current = null;
		},
		abort() {
			events.push(`abort ${current}`);
			if (current) files.delete(current);
		},
		progress(rows, total) {
			events.push(`progress ${rows}/${total}`);
			if (rows >= 3) cancelAfterRows?.();
		}
	};
	return { sink, files, events };
}

let db: ConnectorDatabase;

beforeEach(async () => {
	db = createDatabase({ name: `exports-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
	await db.runs.add(log('run-1'));
	await db.chunks.bulkPut([
		{ runId: 'run-1', page: 1, rows: [0, 1, 2].map(row) },
		{ runId: 'run-1', page: 2, rows: [3, 4].map(row) },
		{ runId: 'run-1', page: 3, rows: [5, 6].map(row) }
	]);
});

describe('exportResults', () => {
	it('streams a CSV with BOM, CRLF, columns in mapping order and escaped formulas', async () => {
		const exports = createExports({ db: () => db });
		const { sink, files, events } = memorySink();
		const result = await exports.exportResults('e1', 'run-1', { format: 'csv' }, sink);
		expect(result).toEqual({
			ok: true,
			value: expect.objectContaining({ files: ['sales_users-users-2026-11-21-09-30.csv'], rows: 7 })
		});
		const text = files.get('sales_users-users-2026-11-21-09-30.csv') ?? '';
		expect(text.startsWith('\ufeffemail,Title,City\r\n')).toBe(true);
		const parsed = Papa.parse<string[]>(text.slice(1), { newline: '\r\n' }).data.filter(
			(line) => line.length > 1
		);
		expect(parsed).toHaveLength(8);
		expect(parsed[2]).toEqual(['user1@example.com', "'=1+1\nline2", 'Zürich, "HQ"']);
		expect(parsed[3]).toEqual(['user2@example.com', 'Title 2', '42']);
		expect(events.filter((event) => event.startsWith('progress'))).toEqual([
			'progress 3/7',
			'progress 5/7',
			'progress 7/7'
		]);
	});

	it('splits CSV files at the row limit, each with its own header', async () => {
		const exports = createExports({ db: () => db });
		const { sink, files } = memorySink();
		const result = await exports.exportResults(
			'e1',
			'run-1',
			{ format: 'csv', delimiter: ';', maxRowsPerFile: 3 },
			sink
		);
		expect(result.ok && result.value.files).toEqual([
			'sales_users-users-2026-11-21-09-30-part-1.csv',
			'sales_users-users-2026-11-21-09-30-part-2.csv',
			'sales_users-users-2026-11-21-09-30-part-3.csv'
		]);
		const sizes = [...files.values()].map((text) => text.split('\r\n').filter(Boolean).length - 1);
		expect(sizes).toEqual([3, 3, 1]);
		expect([...files.values()].every((text) => text.startsWith('\ufeffemail;Title;City\r\n'))).toBe(true);
	});

	it('writes JSON and NDJSON with the same values back', async () => {
		const exports = createExports({ db: () => db });
		const json = memorySink();
		await exports.exportResults('e1', 'run-1', { format: 'json', maxRowsPerFile: 3 }, json.sink);
		expect(json.files.size).toBe(1);
		const users = JSON.parse([...json.files.values()][0]);
		expect(users).toHaveLength(7);
		expect(users[1]).toEqual({ email: 'user1@example.com', Title: '=1+1\nline2', City: 'Zürich, "HQ"' });
		const ndjson = memorySink();
		await exports.exportResults('e2', 'run-1', { format: 'ndjson' }, ndjson.sink);
		const lines = [...ndjson.files.values()][0]
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines).toEqual(users);
	});

	it('stops after the current chunk when cancelled and discards the open file', async () => {
		const exports = createExports({ db: () => db });
		const { sink, files, events } = memorySink(() => exports.cancelExport('e1'));
		const result = await exports.exportResults('e1', 'run-1', { format: 'csv' }, sink);
		expect(result.ok && result.value).toMatchObject({ cancelled: true, rows: 3 });
		expect(events.at(-1)).toMatch(/^abort /);
		expect(files.size).toBe(0);
		expect(exports.cancelExport('e1')).toBe(false);
	});

	it('fails as data for a run that does not exist', async () => {
		const result = await createExports({ db: () => db }).exportResults(
			'e1',
			'missing',
			{ format: 'csv' },
			memorySink().sink
		);
		expect(result).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
	});
});

describe('exportRemovedUsers', () => {
	it('lists removed users with their last values, or the identifier alone once pruned', async () => {
		await db.runs.add(
			log('run-2', { diff: { previousRunId: 'run-1', added: 0, changed: 0, removed: 2, unchanged: 5 } })
		);
		await db.diffs.put({
			runId: 'run-2',
			page: 0,
			entries: [
				{ kind: 'added', identifier: 'new@example.com' },
				{ kind: 'removed', identifier: 'user4@example.com' },
				{ kind: 'removed', identifier: 'gone@example.com' }
			]
		});
		const { sink, files } = memorySink();
		await createExports({ db: () => db }).exportRemovedUsers('e1', 'run-2', { format: 'ndjson' }, sink);
		const lines = [...files.values()][0]
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines).toEqual([
			{ email: 'user4@example.com', Title: 'Title 4', City: 42 },
			{ email: 'gone@example.com', Title: null, City: null }
		]);
	});
});

describe('round trip (Q33, Q35)', () => {
	const text = fc.string({
		unit: fc.constantFrom(
			'a',
			'Z',
			' ',
			',',
			';',
			'"',
			"'",
			'\n',
			'\r',
			'=',
			'+',
			'-',
			'@',
			'\t',
			'ü',
			'漢',
			'😀'
		),
		maxLength: 12
	});

	it('streams any values as split CSV files that papaparse reads back unchanged', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 12 }),
				fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'),
				async (values, delimiter) => {
					const runDb = createDatabase({
						name: `roundtrip-${Math.random()}`,
						indexedDB: new IDBFactory(),
						IDBKeyRange
					});
					await runDb.runs.add(log('run', { processedRows: values.length }));
					const rows = values.map(([title, city], n) => ({
						id: null,
						identifier: `u${n}@example.com`,
						values: { Title: title, City: city },
						hash: n
					}));
					await runDb.chunks.bulkPut([
						{ runId: 'run', page: 1, rows: rows.slice(0, 5) },
						{ runId: 'run', page: 2, rows: rows.slice(5) }
					]);
					const { sink, files } = memorySink();
					await createExports({ db: () => runDb }).exportResults(
						'e',
						'run',
						{ format: 'csv', delimiter, maxRowsPerFile: 4 },
						sink
					);
					const parsed = [...files.values()].flatMap((file) => {
						expect(file.startsWith('\ufeff')).toBe(true);
						const data = Papa.parse<string[]>(file.slice(1), { delimiter, newline: '\r\n' }).data;
						expect(data[0]).toEqual(COLUMNS);
						return data.slice(1).filter((line) => line.length === COLUMNS.length);
					});
					const escaped = (cell: string) => (/^[=+\-@\t\r\n]/.test(cell) ? `'${cell}` : cell);
					expect(parsed).toEqual(
						values.map(([title, city], n) => [`u${n}@example.com`, escaped(title), escaped(city)])
					);
					runDb.close();
				}
			),
			{ numRuns: 60 }
		);
	});
});
