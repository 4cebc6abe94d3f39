/**
 * Whether a query can feed the mapping: it reads FROM User, is not an aggregate, and selects every
 * top-level field the identifier expression reads.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import jsonata from 'jsonata';
import { appError, type AppError } from '../errors';
import type { MappingSpec } from '../model';
import { selectsFieldsFunction, soqlSyntaxError } from './soql-tree';

/** Top-level record fields a JSONata expression reads (first step of each path, from the record itself). */
export function topLevelFields(expression: string): string[] {
	const names = new Set<string>();
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (typeof node !== 'object' || node === null) return;
		const current = node as { type?: string; value?: unknown; steps?: { type: string; value: unknown }[] };
		if (current.type === 'path' && current.steps) {
			const [first, second] = current.steps;
			const root = first.type === 'variable' && (first.value === '' || first.value === '$') ? second : first;
			if (root?.type === 'name' && typeof root.value === 'string') names.add(root.value);
			else if (first.type !== 'variable') visit(first);
			return;
		}
		if (current.type === 'name' && typeof current.value === 'string') names.add(current.value);
		for (const [key, value] of Object.entries(current)) if (key !== 'steps') visit(value);
	};
	visit(jsonata(expression).ast());
	return [...names];
}

/**
 * Problems that keep a query from feeding the mapping: not FROM User, an aggregate query, or an
 * identifier expression that reads a field the query does not select. Empty when the query fits.
 */
export function checkQueryShape(soql: string, spec: MappingSpec): AppError[] {
	let query: Query;
	try {
		query = parseQuery(soql);
	} catch (thrown) {
		return [soqlSyntaxError(thrown)];
	}
	const problems: AppError[] = [];
	if (query.sObject?.toLowerCase() !== 'user')
		problems.push(
			appError('QUERY_NOT_USER', `The query must read FROM User, not ${query.sObject ?? 'nothing'}.`)
		);
	const fields = query.fields ?? [];
	if (fields.some((field) => field.type === 'FieldFunctionExpression' && field.isAggregateFn))
		problems.push(
			appError('QUERY_NOT_USER', 'The query must select user fields, not an aggregate like COUNT().')
		);
	if (selectsFieldsFunction(fields)) return problems;
	const selected = new Set(
		fields.flatMap((field) => {
			if (field.type === 'Field') return [field.field.toLowerCase()];
			if (field.type === 'FieldRelationship') return [field.relationships[0].toLowerCase()];
			return [];
		})
	);
	let needed: string[];
	try {
		needed = topLevelFields(spec.identifier.expression);
	} catch {
		return problems;
	}
	for (const field of needed)
		if (!selected.has(field.toLowerCase()))
			problems.push(
				appError('SF_INVALID_FIELD', `The identifier reads '${field}', which the query does not select.`, {
					field
				})
			);
	return problems;
}
