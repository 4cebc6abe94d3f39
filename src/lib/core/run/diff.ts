/**
 * The diff between the previous successful run and this one (added / changed / removed), computed
 * chunk by chunk from (identifier, value hash) pairs held in typed arrays, never whole runs in memory.
 *
 * Use: feed every chunk of the previous run to `addPrevious`, then every chunk of the new run to
 * `addCurrent` (it says which rows are added or changed), then walk the previous run's chunks again
 * with `removedIn` to learn which of its identifiers are gone. `counts()` sums it up.
 */
import type { IdentifierKind } from '../model';
import { hash64, HashTable64, normalizeIdentifier } from './identifiers';

const PREVIOUS = 1;
const SEEN = 2;

/** Added / changed / removed / unchanged totals. */
export interface DiffCounts {
	added: number;
	changed: number;
	removed: number;
	unchanged: number;
}

/** Which rows of a chunk of the new run are added or changed (indexes into the chunk). */
export interface ChunkDiff {
	added: number[];
	changed: number[];
}

class DiffTable extends HashTable64 {
	hashes: Float64Array;
	flags: Uint8Array;
	private nextHashes: Float64Array | null = null;
	private nextFlags: Uint8Array | null = null;

	constructor() {
		super(1024);
		this.hashes = new Float64Array(this.capacity);
		this.flags = new Uint8Array(this.capacity);
	}

	protected beforeGrow(capacity: number): void {
		this.nextHashes = new Float64Array(capacity);
		this.nextFlags = new Uint8Array(capacity);
	}

	protected movePayload(from: number, to: number): void {
		this.nextHashes![to] = this.hashes[from];
		this.nextFlags![to] = this.flags[from];
	}

	protected afterGrow(): void {
		this.hashes = this.nextHashes!;
		this.flags = this.nextFlags!;
		this.nextHashes = null;
		this.nextFlags = null;
	}
}

/** Compares two runs by identifier and value hash. */
export interface DiffIndex {
	/** Feeds a chunk of the previous run: identifiers and the hash of each row's values. */
	addPrevious(identifiers: readonly string[], hashes: ArrayLike<number>): void;
	/** Feeds a chunk of the new run; returns which of its rows are added or changed. */
	addCurrent(identifiers: readonly string[], hashes: ArrayLike<number>): ChunkDiff;
	/** After the whole new run: which rows of a previous-run chunk were not imported this time. */
	removedIn(identifiers: readonly string[]): number[];
	/** Totals so far (removed is final once every current chunk has been fed). */
	counts(): DiffCounts;
}

/** Creates an empty diff index; e-mail identifiers compare case-insensitively, as in a run. */
export function createDiffIndex(options: { kind: IdentifierKind }): DiffIndex {
	const table = new DiffTable();
	const keyOf = (identifier: string) =>
		hash64(options.kind === 'email' ? identifier.trim().toLowerCase() : identifier.trim());
	let previous = 0;
	let added = 0;
	let changed = 0;
	let unchanged = 0;

	return {
		addPrevious(identifiers, hashes) {
			for (let index = 0; index < identifiers.length; index++) {
				const key = keyOf(identifiers[index]);
				const slot = table.insert(key.hi, key.lo);
				if (slot < 0) continue;
				table.hashes[slot] = hashes[index];
				table.flags[slot] = PREVIOUS;
				previous++;
			}
		},
		addCurrent(identifiers, hashes) {
			const chunk: ChunkDiff = { added: [], changed: [] };
			for (let index = 0; index < identifiers.length; index++) {
				const key = keyOf(identifiers[index]);
				const inserted = table.insert(key.hi, key.lo);
				const isNew = inserted >= 0;
				const slot = isNew ? inserted : -inserted - 1;
				const flags = table.flags[slot];
				if (flags & SEEN) continue;
				table.flags[slot] = flags | SEEN;
				if (isNew || !(flags & PREVIOUS)) {
					added++;
					chunk.added.push(index);
				} else if (table.hashes[slot] !== hashes[index]) {
					changed++;
					chunk.changed.push(index);
				} else unchanged++;
			}
			return chunk;
		},
		removedIn(identifiers) {
			const removed: number[] = [];
			for (let index = 0; index < identifiers.length; index++) {
				const key = keyOf(identifiers[index]);
				const slot = table.find(key.hi, key.lo);
				if (slot >= 0 && table.flags[slot] === PREVIOUS) removed.push(index);
			}
			return removed;
		},
		counts: () => ({ added, changed, unchanged, removed: previous - changed - unchanged })
	};
}

/** Names of the fields whose values differ between two versions of a row (values compared as JSON). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

/** One entry of the diff with the previous run. */
export interface DiffEntry {
	kind: 'added' | 'changed' | 'removed';
	identifier: string;
	/** For a changed row (the first CHANGED_FIELDS_DETAIL_LIMIT of them): the fields that differ. */
	fields?: string[];
}

/** Changed rows whose field names are worked out (the rest are counted only). */
export const CHANGED_FIELDS_DETAIL_LIMIT = 50_000;

/** A stored chunk of a run's rows, as the diff reads it. */
export interface DiffChunk {
	rows: readonly { identifier: string; hash: number; values: Record<string, unknown> }[];
}

/**
 * The diff of a run against the previous one, from their stored chunks (each read chunk by chunk, the
 * previous run twice): the entries in order (added and changed as met in the new run, then removed)
 * and the counts.
 */
export async function diffRuns(input: {
	kind: IdentifierKind;
	previous: () => AsyncIterable<DiffChunk>;
	current: () => AsyncIterable<DiffChunk>;
}): Promise<{ entries: DiffEntry[]; counts: DiffCounts }> {
	const { kind } = input;
	const index = createDiffIndex({ kind });
	for await (const chunk of input.previous())
		index.addPrevious(
			chunk.rows.map((row) => row.identifier),
			chunk.rows.map((row) => row.hash)
		);
	const entries: DiffEntry[] = [];
	const changed = new Map<string, { entry: number; values: Record<string, unknown> }>();
	for await (const chunk of input.current()) {
		const { added, changed: changedRows } = index.addCurrent(
			chunk.rows.map((row) => row.identifier),
			chunk.rows.map((row) => row.hash)
		);
		for (const at of added) entries.push({ kind: 'added', identifier: chunk.rows[at].identifier });
		for (const at of changedRows) {
			const row = chunk.rows[at];
			const key = normalizeIdentifier(row.identifier, kind);
			if (key.ok && changed.size < CHANGED_FIELDS_DETAIL_LIMIT)
				changed.set(key.key, { entry: entries.length, values: row.values });
			entries.push({ kind: 'changed', identifier: row.identifier });
		}
	}
	for await (const chunk of input.previous()) {
		const identifiers = chunk.rows.map((row) => row.identifier);
		for (const at of index.removedIn(identifiers))
			entries.push({ kind: 'removed', identifier: identifiers[at] });
		if (changed.size === 0) continue;
		for (const row of chunk.rows) {
			const key = normalizeIdentifier(row.identifier, kind);
			const current = key.ok ? changed.get(key.key) : undefined;
			if (current) entries[current.entry].fields = changedFields(row.values, current.values);
		}
	}
	return { entries, counts: index.counts() };
}
