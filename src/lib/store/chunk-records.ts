/**
 * What the results view needs of each stored page, kept beside its chunk so that opening, searching and
 * sorting a big run never reads the chunks themselves: the page's row count and fill counts (chunkStats),
 * and its cells as one lower-cased text (chunkText). Written with the chunk by the run sink; a chunk
 * stored without them (written before schema version 3) gets them computed once, the first time it is read.
 */
import type { ChunkStats, ChunkText, ConnectorDatabase, ResultChunk, ResultRow } from './db';

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

/** The fields of a page's rows, in the order they first appear (mapping order). */
function fieldsOf(rows: readonly ResultRow[]): string[] {
	const fields = new Set<string>();
	for (const row of rows) for (const field in row.values) fields.add(field);
	return [...fields];
}

/**
 * The stats and the text of one page of rows, computed where its chunk is written. The text is built
 * whole and lower-cased once (the marks are uncased, so this equals lower-casing each cell).
 */
export function chunkRecordsOf(
	runId: string,
	page: number,
	rows: readonly ResultRow[]
): { stats: ChunkStats; text: ChunkText } {
	const fields = fieldsOf(rows);
	const filled = new Array<number>(fields.length).fill(0);
	let text = '';
	for (const row of rows) {
		text += encodeCell(row.identifier);
		for (let index = 0; index < fields.length; index++) {
			const value = row.values[fields[index]];
			if (hasValue(value)) filled[index]++;
			text += CELL_END + encodeCell(value);
		}
		text += ROW_END;
	}
	return {
		stats: {
			runId,
			page,
			count: rows.length,
			filled: Object.fromEntries(fields.map((field, index) => [field, filled[index]]))
		},
		text: { runId, page, fields, text: text.toLowerCase() }
	};
}

/** Computes and writes a page's stats and text (inside the caller's transaction when there is one). */
export async function putChunkRecords(db: ConnectorDatabase, chunk: ResultChunk): Promise<ChunkText> {
	const { stats, text } = chunkRecordsOf(chunk.runId, chunk.page, chunk.rows);
	await db.chunkStats.put(stats);
	await db.chunkText.put(text);
	return text;
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
		const chunk = await db.chunks.get([runId, page]);
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
	const chunk = await db.chunks.get([runId, page]);
	return chunk ? putChunkRecords(db, chunk) : chunkRecordsOf(runId, page, []).text;
}
