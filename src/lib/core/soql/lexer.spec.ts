import { describe, expect, it } from 'vitest';
import { findKeyword, findWordOffset, positionTokens } from './lexer';

describe('positionTokens', () => {
	it('gives each token its kind, offsets and parenthesis depth', () => {
		const soql = "SELECT Id FROM User WHERE Name IN ('a b', 'c') AND CreatedDate = LAST_N_DAYS:30";
		const tokens = positionTokens(soql);
		for (const token of tokens) expect(soql.slice(token.start, token.end)).toBe(token.text);
		expect(tokens.find((token) => token.text === "'a b'")).toMatchObject({ kind: 'string', depth: 1 });
		expect(tokens.find((token) => token.text === ')')?.depth).toBe(0);
		expect(tokens.at(-1)).toMatchObject({ text: 'LAST_N_DAYS:30', kind: 'word', depth: 0 });
	});

	it('finds keywords outside parentheses only, and words in a token range', () => {
		const tokens = positionTokens('SELECT (SELECT Id FROM Owner) FROM User');
		expect(tokens[findKeyword(tokens, 'from')].start).toBe(30);
		expect(findWordOffset(tokens, 'id', 0, 3)).toBe(-1);
		expect(findWordOffset(tokens, 'id', 0)).toBe(15);
	});
});
