/**
 * The field-mapping CSV (issue 6): one row per mapping — source expression, target field, kind,
 * description — with the identifier row first (its target is the identifier kind). Import validates the
 * whole file and returns every problem, or a complete MappingSpec; never part of one.
 */
import Papa from 'papaparse';
import { IdentifierKindSchema, MappingSpecSchema, validate, type MappingSpec } from '../model';
import { BOM, createCsvLineWriter } from './csv-writer';

/** Header of the field-mapping CSV, in order. */
const MAPPING_CSV_COLUMNS = ['source expression', 'target field', 'kind', 'description'] as const;

type MappingColumn = (typeof MAPPING_CSV_COLUMNS)[number];

/** One problem of an imported mapping CSV: its spreadsheet row (header = 1; 0 = the file as a whole). */
export interface MappingCsvProblem {
	row: number;
	column?: string;
	message: string;
}

export type MappingCsvResult = { ok: true; spec: MappingSpec } | { ok: false; problems: MappingCsvProblem[] };

/**
 * Writes a mapping as CSV (BOM, CRLF). Cells are not formula-escaped: the file is configuration that
 * must import back exactly, and a `'` prefix could not be told apart from a JSONata string literal.
 */
export function mappingToCsv(spec: MappingSpec): string {
	const writer = createCsvLineWriter(MAPPING_CSV_COLUMNS, { escapeFormulae: false });
	const rows = [
		[spec.identifier.expression, spec.identifier.kind, 'identifier', ''],
		...spec.fields.map((field) => [field.source, field.target, 'field', field.description ?? ''])
	];
	return writer.header() + writer.lines(rows);
}

interface ParsedRow {
	row: number;
	cells: Record<MappingColumn, string>;
}

/** Reads a field-mapping CSV back into a MappingSpec, or lists every problem in it. */
export function mappingFromCsv(text: string): MappingCsvResult {
	const problems: MappingCsvProblem[] = [];
	const content = text.startsWith(BOM) ? text.slice(BOM.length) : text;
	const parsed = Papa.parse<string[]>(content, {
		header: false,
		skipEmptyLines: false,
		delimiter: headerDelimiter(content)
	});
	for (const error of parsed.errors) {
		problems.push({ row: (error.row ?? -1) + 1, message: error.message });
	}
	const records = parsed.data;
	const headerIndex = records.findIndex((record) => !isBlank(record));
	if (headerIndex === -1)
		return fail([{ row: 0, message: 'The file is empty: it needs a header and an identifier row.' }]);

	const columnIndex = readHeader(records[headerIndex], headerIndex + 1, problems);
	if (!columnIndex) return fail(problems);

	const rows: ParsedRow[] = [];
	for (let index = headerIndex + 1; index < records.length; index++) {
		const record = records[index];
		if (isBlank(record)) continue;
		const row = index + 1;
		const extra = record.findIndex(
			(cell, cellIndex) => !columnIndex.used.has(cellIndex) && cell.trim() !== ''
		);
		if (extra !== -1)
			problems.push({
				row,
				message: `Unexpected value in column ${extra + 1}, which has no header.`
			});
		rows.push({ row, cells: cellsOf(record, columnIndex.byName) });
	}

	const spec = buildSpec(rows, problems);
	if (problems.length > 0 || !spec) return fail(problems);
	return checkAgainstSchema(spec.value, spec.rowOf, problems);
}

/**
 * The delimiter used by the header line (spreadsheets in some locales save with ";"). It is read from the
 * header alone, since JSONata expressions in the rows may hold any of the candidates.
 */
function headerDelimiter(content: string): string {
	const headerLine = content.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
	return [',', ';', '\t', '|'].find((candidate) => headerLine.includes(candidate)) ?? ',';
}

function fail(problems: MappingCsvProblem[]): MappingCsvResult {
	return { ok: false, problems: [...problems].sort((left, right) => left.row - right.row) };
}

function isBlank(record: string[]): boolean {
	return record.every((cell) => cell.trim() === '');
}

