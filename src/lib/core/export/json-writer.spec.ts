import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonWriter, createNdjsonWriter } from './json-writer';
import type { ExportRow, ExportWriter } from './types';

const columns = ['upn', 'Name', 'Tags', 'Age'];
const chunks: ExportRow[][] = [
	[
		{ identifier: 'a@x.com', values: { Age: 30, Name: 'Ann "A"\nSmith', Tags: ['x', 'y'] } },
		{ identifier: 'b@x.com', values: { Name: '漢字 😀' } }
	],
	[],
	[{ identifier: 'c@x.com', values: { Name: '=1+1', Age: Number.NaN } }]
];

function writeAll(writer: ExportWriter, parts: ExportRow[][]): string {
	return writer.header() + parts.map((chunk) => writer.rows(chunk)).join('') + writer.footer();
}

const expected = [
	{ upn: 'a@x.com', Name: 'Ann "A"\nSmith', Tags: ['x', 'y'], Age: 30 },
	{ upn: 'b@x.com', Name: '漢字 😀', Tags: null, Age: null },
	{ upn: 'c@x.com', Name: '=1+1', Tags: null, Age: null }
];

describe('createJsonWriter', () => {
	it('writes one valid JSON array across chunks, keys in column order, null for missing values', () => {
		const text = writeAll(createJsonWriter({ columns }), chunks);
		const parsed = JSON.parse(text);
		expect(parsed).toEqual(expected);
		expect(Object.keys(parsed[0])).toEqual(columns);
	});

	it('writes an empty array when there are no rows', () => {
		expect(JSON.parse(writeAll(createJsonWriter({ columns }), [[], []]))).toEqual([]);
	});
});

describe('createNdjsonWriter', () => {
	it('writes one JSON object per line', () => {
		const text = writeAll(createNdjsonWriter({ columns }), chunks);
		expect(text.endsWith('\n')).toBe(true);
		expect(
			text
				.trimEnd()
				.split('\n')
				.map((line) => JSON.parse(line))
		).toEqual(expected);
	});
});

describe('JSON and NDJSON round-trip', () => {
	const value = fc.oneof(
		fc.string({
			unit: fc.constantFrom('"', '\\', '\n', '\r', '\u2028', ',', 'ü', '漢', '😀', '=', 'a'),
			maxLength: 10
		}),
		fc.integer(),
		fc.boolean(),
		fc.constant(null),
		fc.array(fc.string(), { maxLength: 3 })
	);
	const row: fc.Arbitrary<ExportRow> = fc.record({
		identifier: fc.string(),
		values: fc.record({ Name: value, Title: value }, { requiredKeys: [] })
	});

	it('gives back the same values for any record', () => {
		fc.assert(
			fc.property(fc.array(fc.array(row, { maxLength: 4 }), { maxLength: 4 }), (parts) => {
				const columns = ['upn', 'Name', 'Title'];
				const expectedRows = parts.flat().map((entry) => ({
					upn: entry.identifier,
					Name: entry.values.Name ?? null,
					Title: entry.values.Title ?? null
				}));
				expect(JSON.parse(writeAll(createJsonWriter({ columns }), parts))).toEqual(expectedRows);
				const lines = writeAll(createNdjsonWriter({ columns }), parts).split('\n').slice(0, -1);
				expect(lines.map((line) => JSON.parse(line))).toEqual(expectedRows);
			}),
			{ numRuns: 200 }
		);
	});
});
