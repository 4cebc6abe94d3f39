/**
 * Excel-safe CSV for mapped users and logs: UTF-8 BOM, CRLF, explicit columns, and formula-injection
 * escaping that also catches values with a newline after the first line (Q32, Q33, Q35).
 */
import Papa from 'papaparse';
import type { ExportColumns, ExportWriter } from './types';

/** Cells starting with one of = + - @ TAB CR LF are read as formulas by spreadsheets. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

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

/**
 * Turns any mapped value into a cell: null, undefined, NaN and infinities → empty, dates → ISO text,
 * objects/arrays → JSON text.
 */
function toCsvCell(value: unknown): CsvCell {
	if (value === null || value === undefined) return '';
	switch (typeof value) {
		case 'number':
			return Number.isFinite(value) ? value : '';
		case 'string':
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

/** A writer for rows that are already arrays of values, in column order; used by every CSV export. */
export interface CsvLineWriter {
	/** BOM (if asked) + the header line + line ending. */
	header(): string;
	/** Every line ends with the line ending, so chunks concatenate. */
	lines(rows: readonly (readonly unknown[])[]): string;
}

/** Creates a CSV line writer for the given column names and options. */
export function createCsvLineWriter(columns: readonly string[], options: CsvOptions = {}): CsvLineWriter {
	const unparse = createUnparse(columns, options);
	return {
		header: unparse.header,
		lines: (rows) => unparse.cells(rows.map((row) => columns.map((_, index) => toCsvCell(row[index]))))
	};
}

/** Creates the mapped-users CSV writer: identifier first, then each target field in column order. */
export function createCsvWriter(options: ExportColumns & CsvOptions): ExportWriter {
	const unparse = createUnparse(options.columns, options);
	const fieldColumns = options.columns.slice(1);
	const width = options.columns.length;
	return {
		header: unparse.header,
		rows(chunk) {
			const cells: CsvCell[][] = new Array(chunk.length);
			for (let rowIndex = 0; rowIndex < chunk.length; rowIndex++) {
				const row = chunk[rowIndex];
				const line: CsvCell[] = [row.identifier];
				for (let index = 1; index < width; index++) line.push(toCsvCell(row.values[fieldColumns[index - 1]]));
				cells[rowIndex] = line;
			}
			return unparse.cells(cells);
		},
		footer: () => ''
	};
}

function createUnparse(columns: readonly string[], options: CsvOptions) {
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
	return {
		header: () => bom + Papa.unparse([columns.map(toCsvCell)], config) + lineEnding,
		cells: (rows: CsvCell[][]) => (rows.length === 0 ? '' : Papa.unparse(rows, config) + lineEnding)
	};
}
