/** Run logs as CSV with the seed 000 field names (time, status, details.name, …). */
import { LOG_FIELDS } from '../logquery/fields';
import type { RunLog } from '../model';
import { createCsvLineWriter, type CsvOptions } from './csv-writer';

/** Column names of the run-log CSV. */
export const RUN_LOG_CSV_COLUMNS: readonly string[] = [
	'id',
	'connector_id',
	...LOG_FIELDS.map((field) => field.name)
];

/** Writes run logs as one CSV (BOM, CRLF, formula-escaped); `time` is ISO 8601 UTC, `duration` seconds. */
export function runLogsToCsv(logs: readonly RunLog[], options: CsvOptions = {}): string {
	const writer = createCsvLineWriter(RUN_LOG_CSV_COLUMNS, options);
	const rows = logs.map((log) => [
		log.id,
		log.connectorId,
		...LOG_FIELDS.map((field) => {
			const value = field.read(log);
			return field.type === 'time' && typeof value === 'number' ? new Date(value).toISOString() : value;
		})
	]);
	return writer.header() + writer.lines(rows);
}
