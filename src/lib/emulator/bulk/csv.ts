/**
 * Bulk API 2.0 query results as CSV, the way Salesforce writes them: a header of the selected paths in
 * SELECT order (`Manager.Email` for a parent's field), then one line per record, every value in double
 * quotes, LF line endings. Values come from the same `get()` the REST pages use, formatted as Bulk does:
 * `""` where REST gives `null` (also for every field behind an empty lookup), booleans as `true`/`false`,
 * numbers as digits, dates as `2024-01-01`, datetimes as `2024-01-01T00:00:00.000Z` where REST writes
 * `+0000`.
 */
import type { FieldValue } from '../data';
import type { QueryPlan } from '../soql';

function quote(text: string): string {
	return `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
}

/** The CSV header line of a plan's columns. */
export function csvHeader(plan: QueryPlan): string {
	return plan.columns.map((column) => quote(column.canonical)).join(',') + '\n';
}

/**
 * The header and the records [start, start + count) of a plan as CSV text. Each line is its cells joined
 * by `","` inside one pair of quotes, and the lines are joined once: far fewer strings than quoting cell
 * by cell.
 */
export function csvPage(plan: QueryPlan, start: number, count: number): { text: string; records: number } {
	const rows = plan.rows(start, count);
	const header = csvHeader(plan);
	if (rows.length === 0) return { text: header, records: 0 };
	const readers = plan.columns.map((column) => ({
		get: column.get,
		isDateTime: column.field.type === 'datetime'
	}));
	const cells: string[] = new Array(readers.length);
	const lines: string[] = new Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		for (let c = 0; c < readers.length; c++) cells[c] = cellText(readers[c].get(row), readers[c].isDateTime);
		lines[i] = cells.join('","');
	}
	return { text: `${header}"${lines.join('"\n"')}"\n`, records: rows.length };
}

/** A value as Bulk writes it inside a cell's quotes. */
function cellText(value: FieldValue, isDateTime: boolean): string {
	if (value === null) return '';
	if (typeof value !== 'string') return String(value);
	const text = isDateTime ? value.replace(/\+0000$/, 'Z') : value;
	return text.includes('"') ? text.replace(/"/g, '""') : text;
}
