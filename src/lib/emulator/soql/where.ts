/** WHERE clauses compiled into a predicate over rows; each condition computes only the fields it reads. */
import type { WhereClause } from '@jetstreamapp/soql-parser-js';
import type { Org } from '../data';
import type { FieldDef, SObjectTable } from '../data/schema';
import { errorAt, type SoqlErrorCode } from '../../core/soql/errors';
import type { PositionToken } from '../../core/soql/lexer';
import { resolvePath } from './paths';
import { keyReader, kindOf, matcher, toLiteral } from './where-values';

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
