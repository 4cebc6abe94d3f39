import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { RunLog } from '../core/model';
import type { RunCheckpoint } from '../core/run';
import {
	cellText,
	CELL_END,
	buildSearchTexts,
	chunkStatsOf,
	chunkTextOf,
	NUMBER_MARK,
	packedChunkStatsOf,
	ROW_END,
	SEPARATORS,
	statsOfRun,
	textOfPage
} from './chunk-records';
import { packChunk, readChunk } from './chunk-packing';
import { deleteConnector } from './connectors';
import { createDatabase, type ResultRow } from './db';
import { createRunSink, pruneResults } from './runs';

const rows: ResultRow[] = [
	{ id: '005A', identifier: 'Ann@X.com', values: { City: 'Zürich\nHQ', Logins: 12, Active: true }, hash: 1 },
	{ id: '005B', identifier: 'bob@x.com', values: { City: null, Logins: 0, Note: 'a\u0000b' }, hash: 2 },
	{ id: '005C', identifier: 'cy@x.com', values: { City: '', Logins: null }, hash: 3 }
];

function database() {
	return createDatabase({ name: `records-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
}

describe('chunkStatsOf and chunkTextOf', () => {
	it('counts the rows and, per field, the rows with a value', () => {
		const stats = chunkStatsOf('r', 4, rows);
		expect(stats).toEqual({
			runId: 'r',
			page: 4,
			count: 3,
			filled: { City: 1, Logins: 2, Active: 1, Note: 1 }
		});
	});

	it('counts the same from a packed chunk as from its rows', () => {
		expect(packedChunkStatsOf(packChunk('r', 4, rows))).toEqual(chunkStatsOf('r', 4, rows));
		const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined));
		const anyRows = fc.array(
			fc
				.dictionary(fc.constantFrom('City', 'Logins', 'Note', 'Active'), value)
				.map((values): ResultRow => ({ id: '005A', identifier: 'a@x.com', values, hash: 0 })),
			{ maxLength: 20 }
		);
		fc.assert(
			fc.property(anyRows, (generated) => {
				expect(packedChunkStatsOf(packChunk('r', 1, generated))).toEqual(chunkStatsOf('r', 1, generated));
			})
		);
	});

	it('keeps every cell lower-cased in field order, numbers marked, separators out of the values', () => {
		const text = chunkTextOf('r', 4, rows);
		expect(text.fields).toEqual(['City', 'Logins', 'Active', 'Note']);
		const lines = text.text.split(ROW_END);
		expect(lines).toHaveLength(4);
		expect(lines[3]).toBe('');
		expect(lines[0].split(CELL_END)).toEqual(['ann@x.com', 'zürich\nhq', `${NUMBER_MARK}12`, 'true', '']);
		expect(lines[1].split(CELL_END)).toEqual(['bob@x.com', '', `${NUMBER_MARK}0`, '', 'a b']);
		expect(lines[2].split(CELL_END)).toEqual(['cy@x.com', '', '', '', '']);
	});

	it('equals lower-casing each cell on its own, for any text (the page is lower-cased whole)', () => {
		const cell = (value: unknown) =>
			(typeof value === 'number' ? NUMBER_MARK : '') + cellText(value).toLowerCase().replace(SEPARATORS, ' ');
		const value = fc.oneof(
			fc.string({ unit: 'binary' }),
			fc.constantFrom('ΑΣ', 'İI', 'ß', '\u0000\u0001\u0002', 'Σ\u0001'),
			fc.double(),
			fc.boolean(),
			fc.constant(null)
		);
		const row = fc.record({ identifier: fc.string({ unit: 'binary' }), a: value, b: value });
		fc.assert(
			fc.property(fc.array(row, { maxLength: 20 }), (drawn) => {
				const pageRows = drawn.map((draw, index) => ({
					id: String(index),
					identifier: draw.identifier,
					values: { a: draw.a, b: draw.b },
					hash: index
				}));
				const expected = pageRows
					.map((one) => [one.identifier, one.values.a, one.values.b].map(cell).join(CELL_END) + ROW_END)
					.join('');
				expect(chunkTextOf('r', 0, pageRows).text).toBe(expected);
			})
		);
	});
});

describe('the run sink and housekeeping', () => {
	const checkpoint = {
		soql: 'SELECT Id FROM User',
		page: 1,
		received: 3,
		processed: 3,
		skipped: 0,
		duplicates: 0,
		totalSize: 3,
		skippedReasons: {},
		duplicatesSample: []
	} as unknown as RunCheckpoint;

	it('writes each page packed with its stats, its text after the run, and removes them with the results', async () => {
		const db = database();
		await db.runs.put({ id: 'r', connectorId: 'c', time: 1, status: 'success' } as RunLog);
		await db.runs.put({ id: 'newer', connectorId: 'c', time: 2, status: 'success' } as RunLog);
		const sink = createRunSink(db);
		await sink.writePage({ runId: 'r', page: 1, rows, checkpoint });
		await sink.writePage({ runId: 'newer', page: 1, rows: rows.slice(0, 1), checkpoint });
		expect(await db.chunks.get(['r', 1])).toHaveProperty('cells');
		expect((await readChunk(db, 'r', 1))?.rows).toEqual(rows);
		expect((await statsOfRun(db, 'r')).map((stats) => stats.count)).toEqual([3]);
		expect(await db.chunkText.count()).toBe(0);
		expect(await buildSearchTexts(db, 'r')).toBe(1);
		expect(await buildSearchTexts(db, 'r')).toBe(0);
		expect((await db.chunkText.get(['r', 1]))?.text).toBe(chunkTextOf('r', 1, rows).text);
		await buildSearchTexts(db, 'newer');

		expect(await pruneResults(db, 'c', 1)).toEqual(['r']);
		expect(await db.chunkStats.where('runId').equals('r').count()).toBe(0);
		expect(await db.chunkText.where('runId').equals('r').count()).toBe(0);
		expect(await db.chunkStats.where('runId').equals('newer').count()).toBe(1);

		await db.connectors.put({ id: 'c' } as never);
		await deleteConnector(db, 'c');
		expect(await db.chunkStats.count()).toBe(0);
		expect(await db.chunkText.count()).toBe(0);
	});

	it('computes the records of a page stored without them once, and leaves out records without a chunk', async () => {
		const db = database();
		await db.chunks.put({ runId: 'r', page: 2, rows });
		await db.chunkStats.put({ runId: 'r', page: 7, count: 50, filled: {} });
		expect(await statsOfRun(db, 'r')).toEqual([chunkStatsOf('r', 2, rows)]);
		expect(await db.chunkStats.get(['r', 2])).toEqual(chunkStatsOf('r', 2, rows));
		await db.chunkText.delete(['r', 2]);
		expect((await textOfPage(db, 'r', 2)).fields).toEqual(['City', 'Logins', 'Active', 'Note']);
		expect(await db.chunkText.count()).toBe(1);
		expect((await textOfPage(db, 'r', 9)).text).toBe('');
		expect(await db.chunkText.count()).toBe(1);
	});
});
