/** WHERE clauses compiled into a predicate over rows; each condition computes only the fields it reads. */
import type { WhereClause } from '@jetstreamapp/soql-parser-js';
import type { Org } from '../data';
import type { FieldDef, SObjectTable } from '../data/schema';
import { dateLiteralRange } from './dates';
import { errorAt, type SoqlErrorCode } from '../../core/soql/errors';
import { idSuffix } from '../data/ids';
import type { PositionToken } from '../../core/soql/lexer';
import { resolvePath, type ResolvedPath } from './paths';

/** A compiled condition: true when a row matches. */
export type RowPredicate = (row: number) => boolean;

/** The parser's condition and clause shapes, read loosely (its union types hide the shared members). */
interface Condition {
	field?: string;
	fn?: { functionName?: string };
	operator: string;
	value?: string | string[];
	literalType?: string | string[];
	openParen?: number;
	closeParen?: number;
}
interface WhereNode {
	left?: Condition | null;
	operator?: 'AND' | 'OR' | 'NOT';
	right?: WhereNode;
}

type Key = string | number | null;
type Literal = { point: Key } | { range: [number, number] } | { pattern: RegExp };
type Item =
	| { kind: '(' | ')' }
	| { kind: 'op'; op: 'AND' | 'OR' | 'NOT'; offset: number }
	| { kind: 'cond'; condition: Condition; offset: number };

/** Everything a WHERE clause is compiled against. */
export interface WhereContext {
	org: Org;
	soql: string;
	table: SObjectTable;
	/** Tokens of the WHERE clause, without the WHERE keyword. */
	tokens: PositionToken[];
}

/** Compiles a WHERE clause, or throws the SoqlError Salesforce would give for it. */
export function compileWhere(where: WhereClause, context: WhereContext): RowPredicate {
	const items = flatten(where as unknown as WhereNode, context);
	let position = 0;
	const fail = (offset: number, text: string, code: SoqlErrorCode = 'MALFORMED_QUERY') => {
		throw errorAt(context.soql, offset, code, text);
	};
	const offsetOf = (item: Item | undefined) =>
		item && (item.kind === 'op' || item.kind === 'cond') ? item.offset : context.soql.length;

	const expression = (): RowPredicate => {
		const operands = [unary()];
		let joiner: 'AND' | 'OR' | null = null;
		for (let item = items[position]; item?.kind === 'op' && item.op !== 'NOT'; item = items[position]) {
			if (joiner !== null && item.op !== joiner) fail(item.offset, `unexpected token: '${item.op}'`);
			joiner = item.op;
			position++;
			operands.push(unary());
		}
		if (operands.length === 1) return operands[0];
		if (joiner === 'AND') return (row) => operands.every((operand) => operand(row));
		return (row) => operands.some((operand) => operand(row));
	};
	const unary = (): RowPredicate => {
		const item = items[position++];
		if (item?.kind === 'op' && item.op === 'NOT') {
			const inner = unary();
			return (row) => !inner(row);
		}
		if (item?.kind === '(') {
			const inner = expression();
			if (items[position]?.kind !== ')')
				fail(offsetOf(items[position]), `unexpected token: '${tokenText(items[position])}'`);
			position++;
			return inner;
		}
		if (item?.kind === 'cond') return compileCondition(item.condition, item.offset, context);
		return fail(offsetOf(item), `unexpected token: '${tokenText(item)}'`);
	};
	const predicate = expression();
	if (position < items.length)
		fail(offsetOf(items[position]), `unexpected token: '${tokenText(items[position])}'`);
	return predicate;
}

function tokenText(item: Item | undefined): string {
	if (!item) return '<EOF>';
	if (item.kind === 'op') return item.op;
	if (item.kind === 'cond') return item.condition.field ?? '';
	return item.kind;
}

