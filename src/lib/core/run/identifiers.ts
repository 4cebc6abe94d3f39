/**
 * Identifiers: normalisation, 64-bit hashing, and a set sized for millions of keys that holds
 * hashes in typed arrays (open addressing) instead of a JS Set of strings.
 */
import type { IdentifierKind } from '../model';

/** A usable identifier, or why the record is skipped. */
export type NormalizedIdentifier = { ok: true; display: string; key: string } | { ok: false; reason: string };

/** Reasons a record is skipped for its identifier. */
export const SKIP_BLANK = 'blank identifier';
export const SKIP_NOT_TEXT = 'identifier is not text';

/** Trims an identifier; e-mails compare case-insensitively (their key is lower-cased). */
export function normalizeIdentifier(value: unknown, kind: IdentifierKind): NormalizedIdentifier {
	if (value === null || value === undefined) return { ok: false, reason: SKIP_BLANK };
	if (typeof value !== 'string') return { ok: false, reason: SKIP_NOT_TEXT };
	const display = value.trim();
	if (display === '') return { ok: false, reason: SKIP_BLANK };
	return { ok: true, display, key: kind === 'email' ? display.toLowerCase() : display };
}

/** A 64-bit hash as two unsigned 32-bit halves. */
export interface Hash64 {
	hi: number;
	lo: number;
}

const SEED_HI = 0xdeadbeef;
const SEED_LO = 0x41c6ce57;
const MIX_HI = 2654435761;
const MIX_LO = 1597334677;
/** Markers above any UTF-16 code unit, so the encoding of a row is unambiguous. */
const AFTER_NAME_STRING = 0x10001;
const AFTER_NAME_UNDEFINED = 0x10002;
const AFTER_NAME_NULL = 0x10003;
const AFTER_NAME_OTHER = 0x10004;
const END_OF_FIELD = 0x10005;

/** The result of the last hash: two 32-bit lanes (kept in module state so hot paths do not allocate). */
let laneHi = 0;
let laneLo = 0;

/** Finishes two mixing lanes into laneHi / laneLo. */
function finish(h1: number, h2: number): void {
	const hi = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	const lo = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(hi ^ (hi >>> 13), 3266489909);
	laneHi = hi >>> 0;
	laneLo = lo >>> 0;
}

/** Hashes a string into laneHi / laneLo, without allocating. */
function hashIntoLanes(text: string): void {
	let h1 = SEED_HI;
	let h2 = SEED_LO;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		h1 = Math.imul(h1 ^ code, MIX_HI);
		h2 = Math.imul(h2 ^ code, MIX_LO);
	}
	finish(h1, h2);
}

/** Hashes a string to 64 bits (two murmur-style lanes over UTF-16 code units). */
export function hash64(text: string): Hash64 {
	hashIntoLanes(text);
	return { hi: laneHi, lo: laneLo };
}

/**
 * A hash of a row's values that fits a double exactly (53 bits), for change detection between runs.
 * Field names and values are fed to the hash one by one (no JSON string of the whole row is built).
 */
export function hashValues(values: Record<string, unknown>): number {
	let h1 = SEED_HI;
	let h2 = SEED_LO;
	// for…in walks the keys without building an array of them per row (the values are plain objects).
	for (const key in values) {
		const value = values[key];
		let marker = AFTER_NAME_OTHER;
		let text = '';
		if (typeof value === 'string') {
			marker = AFTER_NAME_STRING;
			text = value;
		} else if (value === undefined) marker = AFTER_NAME_UNDEFINED;
		else if (value === null) marker = AFTER_NAME_NULL;
		else text = JSON.stringify(value) ?? '';
		for (let index = 0; index < key.length; index++) {
			const code = key.charCodeAt(index);
			h1 = Math.imul(h1 ^ code, MIX_HI);
			h2 = Math.imul(h2 ^ code, MIX_LO);
		}
		h1 = Math.imul(h1 ^ marker, MIX_HI);
		h2 = Math.imul(h2 ^ marker, MIX_LO);
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			h1 = Math.imul(h1 ^ code, MIX_HI);
			h2 = Math.imul(h2 ^ code, MIX_LO);
		}
		h1 = Math.imul(h1 ^ END_OF_FIELD, MIX_HI);
		h2 = Math.imul(h2 ^ END_OF_FIELD, MIX_LO);
	}
	finish(h1, h2);
	return (laneHi & 0x1fffff) * 0x100000000 + laneLo;
}

