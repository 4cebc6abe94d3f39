/** Test support for the emulator's JSON writers: what they must give, and a readable byte comparison. */
import { expect } from 'vitest';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The encoded JSON.stringify of a value: what every JSON writer here must give, byte for byte. */
export const stringified = (value: unknown) => encoder.encode(JSON.stringify(value));

/** Expects equal bytes, showing the two texts when they differ. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, context: string): void {
	if (Buffer.from(actual).equals(Buffer.from(expected))) return;
	expect(decoder.decode(actual), context).toBe(decoder.decode(expected));
	expect(Buffer.from(actual).equals(Buffer.from(expected)), context).toBe(true);
}
