/**
 * JSON written straight into UTF-8 bytes, giving exactly what `TextEncoder.encode(JSON.stringify(x))`
 * gives, without first building the objects and the text: strings are copied character by character
 * (JSON.stringify only runs for the rare string with a quote, backslash, control or lone surrogate).
 */

import type { JsonPiece } from './json-pieces';

const encoder = new TextEncoder();

/** Characters JSON.stringify escapes in a string: quote, backslash, controls and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Strings from this length are checked by a regular expression and copied by TextEncoder. */
const NATIVE_FROM = 24;
/** Chunks up to this length are copied by a loop rather than TypedArray#set. */
const SMALL_CHUNK = 16;
/** Free bytes a buffer may keep past what `take` hands over without a copy. */
const TAKE_SLACK = 4096;
/** Decimal digits of the largest safe integer. */
const MAX_DIGITS = 16;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A growable buffer of UTF-8 JSON bytes. */
export class JsonBytes {
	private buffer: Uint8Array<ArrayBuffer>;
	/** A view of `buffer`, for copies eight bytes at a time. */
	private view: DataView;
	/** `buffer.length`, kept as a plain number: checked on every write. */
	private capacity: number;
	private position = 0;
	/** The digits of the number last written by `digits`, right-aligned: digitsOf, from digitsFrom. */
	private readonly lastDigits = new Uint8Array(MAX_DIGITS);
	private digitsOf = -1;
	private digitsFrom = MAX_DIGITS;

	constructor(initialBytes = 1 << 16) {
		this.buffer = new Uint8Array(initialBytes);
		this.view = new DataView(this.buffer.buffer);
		this.capacity = initialBytes;
	}

	/** Forgets what was written (the buffer is kept for the next use). */
	reset(): void {
		this.position = 0;
	}

	/** A copy of the bytes written since the last reset. */
	finish(): Uint8Array<ArrayBuffer> {
		return this.buffer.slice(0, this.position);
	}

	/**
	 * The bytes written since the last reset, handed over without a copy when they fill most of the buffer
	 * (the next writes go to a new buffer of about their size); copied when most of the buffer is free.
	 */
	take(): Uint8Array<ArrayBuffer> {
		const length = this.position;
		if (this.capacity - length > (length >> 2) + TAKE_SLACK) return this.finish();
		const taken = this.buffer.subarray(0, length);
		this.capacity = length + (length >> 4) + TAKE_SLACK;
		this.buffer = new Uint8Array(this.capacity);
		this.view = new DataView(this.buffer.buffer);
		this.position = 0;
		return taken;
	}

	/** Leaves `count` bytes unwritten, for a caller to fill in later. */
	skip(count: number): void {
		this.reserve(count);
		this.position += count;
	}

	/** Appends bytes that already are JSON. */
	bytes(chunk: Uint8Array): void {
		const length = chunk.length;
		const at = this.position;
		if (at + length > this.capacity) this.grow(length);
		const buffer = this.buffer;
		if (length > SMALL_CHUNK) buffer.set(chunk, at);
		else for (let i = 0; i < length; i++) buffer[at + i] = chunk[i];
		this.position = at + length;
	}

	/** Appends a constant piece of JSON. */
	piece(piece: JsonPiece): void {
		this.copy(piece.bytes, piece.view, 0, piece.bytes.length);
	}

	/**
	 * Appends `bytes[from..to)`, UTF-8 JSON already, through `view` (a view of `bytes`): eight bytes at a
	 * time, the last eight overlapping what came before (as memcpy does small copies), four and four below
	 * eight. Eight bytes move as one float64: valid UTF-8 never holds the bit pattern of a NaN (that needs a
	 * 0xF0–0xFF byte followed by 0x7F or 0xFF), the one kind of double a copy might alter.
	 */
	copy(bytes: Uint8Array, view: DataView, from: number, to: number): void {
		const length = to - from;
		const at = this.position;
		if (at + length > this.capacity) this.grow(length);
		const target = this.view;
		if (length >= 8) {
			for (let i = 0; i + 8 < length; i += 8)
				target.setFloat64(at + i, view.getFloat64(from + i, true), true);
			target.setFloat64(at + length - 8, view.getFloat64(to - 8, true), true);
		} else if (length >= 4) {
			target.setUint32(at, view.getUint32(from, true), true);
			target.setUint32(at + length - 4, view.getUint32(to - 4, true), true);
		} else {
			const buffer = this.buffer;
			for (let i = 0; i < length; i++) buffer[at + i] = bytes[from + i];
		}
		this.position = at + length;
	}