/**
 * Open-addressing hash table of 64-bit keys with a payload slot per key, in typed arrays. An empty slot
 * is (0, 0); a key that hashes to (0, 0) is stored as (0, 1). Linear probing, grows at 3/4 load.
 */
export class HashTable64 {
	private keys: Uint32Array;
	private mask: number;
	/** Number of keys held. */
	size = 0;

	constructor(initialCapacity = 1024) {
		let capacity = 16;
		while (capacity < initialCapacity) capacity *= 2;
		this.keys = new Uint32Array(capacity * 2);
		this.mask = capacity - 1;
	}

	/** Capacity in slots. */
	get capacity(): number {
		return this.mask + 1;
	}

	/** Called with the new capacity before growth moves payloads; subclasses allocate new payload arrays. */
	protected beforeGrow(_capacity: number): void {}

	/** Moves a payload from an old slot to a new one during growth. */
	protected movePayload(_from: number, _to: number): void {}

	/** Called once growth has moved every payload; subclasses drop the old payload arrays. */
	protected afterGrow(): void {}

	private slotOf(hi: number, lo: number): number {
		return (Math.imul(lo ^ hi, 0x9e3779b1) >>> 0) & this.mask;
	}

	/** The slot holding the key (hi, lo), or -1. */
	find(hi: number, keyLo: number): number {
		const lo = hi === 0 && keyLo === 0 ? 1 : keyLo;
		let slot = this.slotOf(hi, lo);
		for (;;) {
			const keyHi = this.keys[slot * 2];
			const keyLo = this.keys[slot * 2 + 1];
			if (keyHi === 0 && keyLo === 0) return -1;
			if (keyHi === hi && keyLo === lo) return slot;
			slot = (slot + 1) & this.mask;
		}
	}

	/** Inserts the key (hi, lo); returns its slot when new, or -(slot + 1) when it was already there. */
	insert(hi: number, keyLo: number): number {
		if ((this.size + 1) * 4 > this.capacity * 3) this.grow();
		const lo = hi === 0 && keyLo === 0 ? 1 : keyLo;
		let slot = this.slotOf(hi, lo);
		for (;;) {
			const keyHi = this.keys[slot * 2];
			const keyLo = this.keys[slot * 2 + 1];
			if (keyHi === 0 && keyLo === 0) {
				this.keys[slot * 2] = hi;
				this.keys[slot * 2 + 1] = lo;
				this.size++;
				return slot;
			}
			if (keyHi === hi && keyLo === lo) return -(slot + 1);
			slot = (slot + 1) & this.mask;
		}
	}

	/** Calls back with every occupied slot. */
	forEachSlot(callback: (slot: number) => void): void {
		for (let slot = 0; slot <= this.mask; slot++)
			if (this.keys[slot * 2] !== 0 || this.keys[slot * 2 + 1] !== 0) callback(slot);
	}

	private grow(): void {
		const old = this.keys;
		const oldCapacity = this.capacity;
		this.keys = new Uint32Array(oldCapacity * 4);
		this.mask = oldCapacity * 2 - 1;
		this.beforeGrow(oldCapacity * 2);
		for (let from = 0; from < oldCapacity; from++) {
			const hi = old[from * 2];
			const lo = old[from * 2 + 1];
			if (hi === 0 && lo === 0) continue;
			let slot = this.slotOf(hi, lo);
			while (this.keys[slot * 2] !== 0 || this.keys[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
			this.keys[slot * 2] = hi;
			this.keys[slot * 2 + 1] = lo;
			this.movePayload(from, slot);
		}
		this.afterGrow();
	}
}

/**
 * The identifiers a run has kept, for dedupe. Holds 64-bit hashes of the keys (8 bytes a slot):
 * 3,000,000 identifiers take 32 MiB. Two different identifiers colliding on 64 bits is about one
 * chance in four million at 3M rows.
 */
export class IdentifierSet {
	private readonly table: HashTable64;

	constructor(initialCapacity = 1024) {
		this.table = new HashTable64(initialCapacity);
	}

	/** Number of identifiers held. */
	get size(): number {
		return this.table.size;
	}

	/** Adds a key; false when it was already there (a duplicate). */
	add(key: string): boolean {
		hashIntoLanes(key);
		return this.table.insert(laneHi, laneLo) >= 0;
	}

	/** Whether the key is held. */
	has(key: string): boolean {
		hashIntoLanes(key);
		return this.table.find(laneHi, laneLo) >= 0;
	}
}
