/**
 * Where a SOQL problem sits in the editor's text: the parser's syntax error as the exact token range, and
 * the server's MALFORMED_QUERY / INVALID_FIELD (which point into the query actually sent, after filters
 * and LIMIT were applied) mapped back onto the same token of the text being edited (Q10, Q11).
 */
import type { AppError } from '$lib/core/errors';
import { SoqlError } from '$lib/core/soql/errors';
import { positionTokens, type PositionToken } from '$lib/core/soql/lexer';
import { parseSoql } from '$lib/core/soql/parse';

/** A problem at a range of an editor's text. */
export interface EditorDiagnostic {
	from: number;
	to: number;
	message: string;
	severity: 'error' | 'warning';
}

/** 0-based offset of a 1-based row and column. */
export function offsetOf(text: string, row: number, column: number): number {
	let offset = 0;
	for (let line = 1; line < row; line++) {
		const next = text.indexOf('\n', offset);
		if (next < 0) return text.length;
		offset = next + 1;
	}
	return Math.min(text.length, offset + Math.max(0, column - 1));
}

function tokenAt(tokens: PositionToken[], offset: number): PositionToken | undefined {
	return (
		tokens.find((token) => token.start <= offset && offset < token.end) ??
		tokens.find((token) => token.start >= offset)
	);
}

/** The range to underline at `offset`: the token there, or one character at the end of the text. */
function rangeAt(text: string, offset: number): { from: number; to: number } {
	const token = tokenAt(positionTokens(text), offset);
	if (token) return { from: token.start, to: token.end };
	const end = text.trimEnd().length;
	return { from: Math.max(0, end - 1), to: end };
}

/** The last line of Salesforce's error text (the part after the caret drawing). */
function reason(message: string): string {
	const lines = message.split('\n').filter((line) => line.trim() !== '');
	return lines[lines.length - 1] ?? message;
}

/** The query's syntax error as a diagnostic on the rejected token; empty when the query parses. */
export function soqlSyntaxDiagnostics(soql: string): EditorDiagnostic[] {
	try {
		parseSoql(soql);
		return [];
	} catch (thrown) {
		if (!(thrown instanceof SoqlError)) throw thrown;
		const offset = offsetOf(soql, thrown.row ?? 1, thrown.column ?? 1);
		return [{ ...rangeAt(soql, offset), message: reason(thrown.message), severity: 'error' }];
	}
}

/** Index among same-text tokens (case-insensitive) of the token at `offset`. */
function occurrence(tokens: PositionToken[], token: PositionToken): number {
	const text = token.text.toLowerCase();
	return tokens.filter((other) => other.start < token.start && other.text.toLowerCase() === text).length;
}

function nthToken(tokens: PositionToken[], text: string, nth: number): PositionToken | undefined {
	const matches = tokens.filter((token) => token.text.toLowerCase() === text.toLowerCase());
	return matches[Math.min(nth, matches.length - 1)];
}

/**
 * A test run's SF_MALFORMED_QUERY or SF_INVALID_FIELD placed on the editor's text: the token the server
 * pointed at in `sentSoql` is found again in `editorSoql`. Null for other errors or when it cannot be found.
 */
export function serverErrorDiagnostic(
	editorSoql: string,
	sentSoql: string,
	error: AppError
): EditorDiagnostic | null {
	if (error.code !== 'SF_MALFORMED_QUERY' && error.code !== 'SF_INVALID_FIELD') return null;
	const editorTokens = positionTokens(editorSoql);
	let target: PositionToken | undefined;
	if (error.row !== undefined && error.column !== undefined) {
		const sentTokens = positionTokens(sentSoql);
		const sent = tokenAt(sentTokens, offsetOf(sentSoql, error.row, error.column));
		if (sent) target = nthToken(editorTokens, sent.text, occurrence(sentTokens, sent));
	}
	if (!target && error.field) {
		const field = error.field.toLowerCase();
		target = editorTokens.find((token) => {
			const text = token.text.toLowerCase();
			return text === field || text.endsWith(`.${field}`);
		});
	}
	if (!target) return null;
	return { from: target.start, to: target.end, message: error.message, severity: 'error' };
}
