/**
 * Positions only: a small tokenizer that tells where each word, literal and symbol of a query starts, so
 * errors can point at the real row and column. The grammar itself is @jetstreamapp/soql-parser-js's.
 */
import { skipWhitespace } from '../text-scan';

/** A token of the query and its [start, end) offsets. */
export interface PositionToken {
	text: string;
	start: number;
	end: number;
	kind: 'word' | 'string' | 'number' | 'symbol';
	/** Parenthesis depth the token sits at (0 outside any parentheses). */
	depth: number;
}

const PATTERNS: [PositionToken['kind'], RegExp][] = [
	['string', /'(?:\\[\s\S]|[^'\\])*'?/y],
	['number', /[-+]?\d[\w:.+-]*/y],
	['word', /[A-Za-z_][\w]*(?::\d+)?(?:\.[A-Za-z_]\w*)*/y],
	['symbol', /!=|<=|>=|<>|[=<>(),]/y]
];

/** Splits a query into positioned tokens (unknown characters become one-character symbols). */
export function positionTokens(soql: string): PositionToken[] {
	const tokens: PositionToken[] = [];
	let offset: number;
	let depth = 0;
	for (offset = skipWhitespace(soql, 0); offset < soql.length; offset = skipWhitespace(soql, offset)) {
		const char = soql[offset];
		let matched: PositionToken | null = null;
		for (const [kind, pattern] of PATTERNS) {
			pattern.lastIndex = offset;
			const match = pattern.exec(soql);
			if (match) {
				matched = { text: match[0], start: offset, end: offset + match[0].length, kind, depth };
				break;
			}
		}
		matched ??= { text: char, start: offset, end: offset + 1, kind: 'symbol', depth };
		if (matched.text === ')') depth = Math.max(0, depth - 1);
		matched.depth = depth;
		if (matched.text === '(') depth++;
		tokens.push(matched);
		offset = matched.end;
	}
	return tokens;
}

/** Index of the first word token equal (case-insensitive) to `word` at depth 0, from `from` on; -1 if none. */
export function findKeyword(tokens: PositionToken[], word: string, from = 0): number {
	const wanted = word.toUpperCase();
	for (let i = from; i < tokens.length; i++)
		if (tokens[i].kind === 'word' && tokens[i].depth === 0 && tokens[i].text.toUpperCase() === wanted)
			return i;
	return -1;
}

/** Offset of the first word token equal (case-insensitive) to `text` between token indexes [from, to). */
export function findWordOffset(
	tokens: PositionToken[],
	text: string,
	from: number,
	to = tokens.length
): number {
	const wanted = text.toUpperCase();
	for (let i = Math.max(0, from); i < Math.min(to, tokens.length); i++)
		if (tokens[i].text.toUpperCase() === wanted) return tokens[i].start;
	return -1;
}
