/** Deterministic hashing: every generated value is a pure function of (seed, row, salt). */

/** Mixes two 32-bit integers into a well-spread unsigned 32-bit hash. */
export function mix(a: number, b: number): number {
	let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
	h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
	return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of a seed, a row and a salt naming the value being generated. */
export function hash3(seed: number, row: number, salt: number): number {
	return mix(mix(seed, salt), row);
}

/** A number in [0, 1) from a hash. */
export function unit(hash: number): number {
	return hash / 4294967296;
}

/** Picks an element of a non-empty list from a hash. */
export function pick<T>(list: readonly T[], hash: number): T {
	return list[hash % list.length];
}

/** Turns a short name into a stable salt, so each field draws from its own stream. */
export function saltOf(name: string): number {
	let h = 2166136261;
	for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
	return h >>> 0;
}
