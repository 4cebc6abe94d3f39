/**
 * The rows a query selects: scanned from the table in Id order as a compact index, then sorted by the
 * compiled ORDER BY keys.
 */
import type { OrderByClause } from '@jetstreamapp/soql-parser-js';
import type { SObjectTable } from '../data/schema';
import { errorAt } from '../../core/soql/errors';
import { findWordOffset } from '../../core/soql/lexer';
import type { PlanContext } from './clauses';
import { resolvePath } from './paths';
import type { RowPredicate } from './where';

/** Rows of `table` that match, in Id order, as a compact index. */
export function scan(table: SObjectTable, predicate: RowPredicate | null, all: boolean): Int32Array {
	const count = table.rowCount();
	let rows = new Int32Array(Math.min(count, 1024));
	let size = 0;
	for (let row = 0; row < count; row++) {
		if (!all && table.isDeleted(row)) continue;
		if (predicate !== null && !predicate(row)) continue;
		if (size === rows.length) {
			const grown = new Int32Array(Math.min(count, rows.length * 2));
			grown.set(rows);
			rows = grown;
		}
		rows[size++] = row;
	}
	return rows.subarray(0, size);
}

/** One ORDER BY item compiled to a sort key per row. */
export interface OrderKey {
	key: (row: number) => string | number | null;
	descending: boolean;
	nullsLast: boolean;
	isId: boolean;
}

/** Compiles ORDER BY items to sort keys, or throws for a field that cannot be sorted. */
export function compileOrder(items: OrderByClause[], context: PlanContext): OrderKey[] {
	const { soql, tokens, clauses, org, table } = context;
	return items.map((item) => {
		if (!('field' in item) || item.field === undefined) {
			const offset = tokens[clauses.order + 2]?.start ?? 0;
			throw errorAt(
				soql,
				offset,
				'MALFORMED_QUERY',
				'Functions in ORDER BY are not supported by the emulated org'
			);
		}
		const offset = Math.max(
			0,
			findWordOffset(tokens, item.field, clauses.order + 1, clauses.limit > 0 ? clauses.limit : tokens.length)
		);
		const path = resolvePath(org, table, item.field, soql, offset);
		if (!path.field.sortable)
			throw errorAt(
				soql,
				offset,
				'INVALID_FIELD',
				`field '${path.field.name}' can not be sorted in a query call`
			);
		const descending = item.order === 'DESC';
		const nullsLast = item.nulls ? item.nulls === 'LAST' : descending;
		const read = path.get;
		const time = path.field.time;
		const rowOf = path.rowOf;
		const key =
			time !== undefined
				? (row: number) => {
						const parent = rowOf(row);
						return parent < 0 ? null : time(parent);
					}
				: path.field.type === 'boolean'
					? (row: number) => (read(row) === true ? 1 : 0)
					: path.field.type === 'int' || path.field.type === 'double'
						? (row: number) => read(row) as number | null
						: (row: number) => {
								const value = read(row);
								return value === null ? null : String(value).toLowerCase();
							};
		return { key, descending, nullsLast, isId: path.relationships.length === 0 && path.field.type === 'id' };
	});
}

/** The rows sorted by the ORDER BY keys, ties kept in Id order. */
export function orderRows(rows: Int32Array, order: OrderKey[]): Int32Array {
	if (order.length === 0) return rows;
	if (order[0].isId) {
		if (!order[0].descending) return rows;
		return rows.slice().reverse();
	}
	const keys = order.map((item) => {
		const values: (string | number | null)[] = new Array(rows.length);
		for (let i = 0; i < rows.length; i++) values[i] = item.key(rows[i]);
		return values;
	});
	const positions = new Int32Array(rows.length);
	for (let i = 0; i < positions.length; i++) positions[i] = i;
	positions.sort((a, b) => {
		for (let k = 0; k < order.length; k++) {
			const left = keys[k][a];
			const right = keys[k][b];
			if (left === right) continue;
			if (left === null) return order[k].nullsLast ? 1 : -1;
			if (right === null) return order[k].nullsLast ? -1 : 1;
			const sign = left < right ? -1 : 1;
			return order[k].descending ? -sign : sign;
		}
		return a - b;
	});
	const sorted = new Int32Array(rows.length);
	for (let i = 0; i < positions.length; i++) sorted[i] = rows[positions[i]];
	return sorted;
}
