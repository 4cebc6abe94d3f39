/**
 * The SOQL engine of the emulated org: parses with @jetstreamapp/soql-parser-js, checks the query against
 * the schema with Salesforce's errors, and plans it as an index of matching rows whose records are built
 * page by page, so even 3,000,000 users never exist as objects at once.
 */
import type { Org } from '../data';
import { errorAt, unsupportedType } from '../../core/soql/errors';
import { parseSoql } from '../../core/soql/parse';
import type { ResolvedPath } from './paths';
import { JsonBytes } from '../json-bytes';
import { jsonBytesOf } from '../json-pieces';
import { planAggregate } from './aggregate';
import { checkOffset, isFunction, locateClauses, rejectUnsupported, selectColumns } from './clauses';
import { recordBuilder, recordShape, recordWriter } from './records';
import { compileOrder, orderRows, scan } from './rows';
import { compileWhere } from './where';

export { SoqlError, type SoqlErrorCode } from '../../core/soql/errors';

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
