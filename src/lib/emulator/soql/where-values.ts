/**
 * The values of WHERE conditions: how each field kind is compared, the row keys read for it, the
 * literals parsed from the query (strings, ids, numbers, dates, date literals, LIKE patterns) and the
 * matchers that compare the two.
 */
import type { FieldDef } from '../data/schema';
import { idSuffix } from '../data/ids';
import { errorAt } from '../../core/soql/errors';
import { dateLiteralRange } from './dates';
import type { ResolvedPath } from './paths';
import type { WhereContext } from './where';

/** A row's value as compared: lower-cased text, a 15-character id, a number or time, or null. */
export type Key = string | number | null;
/** A literal of a condition: one key, a range of times [start, end), or a LIKE pattern. */
export type Literal = { point: Key } | { range: [number, number] } | { pattern: RegExp };
/** How a field's values compare: the shape of its row keys and literals. */
export type Kind = 'text' | 'id' | 'boolean' | 'time' | 'date' | 'number';

/** The way values of `field` are compared. */
export function kindOf(field: FieldDef): Kind {
	switch (field.type) {
		case 'id':
		case 'reference':
			return 'id';
		case 'boolean':
			return 'boolean';
		case 'datetime':
			return 'time';
		case 'date':
			return 'date';
		case 'int':
		case 'double':
			return 'number';
		default:
			return 'text';
	}
}

/** Reads the key of a row's value at `path`, as literals of `kind` are compared with it. */
export function keyReader(path: ResolvedPath, kind: Kind): (row: number) => Key {
	const read = path.get;
	if (kind === 'time' || kind === 'date') {
		const time = path.field.time as (row: number) => number | null;
		const rowOf = path.rowOf;
		return (row) => {
			const parent = rowOf(row);
			return parent < 0 ? null : time(parent);
		};
	}
	if (kind === 'text')
		return (row) => {
			const value = read(row);
			return value === null ? null : String(value).toLowerCase();
		};
	if (kind === 'id')
		return (row) => {
			const value = read(row);
			return value === null ? null : String(value).slice(0, 15);
		};
	if (kind === 'boolean') return (row) => (read(row) === true ? 1 : 0);
	return (row) => read(row) as number | null;
}

/** The test of a row key against `literal` for a comparison operator. */
export function matcher(operator: string, literal: Literal): (key: Key) => boolean {
	if ('range' in literal) {
		const [start, end] = literal.range;
		const within = (key: Key) => key !== null && (key as number) >= start && (key as number) < end;
		switch (operator) {
			case '=':
				return within;
			case '!=':
			case '<>':
				return (key) => !within(key);
			case '<':
				return (key) => key !== null && (key as number) < start;
			case '<=':
				return (key) => key !== null && (key as number) < end;
			case '>':
				return (key) => key !== null && (key as number) >= end;
			default:
				return (key) => key !== null && (key as number) >= start;
		}
	}
	const value = 'point' in literal ? literal.point : null;
	switch (operator) {
		case '=':
			return (key) => key === value;
		case '!=':
		case '<>':
			return (key) => key !== value;
		case '<':
			return (key) => key !== null && value !== null && key < value;
		case '<=':
			return (key) => key !== null && value !== null && key <= value;
		case '>':
			return (key) => key !== null && value !== null && key > value;
		default:
			return (key) => key !== null && value !== null && key >= value;
	}
}

/** Unescapes a quoted SOQL string; in LIKE patterns \% and \_ stay escaped for the wildcard pass. */
function unquote(raw: string, keepWildcardEscapes: boolean): string {
	return raw.slice(1, -1).replace(/\\([\s\S])/g, (all, char: string) => {
		if (char === 'n') return '\n';
		if (char === 'r') return '\r';
		if (char === 't') return '\t';
		if (char === 'b') return '\b';
		if (char === 'f') return '\f';
		if (char === '%' || char === '_') return keepWildcardEscapes ? all : char;
		return char;
	});
}

function likePattern(pattern: string): RegExp {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) source += pattern[++i];
		else if (char === '%') source += '[\\s\\S]*';
		else if (char === '_') source += '[\\s\\S]';
		else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp(`^${source}$`, 'iu');
}

function parseDateTime(raw: string): number {
	const iso = raw.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2');
	return Date.parse(iso);
}

/** Parses a condition's literal for a field of `kind`, or throws the SoqlError Salesforce gives for it. */
export function toLiteral(
	raw: string,
	literalType: string,
	operator: string,
	kind: Kind,
	path: ResolvedPath,
	context: WhereContext,
	offset: number
): Literal {
	const { soql } = context;
	const name = path.field.name;
	const typeError = (expected: string, quoted: boolean): never => {
		throw errorAt(
			soql,
			offset,
			'INVALID_QUERY_FILTER_OPERATOR',
			`value of filter criterion for field '${name}' must be of type ${expected} and ${quoted ? 'should be' : 'should not be'} enclosed in quotes`
		);
	};
	if (literalType === 'NULL') return { point: null };
	if (operator === 'LIKE') {
		if (literalType !== 'STRING') typeError('string', true);
		return { pattern: likePattern(unquote(raw, true)) };
	}
	switch (kind) {
		case 'text':
			if (literalType !== 'STRING') typeError('string', true);
			return { point: unquote(raw, false).toLowerCase() };
		case 'id': {
			if (literalType !== 'STRING') typeError('id', true);
			const id = unquote(raw, false);
			const valid =
				/^[a-zA-Z0-9]{15}$/.test(id) ||
				(/^[a-zA-Z0-9]{18}$/.test(id) && idSuffix(id.slice(0, 15)) === id.slice(15).toUpperCase());
			if (!valid) throw errorAt(soql, offset, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${id}`);
			return { point: id.slice(0, 15) };
		}
		case 'boolean':
			if (literalType !== 'BOOLEAN') typeError('boolean', false);
			return { point: raw.toUpperCase() === 'TRUE' ? 1 : 0 };
		case 'number': {
			if (literalType !== 'INTEGER' && literalType !== 'DECIMAL')
				typeError(path.field.type === 'int' ? 'integer' : 'double', false);
			return { point: Number(raw) };
		}
		default: {
			const expected = kind === 'time' ? 'dateTime' : 'date';
			if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
				const range = dateLiteralRange(raw, context.org.now());
				if (!range) throw errorAt(soql, offset, 'MALFORMED_QUERY', `unexpected token: '${raw}'`);
				return { range };
			}
			if (kind === 'time' && literalType === 'DATETIME') return { point: parseDateTime(raw) };
			if (kind === 'date' && literalType === 'DATE') return { point: Date.parse(`${raw}T00:00:00Z`) };
			return typeError(expected, false);
		}
	}
}