function readHeader(
	record: string[],
	row: number,
	problems: MappingCsvProblem[]
): { byName: Map<MappingColumn, number>; used: Set<number> } | null {
	const byName = new Map<MappingColumn, number>();
	const used = new Set<number>();
	record.forEach((cell, index) => {
		const name = cell.trim().toLowerCase();
		if (name === '') return;
		const column = MAPPING_CSV_COLUMNS.find((candidate) => candidate === name);
		if (!column) {
			problems.push({ row, column: cell, message: `Unknown column "${cell}"; expected ${headerList()}.` });
		} else if (byName.has(column)) {
			problems.push({ row, column: cell, message: `Column "${column}" appears twice.` });
		} else {
			byName.set(column, index);
			used.add(index);
		}
	});
	for (const column of MAPPING_CSV_COLUMNS) {
		if (column !== 'description' && !byName.has(column)) {
			problems.push({ row, column, message: `Missing column "${column}"; the header is ${headerList()}.` });
		}
	}
	return problems.some((problem) => problem.row === row) ? null : { byName, used };
}

function headerList(): string {
	return MAPPING_CSV_COLUMNS.map((column) => `"${column}"`).join(', ');
}

function cellsOf(record: string[], byName: Map<MappingColumn, number>): Record<MappingColumn, string> {
	const cell = (column: MappingColumn) => {
		const index = byName.get(column);
		return index === undefined ? '' : (record[index] ?? '');
	};
	return {
		'source expression': cell('source expression'),
		'target field': cell('target field').trim(),
		kind: cell('kind').trim().toLowerCase(),
		description: cell('description')
	};
}

interface BuiltSpec {
	value: unknown;
	/** Spreadsheet row of the identifier and of each field, for mapping schema issues back. */
	rowOf: { identifier: number; fields: number[] };
}

function buildSpec(rows: ParsedRow[], problems: MappingCsvProblem[]): BuiltSpec | null {
	let identifier: { expression: string; kind: string; row: number } | null = null;
	const fields: { source: string; target: string; description: string }[] = [];
	const fieldRows: number[] = [];
	const targetRows = new Map<string, number>();

	for (const { row, cells } of rows) {
		const source = cells['source expression'];
		const target = cells['target field'];
		if (source.trim() === '') {
			problems.push({ row, column: 'source expression', message: 'The source expression is empty.' });
		}
		if (cells.kind === 'identifier') {
			if (identifier) {
				problems.push({
					row,
					column: 'kind',
					message: `A second identifier row; the identifier is already on row ${identifier.row}.`
				});
				continue;
			}
			identifier = { expression: source, kind: target.toLowerCase(), row };
			const kindCheck = validate(IdentifierKindSchema, identifier.kind);
			if (!kindCheck.ok) {
				problems.push({
					row,
					column: 'target field',
					message: `The identifier target ${kindCheck.problems[0].message}.`
				});
			}
		} else if (cells.kind === 'field') {
			if (target === '') {
				problems.push({ row, column: 'target field', message: 'The target field is empty.' });
			} else {
				const firstRow = targetRows.get(target.toLowerCase());
				if (firstRow !== undefined) {
					problems.push({
						row,
						column: 'target field',
						message: `Target field "${target}" is already mapped on row ${firstRow}.`
					});
				} else {
					targetRows.set(target.toLowerCase(), row);
				}
			}
			fields.push({ source, target, description: cells.description });
			fieldRows.push(row);
		} else {
			const shown = cells.kind === '' ? 'empty' : `"${cells.kind}"`;
			problems.push({
				row,
				column: 'kind',
				message: `The kind is ${shown}; it must be "identifier" or "field".`
			});
		}
	}
	if (!identifier) {
		problems.push({
			row: 0,
			column: 'kind',
			message: 'No identifier row: one row must have the kind "identifier".'
		});
		return null;
	}
	return {
		value: { identifier: { expression: identifier.expression, kind: identifier.kind }, fields },
		rowOf: { identifier: identifier.row, fields: fieldRows }
	};
}

const SCHEMA_KEY_COLUMNS: Record<string, string> = {
	expression: 'source expression',
	kind: 'target field',
	source: 'source expression',
	target: 'target field',
	description: 'description'
};

function checkAgainstSchema(
	value: unknown,
	rowOf: BuiltSpec['rowOf'],
	problems: MappingCsvProblem[]
): MappingCsvResult {
	const checked = validate(MappingSpecSchema, value);
	if (checked.ok) return { ok: true, spec: checked.value };
	for (const problem of checked.problems) {
		const [section, index, key] = problem.path.split('.');
		const row = section === 'identifier' ? rowOf.identifier : (rowOf.fields[Number(index)] ?? 0);
		const column = SCHEMA_KEY_COLUMNS[section === 'identifier' ? index : key];
		problems.push({ row, ...(column ? { column } : {}), message: problem.message });
	}
	return fail(problems);
}
