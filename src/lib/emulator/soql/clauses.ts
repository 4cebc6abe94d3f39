/**
 * The clauses of a SOQL query located in its tokens, the checks that refuse what the emulated org does
 * not support (GROUP BY, subqueries, aliases, OFFSET beyond 2000…) and the SELECT list resolved to paths.
 */
import type { FieldFunctionExpression, FieldType as ParsedField, Query } from '@jetstreamapp/soql-parser-js';
import type { Org } from '../data';
import type { SObjectTable } from '../data/schema';
import { errorAt } from '../../core/soql/errors';
import { findKeyword, findWordOffset, type PositionToken } from '../../core/soql/lexer';
import { resolvePath, type ResolvedPath } from './paths';

/** Largest OFFSET Salesforce accepts. */
export const MAX_OFFSET = 2000;

/** Token indexes of a query's clauses (-1 when absent). */
export interface Clauses {
	from: number;
	where: number;
	/** Index of the first token after the WHERE clause. */
	afterWhere: number;
	order: number;
	limit: number;
	offset: number;
}

/** Everything a query is planned against. */
export interface PlanContext {
	org: Org;
	soql: string;
	table: SObjectTable;
	tokens: PositionToken[];
	clauses: Clauses;
}

/** Finds where the clauses of a query start in its tokens. */
export function locateClauses(tokens: PositionToken[]): Clauses {
	const from = findKeyword(tokens, 'FROM');
	const where = findKeyword(tokens, 'WHERE', from);
	const order = findKeyword(tokens, 'ORDER', from);
	const limit = findKeyword(tokens, 'LIMIT', from);
	const offset = findKeyword(tokens, 'OFFSET', from);
	const after = [
		order,
		limit,
		offset,
		findKeyword(tokens, 'GROUP', from),
		findKeyword(tokens, 'WITH', from)
	].filter((index) => index > where);
	return { from, where, afterWhere: after.length ? Math.min(...after) : tokens.length, order, limit, offset };
}

/** Whether a selected field is a function call (COUNT, FIELDS and the like). */
export function isFunction(field: ParsedField): field is FieldFunctionExpression {
	return field.type === 'FieldFunctionExpression';
}

/** Throws the error Salesforce gives, or the emulated org’s own, for clauses and fields it does not support. */
export function rejectUnsupported(
	query: Query,
	soql: string,
	tokens: PositionToken[],
	clauses: Clauses
): void {
	const unsupported = (keyword: string, what: string) => {
		const index = findKeyword(tokens, keyword);
		throw errorAt(
			soql,
			index < 0 ? 0 : tokens[index].start,
			'MALFORMED_QUERY',
			`${what} is not supported by the emulated org`
		);
	};
	if (query.groupBy) unsupported('GROUP', 'GROUP BY');
	if (query.having) unsupported('HAVING', 'HAVING');
	if (query.withDataCategory) unsupported('WITH', 'WITH DATA CATEGORY');
	if (query.withSecurityEnforced || query.withAccessLevel) unsupported('WITH', 'WITH');
	if (query.for) unsupported('FOR', 'FOR VIEW/REFERENCE/UPDATE');
	if (query.usingScope) unsupported('USING', 'USING SCOPE');
	if (query.sObjectAlias) unsupported(query.sObjectAlias, 'An object alias');
	for (const field of query.fields ?? []) {
		const offset = (text: string) => Math.max(0, findWordOffset(tokens, text, 1, clauses.from));
		if (field.type === 'FieldSubquery') {
			const open = tokens.findIndex(
				(token, i) => token.text === '(' && tokens[i + 1]?.text.toUpperCase() === 'SELECT'
			);
			throw errorAt(
				soql,
				open < 0 ? 0 : tokens[open].start,
				'MALFORMED_QUERY',
				'Subqueries are not supported by the emulated org'
			);
		}
		if (field.type === 'FieldTypeof')
			throw errorAt(soql, offset('TYPEOF'), 'MALFORMED_QUERY', 'TYPEOF is not supported by the emulated org');
		if (isFunction(field)) {
			const name = field.functionName.toUpperCase();
			if (name !== 'COUNT' && name !== 'FIELDS')
				throw errorAt(
					soql,
					offset(field.functionName),
					'MALFORMED_QUERY',
					`${field.functionName}() is not supported by the emulated org`
				);
		}
		const alias = (field as { alias?: string }).alias;
		if ((field.type === 'Field' || field.type === 'FieldRelationship') && alias)
			throw errorAt(soql, offset(alias), 'MALFORMED_QUERY', 'Only aggregate expressions use field aliasing');
	}
}

/** The OFFSET of a query (0 when absent), or throws beyond the largest Salesforce accepts. */
export function checkOffset(query: Query, soql: string, tokens: PositionToken[], clauses: Clauses): number {
	const offset = query.offset ?? 0;
	if (offset > MAX_OFFSET)
		throw errorAt(
			soql,
			tokens[clauses.offset + 1]?.start ?? tokens[clauses.offset].start,
			'NUMBER_OUTSIDE_VALID_RANGE',
			`Maximum SOQL offset allowed is ${MAX_OFFSET}`
		);
	return offset;
}

/** The selected fields, in SELECT order. */
export function selectColumns(query: Query, context: PlanContext): ResolvedPath[] {
	const { soql, tokens, clauses, table, org } = context;
	const columns: ResolvedPath[] = [];
	const seen = new Set<string>();
	let searchFrom = 1;
	const add = (name: string, offset: number, fromFields: boolean) => {
		const path = resolvePath(org, table, name, soql, offset);
		const key = path.canonical.toLowerCase();
		if (seen.has(key)) {
			if (fromFields) return;
			throw errorAt(soql, offset, 'MALFORMED_QUERY', `duplicate field selected: ${path.canonical}`);
		}
		seen.add(key);
		columns.push(path);
	};
	for (const field of query.fields ?? []) {
		if (field.type === 'Field' || field.type === 'FieldRelationship') {
			const name =
				field.type === 'Field'
					? field.field
					: (field.rawValue ?? [...field.relationships, field.field].join('.'));
			const index = tokens.findIndex(
				(token, i) => i >= searchFrom && i < clauses.from && token.text.toUpperCase() === name.toUpperCase()
			);
			if (index >= 0) searchFrom = index + 1;
			add(name, index >= 0 ? tokens[index].start : 0, false);
		} else if (isFunction(field) && field.functionName.toUpperCase() === 'FIELDS') {
			const kind = String(field.parameters?.[0] ?? '').toUpperCase();
			const offset = Math.max(0, findWordOffset(tokens, 'FIELDS', 1, clauses.from));
			if (kind !== 'STANDARD' && (query.limit === undefined || query.limit > 200))
				throw errorAt(
					soql,
					offset,
					'MALFORMED_QUERY',
					'The SOQL FIELDS function must have a LIMIT of at most 200'
				);
			if (kind !== 'CUSTOM') for (const standard of table.fields) add(standard.name, offset, true);
		}
	}
	return columns;
}
