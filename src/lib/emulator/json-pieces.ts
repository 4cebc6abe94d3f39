/**
 * Fixed pieces of JSON for the byte writer in `json-bytes.ts`: constant pieces, strings kept with their
 * JSON, many short pieces packed in one buffer, and property values written as JSON.stringify writes them.
 */

import type { JsonBytes } from './json-bytes';

const encoder = new TextEncoder();

/** UTF-8 JSON bytes written again and again, with a view of them for `JsonBytes.piece`. */
export class JsonPiece {
	readonly view: DataView;

	constructor(readonly bytes: Uint8Array<ArrayBuffer>) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	/** The piece of this JSON text. */
	static of(text: string): JsonPiece {
		return new JsonPiece(encoder.encode(text));
	}
}

/** A string with its JSON (quotes included), for values written again and again. */
export class EncodedText {
	/** `JSON.stringify(text)`. */
	readonly json: JsonPiece;
	/** The same without its closing quote: the start of a longer string. */
	readonly opened: JsonPiece;
	/** The same without its opening quote: the end of a longer string. */
	readonly closed: JsonPiece;

	constructor(readonly text: string) {
		const json = encoder.encode(JSON.stringify(text));
		this.json = new JsonPiece(json);
		this.opened = new JsonPiece(json.slice(0, json.length - 1));
		this.closed = new JsonPiece(json.slice(1));
	}
}

/**
 * Many short pieces of JSON in one flat buffer, appended by index: reaching a piece touches no object of
 * its own, which keeps large lists (every name a user can have) cheap to write from.
 */
export class PackedJson {
	private readonly packed: Uint8Array;
	private readonly view: DataView;
	private readonly starts: Uint32Array;

	constructor(pieces: readonly Uint8Array[]) {
		this.starts = new Uint32Array(pieces.length + 1);
		let total = 0;
		pieces.forEach((piece, index) => {
			this.starts[index] = total;
			total += piece.length;
		});
		this.starts[pieces.length] = total;
		this.packed = new Uint8Array(total);
		this.view = new DataView(this.packed.buffer);
		pieces.forEach((piece, index) => this.packed.set(piece, this.starts[index]));
	}

	/** Appends piece `index`. */
	write(index: number, out: JsonBytes): void {
		out.copy(this.packed, this.view, this.starts[index], this.starts[index + 1]);
	}
}

const TRUE = encoder.encode('true');
const FALSE = encoder.encode('false');
const NULL = encoder.encode('null');

/**
 * Appends a value as JSON.stringify writes it as a property value, after `prefix` (its `,"Key":` bytes);
 * writes nothing for a value JSON.stringify leaves out (undefined).
 */
export function writeProperty(out: JsonBytes, prefix: Uint8Array, value: unknown): void {
	if (typeof value === 'string') {
		out.bytes(prefix);
		out.string(value);
	} else if (value === null) {
		out.bytes(prefix);
		out.bytes(NULL);
	} else if (typeof value === 'boolean') {
		out.bytes(prefix);
		out.bytes(value ? TRUE : FALSE);
	} else if (typeof value === 'number') {
		out.bytes(prefix);
		// A finite number's JSON is its string form (plain ASCII); JSON.stringify writes others as null.
		if (Number.isFinite(value)) out.stringBody(String(value));
		else out.bytes(NULL);
	} else {
		const text = JSON.stringify(value) as string | undefined;
		if (text === undefined) return;
		out.bytes(prefix);
		out.bytes(encoder.encode(text));
	}
}

/** JSON text as UTF-8 bytes, for the fixed pieces of a compiled writer. */
export function jsonBytesOf(text: string): Uint8Array<ArrayBuffer> {
	return encoder.encode(text);
}
