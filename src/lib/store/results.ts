/**
 * Reading a run's stored results back for the results view: an index of the run's page chunks with
 * cumulative row counts (chunk k holds the rows of page k) and fill rates per mapped field, built from
 * the pages' stats; window reads that fetch only the chunks a window touches; diff pages; and the space
 * the results of each connector take. Search and sort are in row-selection.ts.
 */
import type { RunLog } from '../core/model';
import { readChunk, rowCountOf } from './chunk-packing';
import { statsOfRun } from './chunk-records';
import type { ConnectorDatabase, DiffPage, ResultRow } from './db';

/** A run's chunks in page order and where each one starts in the run's row sequence. */
export interface ResultIndex {
	runId: string;
	/** Page numbers of the stored chunks, in order. */
	pages: number[];
	/** starts[k] is the position of chunk k's first row; starts[pages.length] is the row total. */
	starts: Float64Array;
	total: number;
	/** Mapped field (column) → rows that have a value for it; the identifier column is always filled. */
	filled: Record<string, number>;
}

/** Called while an index is built: rows seen so far. */
export type IndexProgress = (rowsSeen: number) => void;

/** A run's index from its pages' stats: row counts (for window reads) and fill rates per column, no chunk read. */
export async function indexResults(
	db: ConnectorDatabase,
	runId: string,
	columns: readonly string[],
	onProgress?: IndexProgress
): Promise<ResultIndex> {
	const stats = await statsOfRun(db, runId);
	const starts = new Float64Array(stats.length + 1);
	const fields = columns.slice(1);
	const filledCounts = new Array<number>(fields.length).fill(0);
	let total = 0;
	stats.forEach((page, at) => {
		starts[at] = total;
		fields.forEach((field, column) => (filledCounts[column] += page.filled[field] ?? 0));
		total += page.count;
	});
	starts[stats.length] = total;
	onProgress?.(total);
	const filled: Record<string, number> = {};
	if (columns.length > 0) filled[columns[0]] = total;
	fields.forEach((field, at) => (filled[field] = filledCounts[at]));
	return { runId, pages: stats.map((page) => page.page), starts, total, filled };
}

const recentIndexes = new Map<string, ResultIndex>();
const RECENT_INDEXES = 3;

/** `indexResults`, remembered for the last few finished runs so going back to one does not read it again. */
export async function rememberedIndex(
	db: ConnectorDatabase,
	run: Pick<RunLog, 'id' | 'columns' | 'finishedAt'>,
	onProgress?: IndexProgress
): Promise<ResultIndex> {
	const key = `${run.id}:${run.finishedAt}`;
	const index = recentIndexes.get(key) ?? (await indexResults(db, run.id, run.columns, onProgress));
	recentIndexes.delete(key);
	if (run.finishedAt !== null) recentIndexes.set(key, index);
	while (recentIndexes.size > RECENT_INDEXES)
		recentIndexes.delete(recentIndexes.keys().next().value as string);
	return index;
}

/** The chunk (by its index in `pages`) that holds row `position`: binary search over the starts. */
export function chunkOf(index: ResultIndex, position: number): number {
	let low = 0;
	let high = index.pages.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (index.starts[middle] <= position) low = middle;
		else high = middle - 1;
	}
	return low;
}

/** Reads rows by position, fetching only the chunks they fall in and keeping the last few in memory. */
export class ChunkReader {
	private cache = new Map<number, ResultRow[]>();

	constructor(
		private db: ConnectorDatabase,
		private index: ResultIndex,
		private cacheSize = 8
	) {}

	private async chunkRows(chunk: number): Promise<ResultRow[]> {
		const cached = this.cache.get(chunk);
		if (cached) {
			this.cache.delete(chunk);
			this.cache.set(chunk, cached);
			return cached;
		}
		const stored = await readChunk(this.db, this.index.runId, this.index.pages[chunk]);
		const rows = stored?.rows ?? [];
		this.cache.set(chunk, rows);
		while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as number);
		return rows;
	}

	/** The rows at the given positions when every chunk they need is in memory, else null (no reads). */
	cachedRowsAt(positions: ArrayLike<number>): ResultRow[] | null {
		const rows: ResultRow[] = [];
		for (let at = 0; at < positions.length; at++) {
			const chunk = chunkOf(this.index, positions[at]);
			const chunkRows = this.cache.get(chunk);
			if (!chunkRows) return null;
			const row = chunkRows[positions[at] - this.index.starts[chunk]];
			if (row) rows.push(row);
		}
		return rows;
	}

	/** The rows at the given positions (in the run's order), in the order asked. */
	async rowsAt(positions: ArrayLike<number>): Promise<ResultRow[]> {
		const rows: ResultRow[] = [];
		for (let at = 0; at < positions.length; at++) {
			const position = positions[at];
			const chunk = chunkOf(this.index, position);
			const chunkRows = await this.chunkRows(chunk);
			const row = chunkRows[position - this.index.starts[chunk]];
			if (row) rows.push(row);
		}
		return rows;
	}

	/** Rows `start` (inclusive) to `end` (exclusive) of the run's order. */
	rowsBetween(start: number, end: number): Promise<ResultRow[]> {
		const last = Math.min(end, this.index.total);
		const positions: number[] = [];
		for (let position = Math.max(0, start); position < last; position++) positions.push(position);
		return this.rowsAt(positions);
	}
}

/** How many diff pages (of 100 entries) a run has. */
export function diffPageCount(db: ConnectorDatabase, runId: string): Promise<number> {
	return db.diffs.where('runId').equals(runId).count();
}

/** One diff page of a run, or an empty page past the end. */
export async function readDiffPage(db: ConnectorDatabase, runId: string, page: number): Promise<DiffPage> {
	return (await db.diffs.get([runId, page])) ?? { runId, page, entries: [] };
}

/** The results a connector keeps and roughly how many bytes they take. */
export interface ConnectorSpace {
	connectorId: string;
	/** Runs that still have stored results. */
	runsWithResults: number;
	chunks: number;
	rows: number;
	/** Estimated from the size of each run's first chunk as stored, written as JSON text, plus its search text. */
	bytes: number;
}

/** Space used by stored results, per connector (runs whose results were pruned count for nothing). */
export async function spaceByConnector(db: ConnectorDatabase): Promise<ConnectorSpace[]> {
	const byConnector = new Map<string, ConnectorSpace>();
	const runs = await db.runs.toArray();
	for (const run of runs) {
		const chunks = await db.chunks.where('runId').equals(run.id).count();
		if (chunks === 0) continue;
		const first = await db.chunks.where('runId').equals(run.id).first();
		const sampleRows = first ? rowCountOf(first) : 0;
		const firstText = first ? await db.chunkText.get([run.id, first.page]) : undefined;
		const sampleBytes = (JSON.stringify(first).length + (firstText?.text.length ?? 0)) * 2;
		const bytesPerRow = sampleRows > 0 ? sampleBytes / sampleRows : 0;
		const rows = Math.max(run.processedRows, sampleRows);
		const space = byConnector.get(run.connectorId) ?? {
			connectorId: run.connectorId,
			runsWithResults: 0,
			chunks: 0,
			rows: 0,
			bytes: 0
		};
		space.runsWithResults++;
		space.chunks += chunks;
		space.rows += rows;
		space.bytes += Math.round(bytesPerRow * rows);
		byConnector.set(run.connectorId, space);
	}
	return [...byConnector.values()];
}
