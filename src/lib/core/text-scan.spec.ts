import { describe, expect, it } from 'vitest';
import { skipWhitespace } from './text-scan';

describe('skipWhitespace', () => {
	it('moves past spaces, tabs and line breaks to the next character, or to the end', () => {
		expect(skipWhitespace('a \t\r\n b', 1)).toBe(6);
		expect(skipWhitespace('ab', 1)).toBe(1);
		expect(skipWhitespace('a   ', 1)).toBe(4);
		expect(skipWhitespace('', 0)).toBe(0);
	});
});
