/** Parses SOQL with @jetstreamapp/soql-parser-js and turns its errors into Salesforce's MALFORMED_QUERY. */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { errorAt } from './errors';
import { positionTokens, type PositionToken } from './lexer';

/** A parsed query and the positions of its tokens. */
export interface ParsedSoql {
	query: Query;
	tokens: PositionToken[];
}

/** Parses a query or throws a SoqlError pointing at the first token Salesforce would reject. */
export function parseSoql(soql: string): ParsedSoql {
	const tokens = positionTokens(soql);
	if (tokens.length === 0)
		throw errorAt(soql, 0, 'MALFORMED_QUERY', 'SOQL statements cannot be empty or null');
	try {
		return { query: parseQuery(soql), tokens };
	} catch (error) {
		throw syntaxError(soql, tokens, error);
	}
}

function syntaxError(soql: string, tokens: PositionToken[], error: unknown) {
	const message = error instanceof Error ? error.message : String(error);
	const lexing = /at offset: (\d+)/.exec(message);
	if (lexing) {
		const offset = Number(lexing[1]);
		const char = soql[offset];
		if (char === "'")
			return errorAt(
				soql,
				offset,
				'MALFORMED_QUERY',
				`line ${lineColumn(soql, offset)} mismatched character '<EOF>' expecting '''`
			);
		return errorAt(
			soql,
			offset,
			'MALFORMED_QUERY',
			`line ${lineColumn(soql, offset)} no viable alternative at character '${char}'`
		);
	}
	const index = firstRejectedToken(soql, tokens);
	if (index < 0) return errorAt(soql, soql.trimEnd().length, 'MALFORMED_QUERY', "unexpected token: '<EOF>'");
	return errorAt(soql, tokens[index].start, 'MALFORMED_QUERY', `unexpected token: '${tokens[index].text}'`);
}

/** "R:C" with a 0-based column, as ANTLR's lexer messages print it. */
function lineColumn(soql: string, offset: number): string {
	const before = soql.slice(0, offset);
	return `${before.split('\n').length}:${offset - before.lastIndexOf('\n') - 1}`;
}

/** Whether the query cut after token `index` fails on a real token rather than on the end of input. */
function failsBeforeEnd(soql: string, tokens: PositionToken[], index: number): boolean {
	try {
		parseQuery(soql.slice(0, tokens[index].end));
		return false;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		if (/at offset: \d+/.test(message)) return true;
		return !/but found(?::| -->) ''/.test(message);
	}
}

/** The first token the parser cannot accept (binary search over prefixes), or -1 when only the end is wrong. */
function firstRejectedToken(soql: string, tokens: PositionToken[]): number {
	let low = 0;
	let high = tokens.length - 1;
	if (!failsBeforeEnd(soql, tokens, high)) return -1;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (failsBeforeEnd(soql, tokens, middle)) high = middle;
		else low = middle + 1;
	}
	return low;
}
