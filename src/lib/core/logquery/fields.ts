/**
 * The run-log fields by their seed 000 names (`time`, `status`, `details.name`, …), how each one is read
 * from a RunLog, and its type. The Runs filter line and the run-log CSV both use this table.
 */
import type { RunLog } from '../model';
import { RunStatusSchema } from '../model';

/** What a field holds: epoch ms, a run status, text, a count, or seconds. */
export type LogFieldType = 'time' | 'status' | 'string' | 'number' | 'duration';

/** One queryable run-log field. */
export interface LogField {
	/** Name in queries and CSV headers, as in seed 000. */
	name: string;
	type: LogFieldType;
	read(log: RunLog): string | number | null;
}

/** Run statuses a `status` comparison accepts. */
export const RUN_STATUSES: readonly string[] = RunStatusSchema.options;

/** Seconds between the start and the end of a run; null while it runs. */
function runDurationSeconds(log: RunLog): number | null {
	return log.finishedAt === null ? null : Math.max(0, log.finishedAt - log.startedAt) / 1000;
}

/** Every field, in the order of the run-log CSV. */
export const LOG_FIELDS: readonly LogField[] = [
	{ name: 'time', type: 'time', read: (log) => log.time },
	{ name: 'status', type: 'status', read: (log) => log.status },
	{ name: 'details.name', type: 'string', read: (log) => log.name },
	{ name: 'details.description', type: 'string', read: (log) => log.description },
	{ name: 'details.connector', type: 'string', read: (log) => log.connector },
	{ name: 'details.credentials', type: 'string', read: (log) => log.credentials },
	{ name: 'details.credentials_id', type: 'string', read: (log) => log.credentialsId },
	{ name: 'details.nql_id', type: 'string', read: (log) => log.nqlId },
	{ name: 'details.number_of_received_rows', type: 'number', read: (log) => log.receivedRows },
	{ name: 'details.number_of_processed_rows', type: 'number', read: (log) => log.processedRows },
	{ name: 'details.error_code', type: 'string', read: (log) => log.errorCode },
	{ name: 'details.total_size', type: 'number', read: (log) => log.totalSize },
	{ name: 'details.pages', type: 'number', read: (log) => log.pages },
	{ name: 'details.skipped', type: 'number', read: (log) => log.skipped },
	{ name: 'details.duplicates', type: 'number', read: (log) => log.duplicates },
	{ name: 'details.trigger', type: 'string', read: (log) => log.trigger },
	{ name: 'duration', type: 'duration', read: runDurationSeconds }
];

/** Other names seed 000 uses for the same fields (its examples list `details.error_description`). */
const ALIASES: Record<string, string> = { 'details.error_description': 'details.description' };

const BY_NAME = new Map(LOG_FIELDS.map((field) => [field.name, field]));

/** Finds a field by its name or alias, case-insensitively. */
export function findLogField(name: string): LogField | undefined {
	const lower = name.toLowerCase();
	return BY_NAME.get(ALIASES[lower] ?? lower);
}
