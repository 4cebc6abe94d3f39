import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextOf } from './json-text';

const encode = (text: string) => new TextEncoder().encode(text);

/** What JSON.parse makes of a text: its value, or that it throws. */
function parsed(text: string): { value: unknown } | 'throws' {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return 'throws';
	}
}

/** Bytes at an offset inside a bigger buffer, so that the four-byte scan starts unaligned. */
function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
	const buffer = new Uint8Array(bytes.length + offset);
	buffer.set(bytes, offset);
	return buffer.subarray(offset);
}

describe('jsonTextOf', () => {
	it('parses to the same value as the UTF-8 text, for any JSON with any characters', () => {
		const text = fc.string({ unit: 'binary' });
		fc.assert(
			fc.property(fc.jsonValue({ stringUnit: 'binary' }), text, fc.nat(3), (value, key, offset) => {
				const bytes = atOffset(encode(JSON.stringify({ [key]: value, after: 'Zoë Łukasz 😀' })), offset);
				expect(parsed(jsonTextOf(bytes))).toEqual(parsed(new TextDecoder().decode(bytes)));
			})
		);
	});

	it('writes each non-ASCII character as its escape and leaves ASCII pages as they are', () => {
		expect(jsonTextOf(encode('{"n":"Zoë 😀 民"}'))).toBe('{"n":"Zo\\u00eb \\ud83d\\ude00 \\u6c11"}');
		expect(jsonTextOf(encode('{"n":"plain"}'))).toBe('{"n":"plain"}');
	});

	it('gives each page its own text when a shorter page follows a longer one in the reused buffer', () => {
		const long = `{"n":"${'Zoë '.repeat(500)}"}`;
		const short = '{"n":"Łukasz"}';
		expect(JSON.parse(jsonTextOf(encode(long)))).toEqual(JSON.parse(long));
		expect(jsonTextOf(encode(short))).toBe('{"n":"\\u0141ukasz"}');
		expect(JSON.parse(jsonTextOf(encode(long)))).toEqual(JSON.parse(long));
	});

	it('decodes as it is what escaping would change: bad UTF-8, a byte order mark, a backslash before', () => {
		const cases = [
			new Uint8Array([0x22, 0xc3, 0x22]),
			new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]),
			new Uint8Array([0x22, 0xe0, 0x80, 0x80, 0x22]),
			new Uint8Array([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]),
			new Uint8Array([0x22, 0x80, 0x22]),
			new Uint8Array([0xef, 0xbb, 0xbf, ...encode('{"a":"é"}')]),
			encode('{"a":"\\é"}'),
			encode('{"a":"\\\\é"}')
		];
		for (const bytes of cases)
			expect(parsed(jsonTextOf(bytes))).toEqual(parsed(new TextDecoder().decode(bytes)));
		expect(jsonTextOf(encode('{"a":"\\é"}'))).toBe('{"a":"\\é"}');
	});

	it('agrees with the UTF-8 text on any bytes inside a string, and on any bytes at all', () => {
		// Inside a string: no quote, no control byte, so that most cases parse and compare values.
		const inString = (raw: Uint8Array) =>
			new Uint8Array([
				...encode('{"a":"'),
				...raw.map((byte) => (byte === 0x22 || byte < 0x20 ? 0x20 : byte)),
				...encode('"}')
			]);
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 40 }), fc.boolean(), fc.nat(3), (raw, wrap, offset) => {
				const bytes = atOffset(wrap ? inString(raw) : raw, offset);
				expect(parsed(jsonTextOf(bytes))).toEqual(parsed(new TextDecoder().decode(bytes)));
			}),
			{ numRuns: 2000 }
		);
	});
});
