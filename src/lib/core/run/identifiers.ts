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

/** Hashes a string to 64 bits (two murmur-style lanes over UTF-16 code units). */
export function hash64(text: string): Hash64 {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		h1 = Math.imul(h1 ^ code, 2654435761);
		h2 = Math.imul(h2 ^ code, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return { hi: h1 >>> 0, lo: h2 >>> 0 };
}

/** A hash of a row's values that fits a double exactly (53 bits), for change detection between runs. */
export function hashValues(values: Record<string, unknown>): number {
	const { hi, lo } = hash64(JSON.stringify(values) ?? '');
	return (hi & 0x1fffff) * 0x100000000 + lo;
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

	/** The slot holding the key, or -1. */
	find(hash: Hash64): number {
		const hi = hash.hi;
		const lo = hash.hi === 0 && hash.lo === 0 ? 1 : hash.lo;
		let slot = this.slotOf(hi, lo);
		for (;;) {
			const keyHi = this.keys[slot * 2];
			const keyLo = this.keys[slot * 2 + 1];
			if (keyHi === 0 && keyLo === 0) return -1;
			if (keyHi === hi && keyLo === lo) return slot;
			slot = (slot + 1) & this.mask;
		}
	}

	/** Inserts the key; returns its slot and whether it was new. */
	insert(hash: Hash64): { slot: number; added: boolean } {
		if ((this.size + 1) * 4 > this.capacity * 3) this.grow();
		const hi = hash.hi;
		const lo = hash.hi === 0 && hash.lo === 0 ? 1 : hash.lo;
		let slot = this.slotOf(hi, lo);
		for (;;) {
			const keyHi = this.keys[slot * 2];
			const keyLo = this.keys[slot * 2 + 1];
			if (keyHi === 0 && keyLo === 0) {
				this.keys[slot * 2] = hi;
				this.keys[slot * 2 + 1] = lo;
				this.size++;
				return { slot, added: true };
			}
			if (keyHi === hi && keyLo === lo) return { slot, added: false };
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
		return this.table.insert(hash64(key)).added;
	}

	/** Whether the key is held. */
	has(key: string): boolean {
		return this.table.find(hash64(key)) >= 0;
	}
}
