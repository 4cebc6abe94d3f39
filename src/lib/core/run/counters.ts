/**
 * The counters of a run, under one set of names: the checkpoint holds them, progress reports a part of
 * them, and the run log stores them (under the seed's names, through `logCountersOf` in the store).
 */

/** What a run has counted so far. */
export interface RunCounters {
	/** Pages written so far. */
	pages: number;
	/** Records received from Salesforce. */
	received: number;
	/** Rows stored. */
	processed: number;
	/** Records skipped for their identifier. */
	skipped: number;
	/** Records whose identifier was already stored. */
	duplicates: number;
	/** Mapped fields that failed to evaluate (the row is kept without them). */
	fieldErrors: number;
	/** Rows Salesforce announced for the whole run; null before the first page. */
	totalSize: number | null;
	skippedReasons: Record<string, number>;
	duplicatesSample: string[];
}

/** The counters progress reports carry. */
export type ProgressCounters = Pick<
	RunCounters,
	'pages' | 'received' | 'processed' | 'skipped' | 'duplicates' | 'totalSize'
>;

/** Counters of a run that has not started. */
export function blankCounters(): RunCounters {
	return {
		pages: 0,
		received: 0,
		processed: 0,
		skipped: 0,
		duplicates: 0,
		fieldErrors: 0,
		totalSize: null,
		skippedReasons: {},
		duplicatesSample: []
	};
}

/** A copy that shares no mutable part with the original. */
export function copyCounters<T extends RunCounters>(counters: T): T {
	return {
		...counters,
		skippedReasons: { ...counters.skippedReasons },
		duplicatesSample: [...counters.duplicatesSample]
	};
}

const number = (value: number) => value.toLocaleString('en-US');

/** "N users imported from M received (x skipped, y duplicates, z field errors)." */
export function countersSummary(counters: RunCounters): string {
	const extras = [
		counters.skipped ? `${number(counters.skipped)} skipped` : '',
		counters.duplicates ? `${number(counters.duplicates)} duplicates` : '',
		counters.fieldErrors ? `${number(counters.fieldErrors)} field errors` : ''
	].filter(Boolean);
	return `${number(counters.processed)} users imported from ${number(counters.received)} received${
		extras.length ? ` (${extras.join(', ')})` : ''
	}.`;
}