/** The parser returns a right-leaning chain with parenthesis counts; this rebuilds the token order. */
function flatten(where: WhereNode, context: WhereContext): Item[] {
	const logical: number[] = [];
	const words = context.tokens;
	for (let i = 0; i < words.length; i++) {
		const text = words[i].kind === 'word' ? words[i].text.toUpperCase() : '';
		if (text === 'AND' || text === 'OR') logical.push(words[i].start);
		if (text === 'NOT' && words[i + 1]?.text.toUpperCase() !== 'IN') logical.push(words[i].start);
	}
	let fieldCursor = 0;
	const fieldOffset = (field: string) => {
		for (let i = fieldCursor; i < words.length; i++)
			if (words[i].kind === 'word' && words[i].text.toUpperCase() === field.toUpperCase()) {
				fieldCursor = i + 1;
				return words[i].start;
			}
		return words[0]?.start ?? 0;
	};
	const items: Item[] = [];
	let opIndex = 0;
	for (let node: WhereNode | undefined = where; node; node = node.right) {
		const left = node.left;
		if (left) {
			for (let i = 0; i < (left.openParen ?? 0); i++) items.push({ kind: '(' });
			if (left.field !== undefined || left.fn !== undefined)
				items.push({
					kind: 'cond',
					condition: left,
					offset: fieldOffset(left.field ?? left.fn?.functionName ?? '')
				});
			for (let i = 0; i < (left.closeParen ?? 0); i++) items.push({ kind: ')' });
		}
		if (node.operator) items.push({ kind: 'op', op: node.operator, offset: logical[opIndex++] ?? 0 });
	}
	return items;
}

type Kind = 'text' | 'id' | 'boolean' | 'time' | 'date' | 'number';

function kindOf(field: FieldDef): Kind {
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

function compileCondition(condition: Condition, offset: number, context: WhereContext): RowPredicate {
	const { soql } = context;
	if (condition.fn || condition.field === undefined)
		throw errorAt(
			soql,
			offset,
			'MALFORMED_QUERY',
			'Functions in WHERE are not supported by the emulated org'
		);
	const operator = condition.operator.toUpperCase();
	if (operator === 'INCLUDES' || operator === 'EXCLUDES')
		throw errorAt(
			soql,
			offset,
			'INVALID_QUERY_FILTER_OPERATOR',
			`${operator} operator is only valid on multi-select picklist fields`
		);
	const literalTypes = [condition.literalType ?? 'STRING'].flat();
	if (literalTypes.some((type) => type === 'SUBQUERY' || type === 'APEX_BIND_VARIABLE'))
		throw errorAt(
			soql,
			offset,
			'MALFORMED_QUERY',
			'Semi-join subqueries and bind variables are not supported by the emulated org'
		);
	const path = resolvePath(context.org, context.table, condition.field, soql, offset);
	if (!path.field.filterable)
		throw errorAt(
			soql,
			offset,
			'INVALID_FIELD',
			`field '${path.field.name}' can not be filtered in query call`
		);
	const kind = kindOf(path.field);
	const rawValues = [condition.value ?? ''].flat();
	const many = operator === 'IN' || operator === 'NOT IN';
	if (many !== Array.isArray(condition.value))
		throw errorAt(soql, offset, 'MALFORMED_QUERY', `unexpected token: '${rawValues[0]}'`);
	const literals = rawValues.map((raw, i) =>
		toLiteral(raw, literalTypes[i] ?? literalTypes[0], operator, kind, path, context, offset)
	);
	const key = keyReader(path, kind);
	if (operator === 'LIKE') {
		if (kind !== 'text')
			throw errorAt(
				soql,
				offset,
				'INVALID_QUERY_FILTER_OPERATOR',
				`invalid operator on ${fieldTypeName(path.field)} field`
			);
		const literal = literals[0];
		if (!('pattern' in literal)) return () => false;
		const pattern = literal.pattern;
		const read = path.get;
		return (row) => {
			const value = read(row);
			return typeof value === 'string' && pattern.test(value);
		};
	}
	if (kind === 'boolean' && !['=', '!=', '<>', 'IN', 'NOT IN'].includes(operator))
		throw errorAt(soql, offset, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on boolean field`);
	if (many) {
		const equals = literals.map((literal) => matcher('=', literal));
		const any = (row: number) => {
			const value = key(row);
			return equals.some((test) => test(value));
		};
		return operator === 'IN' ? any : (row) => !any(row);
	}
	const test = matcher(operator, literals[0]);
	return (row) => test(key(row));
}

function fieldTypeName(field: FieldDef): string {
	return field.type === 'datetime' ? 'dateTime' : field.type;
}

function keyReader(path: ResolvedPath, kind: Kind): (row: number) => Key {
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

function matcher(operator: string, literal: Literal): (key: Key) => boolean {
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

function toLiteral(
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
