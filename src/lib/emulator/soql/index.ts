/**
 * The SOQL engine of the emulated org: parses with @jetstreamapp/soql-parser-js, checks the query against
 * the schema with Salesforce's errors, and plans it as an index of matching rows whose records are built
 * page by page, so even 3,000,000 users never exist as objects at once.
 */
import type {
	FieldFunctionExpression,
	FieldType as ParsedField,
	OrderByClause,
	Query
} from '@jetstreamapp/soql-parser-js';
import type { Org } from '../data';
import type { SObjectTable } from '../data/schema';
import { errorAt, unsupportedType } from '../../core/soql/errors';
import { findKeyword, findWordOffset, type PositionToken } from '../../core/soql/lexer';
import { parseSoql } from '../../core/soql/parse';
import { resolvePath, type ResolvedPath } from './paths';
import { JsonBytes } from '../json-bytes';
import { jsonBytesOf } from '../json-pieces';
import { recordBuilder, recordShape, recordWriter } from './records';
import { compileWhere, type RowPredicate } from './where';

export { SoqlError, type SoqlErrorCode } from '../../core/soql/errors';

/** Largest OFFSET Salesforce accepts. */
export const MAX_OFFSET = 2000;

/** A planned query: its size, and its records by range. */
export interface QueryPlan {
	/** The queried sObject, with Salesforce's casing. */
	object: string;
	totalSize: number;
	/** Records [start, start + count), exactly shaped like Salesforce's. */
	page(start: number, count: number): Record<string, unknown>[];
	/**
	 * The same records as a UTF-8 JSON array: byte for byte the encoded `JSON.stringify(page(start, count))`,
	 * written without building the objects.
	 */
	pageJson(start: number, count: number): PageJson;
	/** The selected paths in SELECT order (empty for COUNT() and aggregates). */
	columns: ResolvedPath[];
	/** The table rows of records [start, start + count), for readers that take values path by path. */
	rows(start: number, count: number): Int32Array;
}

/**
 * A page of records as the UTF-8 bytes of a JSON array, and how many records it holds. `room` bytes of
 * its buffer before the array, and one after it, are free: a response can be written around the page in
 * place (0 when there is no room).
 */
export interface PageJson {
	bytes: Uint8Array<ArrayBuffer>;
	length: number;
	room: number;
}

/** Free bytes left before a page's array, for the head of the response that carries it. */
export const PAGE_ROOM = 256;

const emptyPage = (): PageJson => ({ bytes: jsonBytesOf('[]'), length: 0, room: 0 });
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** Pages are written into this buffer, which hands them over and starts a new one of their size. */
const out = new JsonBytes();

/** Options of one query call. */
export interface PlanOptions {
	/** queryAll: deleted rows are included. */
	all: boolean;
	/** e.g. "65.0" (a leading "v" is accepted), used in every record's attributes.url. */
	apiVersion: string;
}

