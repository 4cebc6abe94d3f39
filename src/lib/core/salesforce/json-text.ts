/**
 * A JSON body's text for JSON.parse, decoded fast. Chromium's TextDecoder takes a fast path on ASCII bytes
 * and one about ten times slower on a page with any other character (a page of users always has some: names
 * like Zoë or Łukasz; 1.5 against 0.15 ms for a page of 2000 users). JSON allows another character only inside a string, where `\uXXXX` means the
 * same, so each one is written as its escape and the whole page decodes as ASCII: JSON.parse gives the
 * same value. A body that is not valid UTF-8, starts with a byte order mark or has a backslash right
 * before such a character (not valid JSON) is decoded as it is, so it fails or parses exactly as before.
 */

const utf8 = new TextDecoder();
const escapedPage = reusedBytes();
const HEX = [...'0123456789abcdef'].map((digit) => digit.charCodeAt(0));
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;

/** The text JSON.parse reads to the same value as the UTF-8 decoding of `bytes`. */
export function jsonTextOf(bytes: Uint8Array): string {
	const found = nonAsciiSequences(bytes);
	if (found === null || found.count === 0) return utf8.decode(bytes);
	const { starts, count, extra } = found;
	const out = escapedPage(bytes.length + extra);
	let written = 0;
	let copied = 0;
	for (let index = 0; index < count; index++) {
		const at = starts[index];
		// Short runs are copied byte by byte: a subarray for each would cost more than the copy.
		if (at - copied > 64) out.set(bytes.subarray(copied, at), written);
		else for (let from = copied; from < at; from++) out[written + from - copied] = bytes[from];
		written += at - copied;
		const lead = bytes[at];
		let length = 2;
		let code = lead & 0x1f;
		if (lead >= 0xf0) {
			length = 4;
			code = lead & 0x07;
		} else if (lead >= 0xe0) {
			length = 3;
			code = lead & 0x0f;
		}
		for (let next = 1; next < length; next++) code = (code << 6) | (bytes[at + next] & 0x3f);
		if (code > 0xffff) {
			written = writeEscape(out, written, 0xd800 + ((code - 0x10000) >> 10));
			written = writeEscape(out, written, 0xdc00 + ((code - 0x10000) & 0x3ff));
		} else written = writeEscape(out, written, code);
		copied = at + length;
	}
	out.set(bytes.subarray(copied), written);
	return utf8.decode(out);
}

/**
 * A byte buffer handed out again on every call, as long as the longest asked for so far (with an eighth to
 * spare). A page written into it costs a copy; written into a new megabyte, it also costs the new memory's
 * first touch, page by page: 1.0 against 0.04 ms for a 1 MB page in a Chromium worker. What is written
 * there is read before the next call.
 */
export function reusedBytes(): (length: number) => Uint8Array {
	let buffer = new Uint8Array(0);
	return (length) => {
		if (buffer.length < length) buffer = new Uint8Array(length + (length >> 3));
		return buffer.subarray(0, length);
	};
}

/** Writes `\uXXXX` for one UTF-16 code unit; gives the position after it. */
function writeEscape(out: Uint8Array, at: number, unit: number): number {
	out[at] = BACKSLASH;
	out[at + 1] = LETTER_U;
	out[at + 2] = HEX[(unit >> 12) & 15];
	out[at + 3] = HEX[(unit >> 8) & 15];
	out[at + 4] = HEX[(unit >> 4) & 15];
	out[at + 5] = HEX[unit & 15];
	return at + 6;
}

/**
 * Where each non-ASCII character starts and how many bytes the escapes add; null when the body must be
 * decoded as it is (a sequence that is not valid UTF-8, a byte order mark, a backslash before the
 * character). The bytes are read four at a time where none of the four is non-ASCII.
 */
function nonAsciiSequences(bytes: Uint8Array): { starts: Int32Array; count: number; extra: number } | null {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return null;
	const length = bytes.length;
	const base = (4 - (bytes.byteOffset & 3)) & 3;
	const words =
		length - base >= 4
			? new Uint32Array(bytes.buffer, bytes.byteOffset + base, (length - base) >>> 2)
			: new Uint32Array(0);
	const wordsEnd = base + words.length * 4;
	let starts = new Int32Array(1024);
	let count = 0;
	let extra = 0;
	let at = 0;
	while (at < length) {
		if (at >= base && at < wordsEnd && ((at - base) & 3) === 0) {
			let word = (at - base) >>> 2;
			while (word < words.length && (words[word] & 0x80808080) === 0) word++;
			at = base + word * 4;
			if (at >= length) break;
		}
		if (bytes[at] < 0x80) {
			at++;
			continue;
		}
		const sequence = sequenceLength(bytes, at);
		if (sequence === 0 || escapedByBackslash(bytes, at)) return null;
		if (count === starts.length) {
			const grown = new Int32Array(count * 2);
			grown.set(starts);
			starts = grown;
		}
		starts[count++] = at;
		extra += (sequence === 4 ? 12 : 6) - sequence;
		at += sequence;
	}
	return { starts, count, extra };
}

/** The length of the valid UTF-8 sequence starting at `at` (2 to 4), or 0 when it is not one. */
function sequenceLength(bytes: Uint8Array, at: number): number {
	const lead = bytes[at];
	const second = bytes[at + 1];
	const continues = (offset: number) => {
		const byte = bytes[at + offset];
		return byte !== undefined && (byte & 0xc0) === 0x80;
	};
	if (lead >= 0xc2 && lead <= 0xdf) return continues(1) ? 2 : 0;
	if (lead >= 0xe0 && lead <= 0xef) {
		if (lead === 0xe0 && !(second >= 0xa0)) return 0;
		if (lead === 0xed && !(second <= 0x9f)) return 0;
		return continues(1) && continues(2) ? 3 : 0;
	}
	if (lead >= 0xf0 && lead <= 0xf4) {
		if (lead === 0xf0 && !(second >= 0x90)) return 0;
		if (lead === 0xf4 && !(second <= 0x8f)) return 0;
		return continues(1) && continues(2) && continues(3) ? 4 : 0;
	}
	return 0;
}

/** Whether an odd run of backslashes ends right before `at` (the character would be escaped by it). */
function escapedByBackslash(bytes: Uint8Array, at: number): boolean {
	let before = at - 1;
	while (before >= 0 && bytes[before] === BACKSLASH) before--;
	return (at - 1 - before) % 2 === 1;
}
