import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, createCsvWriter } from './csv-writer';
import type { ExportRow } from './types';

function parseCsv(text: string, delimiter = ','): string[][] {
	expect(text.startsWith(BOM)).toBe(true);
	expect(text.endsWith('\r\n')).toBe(true);
	const result = Papa.parse<string[]>(text.slice(BOM.length, -2), { delimiter, newline: '\r\n' });
	expect(result.errors).toEqual([]);
	return result.data;
}

type CellValue = string | number | boolean | null;

/** Text cells a spreadsheet would read as a formula: they start with = + - @ TAB CR or LF (Q32). */
const formulaLike = (text: string) => ['=', '+', '-', '@', '\t', '\r', '\n'].includes(text.charAt(0));

/** What a parsed cell must equal: the value's text, with the `'` prefix exactly when it was formula-like text. */
function expectedCell(value: CellValue | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'string') return String(value);
	return formulaLike(value) ? `'${value}` : value;
}

describe('createCsvWriter', () => {
	const columns = ['email', 'Name', 'Title', 'Count'];

	it('writes a BOM, the header in column order and CRLF after every line', () => {
		const writer = createCsvWriter({ columns });
		const text =
			writer.header() +
			writer.rows([{ identifier: 'a@x.com', values: { Count: 3, Name: 'Ann', Title: 'CEO' } }]) +
			writer.rows([{ identifier: 'b@x.com', values: { Name: 'Bob' } }]) +
			writer.footer();
		expect(text).toBe('\ufeffemail,Name,Title,Count\r\na@x.com,Ann,CEO,3\r\nb@x.com,Bob,,\r\n');
	});

	it('escapes cells that start like a formula, including one with a newline after the first line', () => {
		const writer = createCsvWriter({ columns: ['upn', 'A', 'B', 'C', 'D', 'E', 'F', 'G'] });
		const line = writer.rows([
			{
				identifier: '=HYPERLINK("http://x")',
				values: { A: '=1+1\nline2', B: '+1', C: '-2', D: '@SUM(A1)', E: '\tx', F: '\rx', G: '\nx' }
			}
		]);
		expect(line).toBe(
			`"'=HYPERLINK(""http://x"")","'=1+1\nline2","'+1","'-2","'@SUM(A1)","'\tx","'\rx","'\nx"\r\n`
		);
	});

	it('leaves numbers and booleans alone, writes NaN, null and undefined as empty and objects as JSON', () => {
		const writer = createCsvWriter({ columns: ['upn', 'n', 'b', 'nil', 'missing', 'obj', 'list'] });
		const line = writer.rows([
			{ identifier: 'u', values: { n: -5, b: false, nil: Number.NaN, obj: { a: 1 }, list: ['x', 2] } }
		]);
		expect(line).toBe('u,-5,false,,,"{""a"":1}","[""x"",2]"\r\n');
	});

	it('honours delimiter, BOM, line ending and formula options', () => {
		const writer = createCsvWriter({
			columns: ['upn', 'x'],
			delimiter: ';',
			bom: false,
			lineEnding: '\n',
			escapeFormulae: false
		});
		expect(writer.header() + writer.rows([{ identifier: 'u;1', values: { x: '=1' } }])).toBe(
			'upn;x\n"u;1";=1\n'
		);
	});

	it('writes nothing for an empty chunk', () => {
		expect(createCsvWriter({ columns }).rows([])).toBe('');
	});

	it('round-trips names with ü, 漢字 and emoji unchanged (Q33)', () => {
		const writer = createCsvWriter({ columns: ['upn', 'Name'] });
		const names = ['Jürgen Müller', '山田 漢字', 'Zoë 👩🏽‍💻 🚀'];
		const text =
			writer.header() +
			writer.rows(names.map((name, index) => ({ identifier: `u${index}`, values: { Name: name } })));
		expect(
			parseCsv(text)
				.slice(1)
				.map((row) => row[1])
		).toEqual(names);
	});

	const awkwardText = fc.string({
		unit: fc.oneof(
			fc.constantFrom(
				'"',
				',',
				';',
				'\n',
				'\r',
				'\r\n',
				'\t',
				'|',
				"'",
				'=',
				'+',
				'-',
				'@',
				' ',
				'ü',
				'漢',
				'字',
				'😀',
				'👩🏽‍💻'
			),
			fc.string({ unit: 'grapheme', maxLength: 3 })
		),
		maxLength: 20
	});
	const cellValue = fc.oneof(
		awkwardText,
		fc.integer({ min: -1_000_000, max: 1_000_000 }),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.boolean(),
		fc.constant(null)
	);
	const fieldNames = ['First', 'Last', 'Title', 'Note'];
	const rowArbitrary: fc.Arbitrary<ExportRow & { values: Partial<Record<string, CellValue>> }> = fc.record({
		identifier: awkwardText,
		values: fc.record(Object.fromEntries(fieldNames.map((name) => [name, cellValue])), { requiredKeys: [] })
	});

	it.each([',', ';', '\t', '|'] as const)(
		'gives back the same values for any record (Q35), delimiter %j',
		(delimiter) => {
			fc.assert(
				fc.property(
					fc.array(fc.array(rowArbitrary, { maxLength: 5 }), { minLength: 1, maxLength: 4 }),
					(chunks) => {
						const writer = createCsvWriter({ columns: ['upn', ...fieldNames], delimiter });
						const text =
							writer.header() + chunks.map((chunk) => writer.rows(chunk)).join('') + writer.footer();
						const parsed = parseCsv(text, delimiter);
						const rows = chunks.flat();
						expect(parsed[0]).toEqual(['upn', ...fieldNames]);
						expect(parsed.length).toBe(rows.length + 1);
						rows.forEach((row, index) => {
							const expected = [
								expectedCell(row.identifier),
								...fieldNames.map((name) => expectedCell(row.values[name]))
							];
							expect(parsed[index + 1]).toEqual(expected);
						});
					}
				),
				{ numRuns: 300 }
			);
		}
	);
});
