/** Aggregate queries of the emulated org: COUNT(field) over the matching rows, as one AggregateResult. */
import type { FieldFunctionExpression, Query } from '@jetstreamapp/soql-parser-js';
import { errorAt } from '../../core/soql/errors';
import { findWordOffset } from '../../core/soql/lexer';
import { jsonBytesOf } from '../json-pieces';
import { isFunction, type PlanContext } from './clauses';
import type { QueryPlan } from './index';
import { resolvePath } from './paths';
import { scan } from './rows';
import type { RowPredicate } from './where';

/** Plans a query of COUNT(field) aggregates: one AggregateResult record of non-null counts. */
export function planAggregate(
	query: Query,
	context: PlanContext,
	predicate: RowPredicate | null,
	all: boolean
): QueryPlan {
	const { soql, tokens, clauses, org, table } = context;
	const fields = query.fields ?? [];
	const plain = fields.find((field) => !isFunction(field));
	if (plain) {
		const name =
			plain.type === 'Field'
				? plain.field
				: plain.type === 'FieldRelationship'
					? (plain.rawValue ?? plain.field)
					: '';
		throw errorAt(
			soql,
			Math.max(0, findWordOffset(tokens, name, 1, clauses.from)),
			'MALFORMED_QUERY',
			`Field must be grouped or aggregated: ${name}`
		);
	}
	const rows = scan(table, predicate, all);
	const record: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
	let expression = 0;
	for (const field of fields as FieldFunctionExpression[]) {
		const parameter = String(field.parameters?.[0] ?? '');
		const path = resolvePath(
			org,
			table,
			parameter,
			soql,
			Math.max(0, findWordOffset(tokens, parameter, 1, clauses.from))
		);
		let count = 0;
		for (let i = 0; i < rows.length; i++) if (path.get(rows[i]) !== null) count++;
		record[field.alias ?? `expr${expression++}`] = count;
	}
	const total = (query.offset ?? 0) > 0 || query.limit === 0 ? 0 : 1;
	const page = (start: number, count: number) => (start === 0 && count > 0 && total === 1 ? [record] : []);
	return {
		object: table.name,
		totalSize: total,
		page,
		columns: [],
		rows: () => new Int32Array(0),
		pageJson(start, count) {
			const records = page(start, count);
			return { bytes: jsonBytesOf(JSON.stringify(records)), length: records.length, room: 0 };
		}
	};
}
