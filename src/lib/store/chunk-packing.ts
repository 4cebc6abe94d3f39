/**
 * Result chunks as the chunks table keeps them: one array per user instead of one object, with the field
 * names once per chunk and the mapping's errors of the users that have some beside. IndexedDB clones arrays
 * of plain values at about half the cost of objects with the same values (BENCHMARKS.md), and the clone runs
 * on the worker for every page of every run.
 */
import type { ConnectorDatabase, PackedChunk, ResultChunk, ResultRow, StoredChunk } from './db';

/** Where a user's id, identifier and hash sit in its packed array; its values follow in field order. */
const ID = 0;
const IDENTIFIER = 1;
const HASH = 2;
const FIRST_VALUE = 3;

/**
 * The fields of a page's rows, in the order they first appear (mapping order). Rows whose keys come in the
 * order already known are walked with for…in and compared name by name; a Set is made only for a row that
 * strays from it (a field missing, or in another order).
 */
export function fieldsOf(rows: readonly ResultRow[]): string[] {
	const fields: string[] = [];
	let known: Set<string> | null = null;
	for (const row of rows) {
		let at = 0;
		for (const field in row.values) {
			if (at >= 0 && field === fields[at]) at++;
			else if (at >= 0 && at === fields.length && known === null) {
				fields.push(field);
				at++;
			} else {
				known ??= new Set(fields);
				at = -1;
				if (!known.has(field)) {
					known.add(field);
					fields.push(field);
				}
			}
		}
	}
	return fields;
}

/** A page's rows packed for storage, the fields in mapping order. */
export function packChunk(runId: string, page: number, rows: readonly ResultRow[]): PackedChunk {
	const fields = fieldsOf(rows);
	// Built by pushing, never `new Array(length)`: a holey array clones element by element, as a sparse one.
	const cells: unknown[][] = [];
	let errors: PackedChunk['errors'];
	for (const row of rows) {
		const cell: unknown[] = [row.id, row.identifier, row.hash];
		// A row with every field, in field order, is read with for…in; any other by name.
		let at = 0;
		for (const field in row.values) {
			if (field !== fields[at]) break;
			cell.push(row.values[field]);
			at++;
		}
		if (at !== fields.length) {
			cell.length = FIRST_VALUE;
			for (const field of fields) cell.push(row.values[field]);
		}
		if (row.errors?.length) (errors ??= {})[cells.length] = row.errors;
		cells.push(cell);
	}
	return { runId, page, fields, cells, ...(errors ? { errors } : {}) };
}

/** How many users of a packed chunk have a value in each of its fields (`filled(value)` says which do). */
export function filledCountsOf(chunk: PackedChunk, filled: (value: unknown) => boolean): number[] {
	const counts = chunk.fields.map(() => 0);
	for (const cell of chunk.cells)
		for (let index = 0; index < counts.length; index++)
			if (filled(cell[FIRST_VALUE + index])) counts[index]++;
	return counts;
}

/**
 * A stored chunk as rows again, each row's values in the chunk's field order; a field a user had no value
 * for is left out of its values, as the mapping leaves it out.
 */
export function unpackChunk(stored: StoredChunk): ResultChunk {
	if (!('cells' in stored)) return stored;
	const { fields, cells } = stored;
	const rows: ResultRow[] = [];
	for (let at = 0; at < cells.length; at++) {
		const cell = cells[at];
		const values: Record<string, unknown> = {};
		for (let index = 0; index < fields.length; index++) {
			const value = cell[FIRST_VALUE + index];
			if (value !== undefined) values[fields[index]] = value;
		}
		const row: ResultRow = {
			id: cell[ID] as string | null,
			identifier: cell[IDENTIFIER] as string,
			values,
			hash: cell[HASH] as number
		};
		const errors = stored.errors?.[at];
		if (errors) row.errors = errors;
		rows.push(row);
	}
	return { runId: stored.runId, page: stored.page, rows };
}

/** How many users a stored chunk holds, without turning it into rows. */
export function rowCountOf(stored: StoredChunk): number {
	return 'cells' in stored ? stored.cells.length : stored.rows.length;
}

/** One chunk of a run as rows, if it is stored. */
export async function readChunk(
	db: ConnectorDatabase,
	runId: string,
	page: number
): Promise<ResultChunk | undefined> {
	const stored = await db.chunks.get([runId, page]);
	return stored && unpackChunk(stored);
}
