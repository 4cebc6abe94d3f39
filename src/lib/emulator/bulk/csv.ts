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

/** A value as Bulk writes it in a CSV cell (quotes included). */
function cell(value: FieldValue, isDateTime: boolean): string {
	if (value === null) return '""';
	if (typeof value === 'string') return quote(isDateTime ? value.replace(/\+0000$/, 'Z') : value);
	return `"${String(value)}"`;
}

/** The CSV header line of a plan's columns. */
export function csvHeader(plan: QueryPlan): string {
	return plan.columns.map((column) => quote(column.canonical)).join(',') + '\n';
}

/** The header and the records [start, start + count) of a plan as CSV text. */
export function csvPage(plan: QueryPlan, start: number, count: number): { text: string; records: number } {
	const rows = plan.rows(start, count);
	const readers = plan.columns.map((column) => ({
		get: column.get,
		isDateTime: column.field.type === 'datetime'
	}));
	const lines: string[] = new Array(rows.length + 1);
	lines[0] = csvHeader(plan);
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		let line = '';
		for (let c = 0; c < readers.length; c++) {
			if (c > 0) line += ',';
			line += cell(readers[c].get(row), readers[c].isDateTime);
		}
		lines[i + 1] = line + '\n';
	}
	return { text: lines.join(''), records: rows.length };
}
