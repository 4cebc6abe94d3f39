/**
 * JSON and NDJSON for mapped users. Each user is an object with the columns as keys, in mapping order,
 * and null for a missing value, so every row has the same shape.
 */
import type { ExportColumns, ExportRow, ExportWriter } from './types';

/** One mapped user as a JSON object keyed by the export columns. */
function rowToObject(row: ExportRow, columns: readonly string[]): Record<string, unknown> {
	const object: Record<string, unknown> = { [columns[0]]: row.identifier };
	for (let index = 1; index < columns.length; index++) {
		const column = columns[index];
		object[column] = jsonValue(row.values[column]);
	}
	return object;
}

function jsonValue(value: unknown): unknown {
	if (value === undefined) return null;
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number' && !Number.isFinite(value)) return null;
	return value;
}

/** Creates a writer for one JSON array across all chunks: "[", rows separated by commas, "]". */
export function createJsonWriter(options: ExportColumns): ExportWriter {
	let written = 0;
	return {
		header: () => '[',
		rows(chunk) {
			let text = '';
			for (const row of chunk) {
				text += (written === 0 ? '\n' : ',\n') + JSON.stringify(rowToObject(row, options.columns));
				written++;
			}
			return text;
		},
		footer: () => (written === 0 ? ']\n' : '\n]\n')
	};
}

/** Creates a writer for newline-delimited JSON: one object per line, no header or footer. */
export function createNdjsonWriter(options: ExportColumns): ExportWriter {
	return {
		header: () => '',
		rows(chunk) {
			let text = '';
			for (const row of chunk) text += JSON.stringify(rowToObject(row, options.columns)) + '\n';
			return text;
		},
		footer: () => ''
	};
}