	/**
	 * Appends a non-negative integer in decimal, as String(value) writes it (below 2^53). The last number's
	 * digits are kept: a record writes its row number in several fields.
	 */
	digits(value: number): void {
		if (value !== this.digitsOf) {
			let at = MAX_DIGITS;
			let rest = value;
			do {
				this.lastDigits[--at] = 0x30 + (rest % 10);
				rest = Math.floor(rest / 10);
			} while (rest > 0);
			this.digitsOf = value;
			this.digitsFrom = at;
		}
		const from = this.digitsFrom;
		this.reserve(MAX_DIGITS - from);
		const buffer = this.buffer;
		const digits = this.lastDigits;
		let at = this.position;
		for (let i = from; i < MAX_DIGITS; i++) buffer[at++] = digits[i];
		this.position = at;
	}

	/** Appends a non-negative integer below 10^width as exactly `width` decimal digits, zero-padded. */
	paddedDigits(value: number, width: number): void {
		this.reserve(width);
		const buffer = this.buffer;
		let rest = value;
		for (let at = this.position + width - 1; at >= this.position; at--) {
			buffer[at] = 0x30 + (rest % 10);
			rest = Math.floor(rest / 10);
		}
		this.position += width;
	}

	/** Appends one ASCII character by its code. */
	byte(code: number): void {
		this.reserve(1);
		this.buffer[this.position++] = code;
	}

	/** Appends a string as a JSON string, quotes included. */
	string(value: string): void {
		this.byte(QUOTE);
		this.stringBody(value);
		this.byte(QUOTE);
	}

	/** Appends the escaped characters of a JSON string, without its quotes. */
	stringBody(value: string): void {
		const length = value.length;
		this.reserve(length * 3);
		if (length >= NATIVE_FROM && !NEEDS_ESCAPE.test(value)) {
			this.position += encoder.encodeInto(value, this.buffer.subarray(this.position)).written;
			return;
		}
		const buffer = this.buffer;
		const start = this.position;
		let at = start;
		for (let i = 0; i < length; i++) {
			const code = value.charCodeAt(i);
			if (code < 0x80) {
				if (code < 0x20 || code === QUOTE || code === BACKSLASH) return this.escapedBody(value, start);
				buffer[at++] = code;
			} else if (code < 0x800) {
				buffer[at++] = 0xc0 | (code >> 6);
				buffer[at++] = 0x80 | (code & 0x3f);
			} else if (code < 0xd800 || code > 0xdfff) {
				buffer[at++] = 0xe0 | (code >> 12);
				buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
				buffer[at++] = 0x80 | (code & 0x3f);
			} else {
				const low = value.charCodeAt(i + 1);
				if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return this.escapedBody(value, start);
				const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
				buffer[at++] = 0xf0 | (point >> 18);
				buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
				buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
				buffer[at++] = 0x80 | (point & 0x3f);
				i++;
			}
		}
		this.position = at;
	}

	/** Rewrites from `start` the body of a string that needs escaping, as JSON.stringify escapes it. */
	private escapedBody(value: string, start: number): void {
		this.position = start;
		const quoted = encoder.encode(JSON.stringify(value));
		this.bytes(quoted.subarray(1, quoted.length - 1));
	}

	private reserve(extra: number): void {
		if (this.position + extra > this.capacity) this.grow(extra);
	}

	/** Moves the bytes to a buffer with room for `extra` more. */
	private grow(extra: number): void {
		const grown = new Uint8Array(Math.max(this.position + extra, this.capacity * 2));
		grown.set(this.buffer.subarray(0, this.position));
		this.buffer = grown;
		this.view = new DataView(grown.buffer);
		this.capacity = grown.length;
	}
}
