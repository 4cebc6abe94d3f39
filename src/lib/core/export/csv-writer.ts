/**
 * Excel-safe CSV for mapped users and logs: UTF-8 BOM, CRLF, explicit columns, and formula-injection
 * escaping that also catches values with a newline after the first line (Q32, Q33, Q35).
 */
import Papa from 'papaparse';
import type { ExportColumns, ExportRow, ExportWriter } from './types';

/** Cells starting with one of = + - @ TAB CR LF are read as formulas by spreadsheets. */
export const FORMULA_START = /^[=+\-@\t\r\n]/;

/** The UTF-8 byte order mark that tells Excel the file is UTF-8. */
export const BOM = '\ufeff';

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export type LineEnding = '\r\n' | '\n';

/** How a CSV file is written; every option has the Excel-friendly default. */
export interface CsvOptions {
	delimiter?: CsvDelimiter;
	/** Start the file with a UTF-8 BOM (default true). */
	bom?: boolean;
	/** Default CRLF. */
	lineEnding?: LineEnding;
	/** Prefix formula-looking text cells with `'` (default true). */
	escapeFormulae?: boolean;
}

/** A cell as papaparse should write it: numbers and booleans stay as they are, the rest becomes text. */
export type CsvCell = string | number | boolean | bigint;

/** Turns any mapped value into a cell: null/undefined → empty, dates → ISO text, objects/arrays → JSON text. */
export function toCsvCell(value: unknown): CsvCell {
	if (value === null || value === undefined) return '';
	switch (typeof value) {
		case 'string':
		case 'number':
		case 'boolean':
		case 'bigint':
			return value;
		case 'object':
			if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
			return JSON.stringify(value) ?? '';
		default:
			return String(value);
	}
}

/** Whether a text cell gets the `'` prefix on export (numbers and booleans never do). */
export function needsFormulaEscape(cell: CsvCell): boolean {
	return typeof cell === 'string' && FORMULA_START.test(cell);
}

/** A writer for rows that are already arrays of cells, in column order; used by every CSV export. */
export interface CsvLineWriter {
	/** BOM (if asked) + the header line + line ending. */
	header(): string;
	/** Every line ends with the line ending, so chunks concatenate. */
	lines(rows: readonly (readonly unknown[])[]): string;
}

/** Creates a CSV line writer for the given column names and options. */
export function createCsvLineWriter(columns: readonly string[], options: CsvOptions = {}): CsvLineWriter {
	if (columns.length === 0) throw new Error('A CSV export needs at least one column.');
	const lineEnding = options.lineEnding ?? '\r\n';
	const config: Papa.UnparseConfig = {
		delimiter: options.delimiter ?? ',',
		newline: lineEnding,
		header: false,
		quotes: false,
		escapeFormulae: options.escapeFormulae === false ? false : FORMULA_START
	};
	const bom = options.bom === false ? '' : BOM;
	const unparse = (rows: CsvCell[][]) => Papa.unparse(rows, config);
	return {
		header: () => bom + unparse([columns.map(toCsvCell)]) + lineEnding,
		lines(rows) {
			if (rows.length === 0) return '';
			const cells = rows.map((row) => {
				const line: CsvCell[] = new Array(columns.length);
				for (let index = 0; index < columns.length; index++) line[index] = toCsvCell(row[index]);
				return line;
			});
			return unparse(cells) + lineEnding;
		}
	};
}

/** Creates the mapped-users CSV writer: identifier first, then each target field in column order. */
export function createCsvWriter(options: ExportColumns & CsvOptions): ExportWriter {
	const lineWriter = createCsvLineWriter(options.columns, options);
	const fieldColumns = options.columns.slice(1);
	return {
		header: () => lineWriter.header(),
		rows: (chunk) => lineWriter.lines(chunk.map((row) => rowCells(row, fieldColumns))),
		footer: () => ''
	};
}

function rowCells(row: ExportRow, fieldColumns: readonly string[]): unknown[] {
	const cells: unknown[] = new Array(fieldColumns.length + 1);
	cells[0] = row.identifier;
	for (let index = 0; index < fieldColumns.length; index++)
		cells[index + 1] = row.values[fieldColumns[index]];
	return cells;
}
