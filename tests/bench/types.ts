/** One measured figure in the benchmark table. */
export interface BenchRow {
	/** Section of BENCHMARKS.md, e.g. "mapping", "emulator", "export". */
	group: string;
	/** What was measured, e.g. "fast path, 10 fields, 200k records (Node)". */
	name: string;
	value: number;
	/** Unit of value, e.g. "records/s", "ms", "MB". */
	unit: string;
	/** The target from the issue, as text, e.g. "≥ 1,000,000 records/s". */
	target?: string;
	note?: string;
}

/** A benchmark: runs, measures, and returns its rows. */
export type Bench = () => Promise<BenchRow[]>;
