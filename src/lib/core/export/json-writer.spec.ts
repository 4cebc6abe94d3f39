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
