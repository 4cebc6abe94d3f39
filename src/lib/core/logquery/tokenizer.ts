/** Splits a Runs filter line into tokens with their offsets, or reports the first character it cannot read. */
import { skipWhitespace } from '../text-scan';
import type { LogQueryError } from './types';

export type TokenKind = 'word' | 'string' | 'number' | 'duration' | 'date' | 'operator' | 'punctuation';

/** One token: its kind, its exact text and where it sits. */
export interface Token {
	kind: TokenKind;
	/** The source text, except for strings, where it is the unquoted, unescaped value. */
	text: string;
	start: number;
	end: number;
}

const DATE = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w.:-])/y;
const DURATION = /\d+(?:\.\d+)?(?:ms|min|s|m|h|d|w)(?![\w.])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![\w.])/y;
const WORD = /[A-Za-z_*][\w.*-]*/y;
const OPERATOR = /==|!=|<=|>=|<|>|=/y;
const PUNCTUATION = /[|()[\],]/y;

const PATTERNS: [TokenKind, RegExp][] = [
	['date', DATE],
	['duration', DURATION],
	['number', NUMBER],
	['word', WORD],
	['operator', OPERATOR],
	['punctuation', PUNCTUATION]
];

/** Tokenizes a filter line. */
export function tokenize(text: string): { ok: true; tokens: Token[] } | { ok: false; error: LogQueryError } {
	const tokens: Token[] = [];
	let position = 0;
	for (
		position = skipWhitespace(text, 0);
		position < text.length;
		position = skipWhitespace(text, position)
	) {
		const char = text[position];
		if (char === '"' || char === "'") {
			const string = readString(text, position);
			if (!string.ok) return string;
			tokens.push(string.token);
			position = string.token.end;
			continue;
		}
		const token = matchToken(text, position);
		if (!token) {
			const unexpected = String.fromCodePoint(text.codePointAt(position) ?? 0);
			return {
				ok: false,
				error: {
					message: `Unexpected character "${unexpected}": expected a field, a value, an operator or |.`,
					position,
					length: unexpected.length
				}
			};
		}
		tokens.push(token);
		position = token.end;
	}
	return { ok: true, tokens };
}

function matchToken(text: string, position: number): Token | null {
	for (const [kind, pattern] of PATTERNS) {
		pattern.lastIndex = position;
		const match = pattern.exec(text);
		if (match) return { kind, text: match[0], start: position, end: position + match[0].length };
	}
	return null;
}

function readString(
	text: string,
	start: number
): { ok: true; token: Token } | { ok: false; error: LogQueryError } {
	const quote = text[start];
	let value = '';
	for (let position = start + 1; position < text.length; position++) {
		const char = text[position];
		if (char === quote) return { ok: true, token: { kind: 'string', text: value, start, end: position + 1 } };
		if (char === '\\' && position + 1 < text.length) {
			position++;
			value += text[position];
		} else {
			value += char;
		}
	}
	return {
		ok: false,
		error: {
			message: `Unterminated text: expected a closing ${quote}.`,
			position: start,
			length: text.length - start
		}
	};
}
