/**
 * Search and sort over a run's results for the results view, read from each page's search text
 * (chunkText) rather than from the chunks: one page at a time, reporting progress, stoppable between pages.
 */
import { CELL_END, NUMBER_MARK, ROW_END, SEPARATORS, textOfPage } from './chunk-records';
import type { ChunkText, ConnectorDatabase } from './db';
import type { ResultIndex } from './results';

/** How the results view narrows and orders rows. */
export interface RowSelection {
	/** Case-insensitive text looked for in the identifier and every mapped field. */
	search?: string;
	/** Column to sort by (the first column is the identifier); none keeps the run's order. */
	sortBy?: string | null;
	descending?: boolean;
}

/** How a selection reports and stops. */
export interface SelectionControl {
	/** Aborting stops the selection before its next page; the promise then rejects with the signal's reason. */
	signal?: AbortSignal;
	/** Rows looked at so far, after each page. */
	onProgress?: (rowsSeen: number) => void;
}

type SortKey = string | number | null;

const NUMBER_CODE = NUMBER_MARK.charCodeAt(0);

/** Sort key of cell `cell` of the row between `rowStart` and `rowEnd`: a number, lower-cased text or null. */
function cellKey(text: string, rowStart: number, rowEnd: number, cell: number): SortKey {
	let from = rowStart;
	for (let skipped = 0; skipped < cell; skipped++) from = text.indexOf(CELL_END, from) + 1;
	let to = text.indexOf(CELL_END, from);
	if (to === -1 || to > rowEnd) to = rowEnd;
	if (from === to) return null;
	return text.charCodeAt(from) === NUMBER_CODE ? Number(text.slice(from + 1, to)) : text.slice(from, to);
}

/** Which cell of a row a text position falls in. */
function cellAt(text: string, rowStart: number, position: number): number {
	let cell = 0;
	for (
		let at = text.indexOf(CELL_END, rowStart);
		at !== -1 && at < position;
		at = text.indexOf(CELL_END, at + 1)
	)
		cell++;
	return cell;
}

/** Collects one page's matching rows (positions from `start`), with their sort keys when sorting. */
function collectPage(
	page: ChunkText,
	start: number,
	needle: string,
	searchable: ReadonlySet<string>,
	sortBy: { column: string; identifier: boolean } | null,
	positions: number[],
	buckets: SortBuckets
): void {
	const text = page.text;
	const cells = ['', ...page.fields];
	const everyCellSearched = page.fields.every((field) => searchable.has(field));
	const sortCell = !sortBy ? -1 : sortBy.identifier ? 0 : cells.indexOf(sortBy.column, 1);
	let hit = needle ? text.indexOf(needle) : -1;
	for (let row = 0, rowStart = 0; rowStart < text.length; row++) {
		const rowEnd = text.indexOf(ROW_END, rowStart);
		if (needle) {
			if (hit !== -1 && hit < rowStart) hit = text.indexOf(needle, rowStart);
			while (hit !== -1 && hit < rowEnd && !everyCellSearched) {
				const cell = cellAt(text, rowStart, hit);
				if (cell === 0 || searchable.has(cells[cell])) break;
				hit = text.indexOf(needle, hit + 1);
			}
			if (hit === -1 || hit >= rowEnd) {
				rowStart = rowEnd + 1;
				continue;
			}
		}
		if (!sortBy) positions.push(start + row);
		else buckets.add(start + row, sortCell < 0 ? null : cellKey(text, rowStart, rowEnd, sortCell));
		rowStart = rowEnd + 1;
	}
}

/** Rows picked so far with their sort keys, kept apart by kind: numbers, text, empty. */
class SortBuckets {
	numbers: [number, number][] = [];
	texts: [string, number][] = [];
	empties: number[] = [];

	add(position: number, key: SortKey): void {
		if (key === null) this.empties.push(position);
		else if (typeof key === 'number') this.numbers.push([key, position]);
		else this.texts.push([key, position]);
	}

	/** Numbers before text (both reversed when descending), empty last, ties in run order (stable sort). */
	order(descending: boolean): Uint32Array {
		const direction = descending ? -1 : 1;
		this.numbers.sort((a, b) => direction * (a[0] - b[0]));
		this.texts.sort((a, b) => (a[0] < b[0] ? -direction : a[0] > b[0] ? direction : 0));
		const [first, second] = descending ? [this.texts, this.numbers] : [this.numbers, this.texts];
		const order = new Uint32Array(first.length + second.length + this.empties.length);
		let at = 0;
		for (const entry of first) order[at++] = entry[1];
		for (const entry of second) order[at++] = entry[1];
		order.set(this.empties, at);
		return order;
	}
}

/**
 * The positions of the rows matching the search, sorted as asked (numbers before text, empty values
 * last either way, ties in run order), or null when neither search nor sort is set (the run's order is
 * used as is). Text is compared lower-cased by code point (a collator is ~10× slower at 1M rows).
 */
export async function selectRows(
	db: ConnectorDatabase,
	index: ResultIndex,
	columns: readonly string[],
	selection: RowSelection,
	control: SelectionControl = {}
): Promise<Uint32Array | null> {
	const needle = (selection.search?.trim().toLowerCase() ?? '').replace(SEPARATORS, ' ');
	const sortColumn = selection.sortBy ?? null;
	if (!needle && !sortColumn) return null;
	const searchable = new Set(columns.slice(1));
	const sortBy = sortColumn ? { column: sortColumn, identifier: sortColumn === columns[0] } : null;
	const positions: number[] = [];
	const buckets = new SortBuckets();
	for (let chunk = 0; chunk < index.pages.length; chunk++) {
		control.signal?.throwIfAborted();
		const page = await textOfPage(db, index.runId, index.pages[chunk]);
		collectPage(page, index.starts[chunk], needle, searchable, sortBy, positions, buckets);
		control.onProgress?.(index.starts[chunk + 1]);
	}
	control.signal?.throwIfAborted();
	return sortBy ? buckets.order(selection.descending === true) : Uint32Array.from(positions);
}
