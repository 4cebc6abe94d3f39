/**
 * Helpers on the parsed SOQL tree shared by the query rewriters: syntax errors, literals and
 * conditions, where-chain joining and parenthesising, and which fields a query selects.
 */
import type { Condition, FieldType, Operator, Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import { appError, type AppError } from '../errors';

/** Turns a parser exception into SF_MALFORMED_QUERY (with row/column when the lexer gives them). */
export function soqlSyntaxError(thrown: unknown): AppError {
	const reason = thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown);
	const location = /\((\d+):(\d+)\)/.exec(reason);
	return appError('SF_MALFORMED_QUERY', `The query could not be read: ${reason}`, {
		...(location ? { row: Number(location[1]), column: Number(location[2]) } : {})
	});
}

/** A SOQL string literal, with backslashes and quotes escaped. */
export function soqlString(text: string): string {
	return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One comparison `field operator value` for a where tree. */
export function condition(
	field: string,
	operator: Operator,
	value: string,
	literalType: 'BOOLEAN' | 'STRING'
) {
	return { field, operator, value, literalType } as Condition;
}

/** The last link of a where chain. */
export function lastLink(where: WhereClause): WhereClause {
	let link = where;
	while ('right' in link && link.right) link = link.right;
	return link;
}

/** Wraps a where tree in one pair of parentheses (in place). */
export function parenthesise(where: WhereClause): WhereClause {
	if ('operator' in where && where.operator === 'NOT') {
		const left = where.left as { openParen?: number } | null;
		(where as { left: unknown }).left = { openParen: (left?.openParen ?? 0) + 1 };
	} else {
		const left = where.left as { openParen?: number };
		left.openParen = (left.openParen ?? 0) + 1;
	}
	const last = lastLink(where).left as { closeParen?: number };
	last.closeParen = (last.closeParen ?? 0) + 1;
	return where;
}

/** Joins conditions as a chain `a OP b OP c`. */
export function chain(parts: WhereClause[], operator: 'AND' | 'OR'): WhereClause {
	const [first, ...rest] = parts;
	let tail = lastLink(first);
	for (const part of rest) {
		Object.assign(tail, { operator, right: part });
		tail = lastLink(part);
	}
	return first;
}

/** ANDs extra conditions in front of the query's own WHERE, which is kept whole in parentheses. */
export function andWhere(query: Query, extra: WhereClause[]): void {
	if (extra.length === 0) return;
	const parts = [...extra];
	if (query.where) parts.push(parenthesise(query.where));
	query.where = chain(parts, 'AND');
}

/** True when the query selects the named field directly. */
export function selectsField(fields: FieldType[] | undefined, name: string): boolean {
	return (fields ?? []).some(
		(field) => field.type === 'Field' && field.field.toLowerCase() === name.toLowerCase()
	);
}

/** True when the query selects FIELDS(…), which covers every field. */
export function selectsFieldsFunction(fields: FieldType[] | undefined): boolean {
	return (fields ?? []).some(
		(field) => field.type === 'FieldFunctionExpression' && field.functionName.toUpperCase() === 'FIELDS'
	);
}
