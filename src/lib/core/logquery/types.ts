/** The parsed form of a Runs filter line: plain data, safe to keep or send between threads. */

/** A value written in a query. Times are a half-open range: a date covers its whole UTC day. */
export type LogLiteral =
	| { kind: 'null' }
	| { kind: 'text'; text: string }
	| { kind: 'number'; value: number }
	| { kind: 'time'; from: number; to: number };

/**
 * `==` is exact; `=` ignores case and lets `*` stand for any text; `!=` is the opposite of `=`;
 * the orderings apply to numbers, durations and times.
 */
export type CompareOperator = '==' | '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A condition on run-log fields, named as in seed 000 (`details.nql_id`). */
export type LogCondition =
	| { kind: 'and' | 'or'; operands: LogCondition[] }
	| { kind: 'not'; operand: LogCondition }
	| { kind: 'compare'; field: string; operator: CompareOperator; value: LogLiteral }
	| { kind: 'in'; field: string; values: LogLiteral[] };

/** Which runs by their `time`: within the last `ms` before now, or in [from, to). */
export type LogTimeWindow = { kind: 'past'; ms: number } | { kind: 'range'; from: number; to: number | null };

/** One sort key. */
export interface LogSortKey {
	field: string;
	descending: boolean;
}

/** One stage of the pipeline, applied in the order written. */
export type LogQueryStage =
	| { kind: 'filter'; condition: LogCondition }
	| { kind: 'window'; window: LogTimeWindow }
	| { kind: 'sort'; keys: LogSortKey[] }
	| { kind: 'limit'; count: number };

/** A parsed filter line. */
export interface LogQuery {
	stages: LogQueryStage[];
	/** Fields named by a `list` stage, for the table's columns; null when the query has none. */
	columns: string[] | null;
}

/** Where and why a filter line does not parse. */
export interface LogQueryError {
	message: string;
	/** 0-based offset in the text. */
	position: number;
	length: number;
}

export type LogQueryParseResult = { ok: true; query: LogQuery } | { ok: false; error: LogQueryError };
