import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from './data/schema';
import { JsonBytes } from './json-bytes';
import { EncodedText, JsonPiece, PackedJson, writeProperty } from './json-pieces';
import { expectSameBytes, stringified } from './testing';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('JsonBytes', () => {
	const written = (write: (out: JsonBytes) => void) => {
		const out = new JsonBytes(4);
		write(out);
		return out.finish();
	};

	it('writes any string exactly as JSON.stringify, lone surrogates and controls included', () => {
		const awkward = [
			'',
			'plain',
			'quote " and backslash \\',
			'line\nbreak\r\ntab\t',
			'\u0000\u0001\u001f\u007f',
			'\u2028\u2029',
			'emoji 😀 and 👩‍👩‍👧',
			'李小龍 Ünal Zoë',
			'lone \ud800 high',
			'lone \udc00 low',
			'\udbff\udfff',
			'__proto__',
			'<img src=x onerror=alert(1)>',
			'x'.repeat(5000)
		];
		for (const text of awkward)
			expectSameBytes(
				written((out) => out.string(text)),
				stringified(text),
				text.slice(0, 40)
			);
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), (codes) => {
				const text = String.fromCharCode(...codes);
				expectSameBytes(
					written((out) => out.string(text)),
					stringified(text),
					JSON.stringify(codes)
				);
			}),
			{ numRuns: 2000 }
		);
	});

	it('writes property values as JSON.stringify does, leaving out undefined', () => {
		const values: (FieldValue | undefined)[] = [
			null,
			true,
			false,
			0,
			-0,
			42,
			-1.5,
			1e21,
			1e-7,
			Number.MAX_SAFE_INTEGER,
			NaN,
			Infinity,
			-Infinity,
			'text',
			undefined
		];
		const prefix = encoder.encode(',"Key":');
		for (const value of values) {
			const expected = JSON.stringify({ First: 1, Key: value }).slice('{"First":1'.length, -1);
			expectSameBytes(
				written((out) => writeProperty(out, prefix, value)),
				encoder.encode(expected),
				String(value)
			);
		}
	});

	it('writes integers as String() does, the same number twice in a row included', () => {
		const numbers = [0, 7, 9, 10, 99, 100, 123_456, 3_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER];
		const out = new JsonBytes(2);
		for (const number of numbers) {
			out.digits(number);
			out.byte(0x2c);
			out.digits(number);
			out.byte(0x20);
		}
		expect(decoder.decode(out.finish())).toBe(numbers.map((n) => `${n},${n} `).join(''));
		fc.assert(
			fc.property(fc.array(fc.nat(), { maxLength: 20 }), (list) => {
				const each = new JsonBytes(1);
				for (const number of list) {
					each.digits(number);
					each.byte(0x2f);
				}
				expect(decoder.decode(each.finish())).toBe(list.map((n) => `${n}/`).join(''));
			})
		);
	});

	it('writes zero-padded integers of a fixed width', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 9 }), fc.nat(), (width, number) => {
				const value = number % 10 ** width;
				const out = new JsonBytes(1);
				out.paddedDigits(value, width);
				expect(decoder.decode(out.finish())).toBe(String(value).padStart(width, '0'));
			})
		);
	});

	it('hands over a filled buffer without a copy, and the next writes leave what it handed over intact', () => {
		const out = new JsonBytes(64 * 1024);
		out.skip(3);
		out.bytes(stringified('x'.repeat(60_000)));
		const taken = out.take();
		expect(taken.buffer.byteLength).toBe(64 * 1024);
		expect(taken.length).toBe(3 + 60_002);
		out.bytes(stringified('y'.repeat(70_000)));
		const next = out.take();
		expect(decoder.decode(taken.subarray(3))).toBe(JSON.stringify('x'.repeat(60_000)));
		expect(decoder.decode(next)).toBe(JSON.stringify('y'.repeat(70_000)));
	});

	it('copies what it hands over when most of the buffer is free, so a small page keeps no big buffer', () => {
		const out = new JsonBytes(64 * 1024);
		out.string('small');
		const taken = out.take();
		expect(taken.buffer.byteLength).toBe(taken.length);
		expect(decoder.decode(taken)).toBe('"small"');
	});

	it('copies packed pieces and constant pieces of any length exactly, next to what is already written', () => {
		fc.assert(
			fc.property(
				fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 12 }),
				fc.string({ maxLength: 9 }),
				(texts, lead) => {
					const pieces = texts.map((text) => stringified(text));
					const packed = new PackedJson(pieces);
					const out = new JsonBytes(1);
					out.string(lead);
					const expected = [stringified(lead)];
					for (let index = pieces.length - 1; index >= 0; index--) {
						packed.write(index, out);
						out.piece(new JsonPiece(pieces[index]));
						expected.push(pieces[index], pieces[index]);
					}
					expectSameBytes(out.finish(), Buffer.concat(expected), JSON.stringify(texts));
				}
			),
			{ numRuns: 500 }
		);
	});

	it('keeps a text with its JSON, opened and closed for writing it in pieces', () => {
		for (const text of ['plain', 'Zoë "Z" \\', '🚀 Max', '太郎', '']) {
			const encoded = new EncodedText(text);
			expectSameBytes(encoded.json.bytes, stringified(text), text);
			const joined = new JsonBytes(1);
			joined.piece(encoded.opened);
			joined.piece(new EncodedText(`${text}!`).closed);
			expectSameBytes(joined.finish(), stringified(`${text}${text}!`), text);
		}
	});
});
