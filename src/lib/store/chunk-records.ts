/**
 * What the results view needs of each stored page, kept beside its chunk so that opening, searching and
 * sorting a big run never reads the chunks themselves: the page's row count and fill counts (chunkStats),
 * and its cells as one lower-cased text (chunkText). The stats are written with the chunk by the run sink,
 * the text once the run has ended (buildSearchTexts); a page without them (a search before the text is
 * built, a chunk written before schema version 3) gets them computed once, the first time it is read.
 */
import { fieldsOf, filledCountsOf, readChunk } from './chunk-packing';
import type { ChunkStats, ChunkText, ConnectorDatabase, PackedChunk, ResultChunk, ResultRow } from './db';

/** Ends every row in a chunk's text. */
export const ROW_END = '\u0000';
/** Separates the cells of a row in a chunk's text. */
export const CELL_END = '\u0001';
/** Starts a cell that holds a number (so that sorting can tell 10 from "10"). */
export const NUMBER_MARK = '\u0002';
/** The three marks above, which a cell's text cannot keep (they become spaces). */
export const SEPARATORS = new RegExp(`[${ROW_END}${CELL_END}${NUMBER_MARK}]`, 'g');

/** A value as the results view shows it and searches it: empty for null/undefined, JSON for objects. */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'object') return JSON.stringify(value) ?? '';
	return String(value);
}

/** Whether a value counts as filled in the fill rates. */
export function hasValue(value: unknown): boolean {
	return value !== null && value !== undefined && value !== '';
}

const HAS_SEPARATOR = new RegExp(`[${ROW_END}${CELL_END}${NUMBER_MARK}]`);

/** A cell of a chunk's text before lower-casing: separators replaced by spaces, numbers marked. */
function encodeCell(value: unknown): string {
	const text = cellText(value);
	const clean = HAS_SEPARATOR.test(text) ? text.replace(SEPARATORS, ' ') : text;
	return typeof value === 'number' ? NUMBER_MARK + clean : clean;
}

/** A page's row count and, per field, how many rows have a value: computed where its chunk is written. */
export function chunkStatsOf(runId: string, page: number, rows: readonly ResultRow[]): ChunkStats {
	const fields = fieldsOf(rows);
	const filled = new Array<number>(fields.length).fill(0);
	for (const row of rows)
		for (let index = 0; index < fields.length; index++)
			if (hasValue(row.values[fields[index]])) filled[index]++;
	return {
		runId,
		page,
		count: rows.length,
		filled: Object.fromEntries(fields.map((field, index) => [field, filled[index]]))
	};
}

/** The stats of a page as the run sink packed it (the same as chunkStatsOf of its rows). */
export function packedChunkStatsOf(chunk: PackedChunk): ChunkStats {
	const filled = filledCountsOf(chunk, hasValue);
	return {
		runId: chunk.runId,
		page: chunk.page,
		count: chunk.cells.length,
		filled: Object.fromEntries(chunk.fields.map((field, index) => [field, filled[index]]))
	};
}

/**
 * A page's search text. Built whole and lower-cased once (the marks are uncased, so this equals
 * lower-casing each cell).
 */
export function chunkTextOf(runId: string, page: number, rows: readonly ResultRow[]): ChunkText {
	const fields = fieldsOf(rows);
	let text = '';
	for (const row of rows) {
		text += encodeCell(row.identifier);
		for (let index = 0; index < fields.length; index++)
			text += CELL_END + encodeCell(row.values[fields[index]]);
		text += ROW_END;
	}
	return { runId, page, fields, text: text.toLowerCase() };
}

/** Computes and writes a page's stats and text (inside the caller's transaction when there is one). */
export async function putChunkRecords(db: ConnectorDatabase, chunk: ResultChunk): Promise<ChunkText> {
	await db.chunkStats.put(chunkStatsOf(chunk.runId, chunk.page, chunk.rows));
	return putText(db, chunk);
}

/** Page numbers of a run's stored chunks, in order (keys only: no chunk is read). */
export async function chunkPages(db: ConnectorDatabase, runId: string): Promise<number[]> {
	const keys = (await db.chunks
		.where('[runId+page]')
		.between([runId, -Infinity], [runId, Infinity])
		.primaryKeys()) as [string, number][];
	return keys.map((key) => key[1]);
}

/** The stats of every page of a run, in page order; pages stored without them get them now, once. */
export async function statsOfRun(db: ConnectorDatabase, runId: string): Promise<ChunkStats[]> {
	const pages = await chunkPages(db, runId);
	let stored = await db.chunkStats.where('runId').equals(runId).toArray();
	const known = new Set(stored.map((stats) => stats.page));
	const missing = pages.filter((page) => !known.has(page));
	for (const page of missing) {
		const chunk = await readChunk(db, runId, page);
		if (chunk) await putChunkRecords(db, chunk);
	}
	if (missing.length > 0) stored = await db.chunkStats.where('runId').equals(runId).toArray();
	const byPage = new Map(stored.map((stats) => [stats.page, stats]));
	return pages.flatMap((page) => byPage.get(page) ?? []);
}

/** The text of one page of a run, computed and stored first when the page has none. */
export async function textOfPage(db: ConnectorDatabase, runId: string, page: number): Promise<ChunkText> {
	const stored = await db.chunkText.get([runId, page]);
	if (stored) return stored;
	const chunk = await readChunk(db, runId, page);
	return chunk ? putText(db, chunk) : chunkTextOf(runId, page, []);
}

/** Computes and writes a page's text. */
async function putText(db: ConnectorDatabase, chunk: ResultChunk): Promise<ChunkText> {
	const text = chunkTextOf(chunk.runId, chunk.page, chunk.rows);
	await db.chunkText.put(text);
	return text;
}

/**
 * Builds the search text of every page of a run that has none yet, one page at a time. A run writes its
 * pages without it (building and storing it took a quarter of a page's time in the worker) and this follows the run;
 * a search that comes first builds the pages it needs itself (textOfPage). A page whose chunk is gone by
 * the time its text is written (its results were pruned) gets none.
 */
export async function buildSearchTexts(db: ConnectorDatabase, runId: string): Promise<number> {
	const pages = await chunkPages(db, runId);
	const have = new Set(
		((await db.chunkText.where('runId').equals(runId).primaryKeys()) as [string, number][]).map(
			(key) => key[1]
		)
	);
	let built = 0;
	for (const page of pages) {
		if (have.has(page)) continue;
		// Read and written in one transaction, so that a chunk pruned meanwhile gets no text.
		const text = await db.transaction('rw', [db.chunks, db.chunkText], async () => {
			const chunk = await readChunk(db, runId, page);
			return chunk ? putText(db, chunk) : null;
		});
		if (text) built++;
	}
	return built;
}
