/**
 * Salesforce record Ids: 15 case-sensitive characters (3-char key prefix, 2-char instance, zero padding and a
 * base-62 row number) plus the 3-character case-safe suffix. Digits use ASCII order (0-9, A-Z, a-z), so
 * comparing two Ids as strings orders them by row, which lets `ORDER BY Id` walk rows in place.
 */
import type { JsonBytes } from '../json-bytes';
import { JsonPiece } from '../json-pieces';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ROW_WIDTH = 6;

/** The 3-character suffix Salesforce appends to a 15-character Id. */
export function idSuffix(id15: string): string {
	let suffix = '';
	for (let chunk = 0; chunk < 3; chunk++) {
		let flags = 0;
		for (let i = 0; i < 5; i++) {
			const code = id15.charCodeAt(chunk * 5 + i);
			if (code >= 65 && code <= 90) flags |= 1 << i;
		}
		suffix += SUFFIX_CHARS[flags];
	}
	return suffix;
}

/** Character codes of an Id being made (one flat string is made from them: cheap to read and to copy). */
const idCodes = new Array<number>(18).fill(0);

/** The 18-character Id of a row of the object with this key prefix, in an org whose instance tag is `pod`. */
export function makeId(keyPrefix: string, pod: string, row: number): string {
	fillIdCodes(idCodes, keyPrefix + pod + '0000', row);
	return String.fromCharCode(...idCodes);
}

/**
 * Appends Ids of this key prefix and pod, as `makeId` makes them, straight as bytes. The last row's Id is
 * kept: a record writes its Id twice (in `attributes.url` and as `Id`).
 */
export function idWriter(keyPrefix: string, pod: string): (row: number, out: JsonBytes) => void {
	const codes = new Uint8Array(18);
	fillIdCodes(codes, keyPrefix + pod + '0000', 0);
	// Characters 0–8 never change: the suffix's first letter is fixed, and so are four of the second's five flags.
	let headFlags = 0;
	for (let i = 5; i < 9; i++) if (isUpper(codes[i])) headFlags |= 1 << (i - 5);
	const id = new JsonPiece(codes);
	let lastRow = -1;
	return (row, out) => {
		if (row !== lastRow) {
			let rest = row;
			let flags = 0;
			for (let i = 14; i >= 9; i--) {
				const digit = rest % 62;
				codes[i] = DIGIT_CODES[digit];
				if (digit >= 10 && digit < 36) flags |= 1 << (i - 5);
				rest = Math.floor(rest / 62);
			}
			codes[16] = SUFFIX_CODES[headFlags | (flags & 0x1f)];
			codes[17] = SUFFIX_CODES[flags >>> 5];
			lastRow = row;
		}
		out.piece(id);
	};
}

const isUpper = (code: number) => code >= 65 && code <= 90;
const DIGIT_CODES = Uint8Array.from(DIGITS, (char) => char.charCodeAt(0));
const SUFFIX_CODES = Uint8Array.from(SUFFIX_CHARS, (char) => char.charCodeAt(0));

/** Fills `codes` with the character codes of the Id of `row`, after its head (key prefix, pod, zeros). */
function fillIdCodes(codes: number[] | Uint8Array, head: string, row: number): void {
	for (let i = 0; i < 9; i++) codes[i] = head.charCodeAt(i);
	let rest = row;
	for (let i = 14; i >= 15 - ROW_WIDTH; i--) {
		codes[i] = DIGITS.charCodeAt(rest % 62);
		rest = Math.floor(rest / 62);
	}
	for (let chunk = 0; chunk < 3; chunk++) {
		let flags = 0;
		for (let i = 0; i < 5; i++) if (isUpper(codes[chunk * 5 + i])) flags |= 1 << i;
		codes[15 + chunk] = SUFFIX_CHARS.charCodeAt(flags);
	}
}

/** The row an Id (15 or 18 characters) points at, or -1 when it is not an Id of this prefix and pod. */
export function rowOfId(id: string, keyPrefix: string, pod: string): number {
	if ((id.length !== 15 && id.length !== 18) || !id.startsWith(keyPrefix + pod + '0000')) return -1;
	let row = 0;
	for (let i = 9; i < 15; i++) {
		const digit = DIGITS.indexOf(id[i]);
		if (digit < 0) return -1;
		row = row * 62 + digit;
	}
	if (id.length === 18 && id.slice(15).toUpperCase() !== idSuffix(id.slice(0, 15))) return -1;
	return row;
}

/** The case-sensitive 15-character form of an Id, used to compare Ids written either way. */
export function id15(id: string): string {
	return id.slice(0, 15);
}
