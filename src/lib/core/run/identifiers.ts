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

let laneHi = 0;
let laneLo = 0;

function resetLanes(): void {
	laneHi = 0xdeadbeef;
	laneLo = 0x41c6ce57;
}

function mixCode(code: number): void {
	laneHi = Math.imul(laneHi ^ code, 2654435761);
	laneLo = Math.imul(laneLo ^ code, 1597334677);
}

function mixString(text: string): void {
	for (let index = 0; index < text.length; index++) mixCode(text.charCodeAt(index));
}

function finishLanes(): void {
	const hi =
		Math.imul(laneHi ^ (laneHi >>> 16), 2246822507) ^ Math.imul(laneLo ^ (laneLo >>> 13), 3266489909);
	const lo = Math.imul(laneLo ^ (laneLo >>> 16), 2246822507) ^ Math.imul(hi ^ (hi >>> 13), 3266489909);
	laneHi = hi >>> 0;
	laneLo = lo >>> 0;
}

/** Hashes a string into the shared lanes, without allocating. */
function hashIntoLanes(text: string): void {
	resetLanes();
	mixString(text);
	finishLanes();
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
	resetLanes();
	for (const key of Object.keys(values)) {
		mixString(key);
		mixCode(0x10000);
		const value = values[key];
		if (typeof value === 'string') {
			mixCode(0x10001);
			mixString(value);
		} else if (value === undefined) mixCode(0x10002);
		else if (value === null) mixCode(0x10003);
		else {
			mixCode(0x10004);
			mixString(JSON.stringify(value) ?? '');
		}
		mixCode(0x10005);
	}
	finishLanes();
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