/** Plans a SOQL query against an org, or throws the SoqlError Salesforce would answer with. */
export function planQuery(org: Org, soql: string, options: PlanOptions): QueryPlan {
	const { query, tokens } = parseSoql(soql);
	const clauses = locateClauses(tokens);
	rejectUnsupported(query, soql, tokens, clauses);
	const sObject = String(query.sObject);
	const table = org.table(sObject);
	if (!table)
		throw errorAt(soql, tokens[clauses.from + 1]?.start ?? 0, 'INVALID_TYPE', unsupportedType(sObject));
	const version = options.apiVersion.replace(/^v/i, '');
	const context = { org, soql, table, tokens, clauses };

	const predicate = query.where
		? compileWhere(query.where, {
				org,
				soql,
				table,
				tokens: tokens.slice(clauses.where + 1, clauses.afterWhere)
			})
		: null;
	const offset = checkOffset(query, soql, tokens, clauses);
	const limit = query.limit ?? Infinity;

	const counts =
		query.fields?.filter(isFunction).filter((field) => field.functionName.toUpperCase() === 'COUNT') ?? [];
	if (counts.some((field) => (field.parameters ?? []).length === 0)) {
		if ((query.fields ?? []).length > 1)
			throw errorAt(
				soql,
				tokens[1].start,
				'MALFORMED_QUERY',
				'COUNT() must be the only element in the SELECT list'
			);
		if (query.orderBy)
			throw errorAt(
				soql,
				tokens[clauses.order].start,
				'MALFORMED_QUERY',
				'Ordered field must be grouped or aggregated: COUNT()'
			);
		const total =
			predicate === null && offset === 0
				? options.all
					? table.rowCount()
					: table.liveCount()
				: Math.max(0, scan(table, predicate, options.all).length - offset);
		return {
			object: table.name,
			totalSize: Math.min(total, limit),
			page: () => [],
			pageJson: emptyPage,
			columns: [],
			rows: () => new Int32Array(0)
		};
	}
	if (counts.length > 0) return planAggregate(query, context, predicate, options.all);

	const columns = selectColumns(query, context);
	const order = query.orderBy ? compileOrder([query.orderBy].flat(), context) : [];
	const rows = orderRows(scan(table, predicate, options.all), order);
	const end = Math.min(rows.length, offset + limit);
	const totalSize = Math.max(0, end - offset);
	const shape = recordShape(table, columns);
	const urlBase = `/services/data/v${version}/sobjects/`;
	const build = recordBuilder(shape, urlBase);
	const write = recordWriter(shape, urlBase);
	const range = (start: number, count: number) => {
		const first = offset + Math.max(0, start);
		return { first, last: Math.min(end, first + Math.max(0, count)) };
	};
	return {
		object: table.name,
		totalSize,
		columns,
		rows(start, count) {
			const { first, last } = range(start, count);
			return rows.subarray(first, Math.max(first, last));
		},
		page(start, count) {
			const { first, last } = range(start, count);
			const records: Record<string, unknown>[] = new Array(Math.max(0, last - first));
			for (let i = first; i < last; i++) records[i - first] = build(rows[i]);
			return records;
		},
		pageJson(start, count) {
			const { first, last } = range(start, count);
			if (first >= last) return emptyPage();
			out.reset();
			out.skip(PAGE_ROOM);
			out.byte(OPEN_ARRAY);
			write(rows[first], out);
			for (let i = first + 1; i < last; i++) {
				out.byte(COMMA);
				write(rows[i], out);
			}
			out.byte(CLOSE_ARRAY);
			out.skip(1);
			const framed = out.take();
			return { bytes: framed.subarray(PAGE_ROOM, framed.length - 1), length: last - first, room: PAGE_ROOM };
		}
	};
}

interface Clauses {
	from: number;
	where: number;
	/** Index of the first token after the WHERE clause. */
	afterWhere: number;
	order: number;
	limit: number;
	offset: number;
}

interface PlanContext {
	org: Org;
	soql: string;
	table: SObjectTable;
	tokens: PositionToken[];
	clauses: Clauses;
}

function locateClauses(tokens: PositionToken[]): Clauses {
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

function isFunction(field: ParsedField): field is FieldFunctionExpression {
	return field.type === 'FieldFunctionExpression';
}

function rejectUnsupported(query: Query, soql: string, tokens: PositionToken[], clauses: Clauses): void {
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

function checkOffset(query: Query, soql: string, tokens: PositionToken[], clauses: Clauses): number {
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

/** Rows of `table` that match, in Id order, as a compact index. */
function scan(table: SObjectTable, predicate: RowPredicate | null, all: boolean): Int32Array {
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

/** The selected fields, in SELECT order. */
function selectColumns(query: Query, context: PlanContext): ResolvedPath[] {
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

/** One ORDER BY item compiled to a sort key per row. */
interface OrderKey {
	key: (row: number) => string | number | null;
	descending: boolean;
	nullsLast: boolean;
	isId: boolean;
}

function compileOrder(items: OrderByClause[], context: PlanContext): OrderKey[] {
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

function orderRows(rows: Int32Array, order: OrderKey[]): Int32Array {
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

function planAggregate(
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
