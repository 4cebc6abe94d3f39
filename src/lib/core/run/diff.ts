/**
 * The diff between the previous successful run and this one (added / changed / removed), computed
 * chunk by chunk from (identifier, value hash) pairs held in typed arrays, never whole runs in memory.
 *
 * Use: feed every chunk of the previous run to `addPrevious`, then every chunk of the new run to
 * `addCurrent` (it says which rows are added or changed), then walk the previous run's chunks again
 * with `removedIn` to learn which of its identifiers are gone. `counts()` sums it up.
 */
import type { IdentifierKind } from '../model';
import { hash64, HashTable64 } from './identifiers';

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
