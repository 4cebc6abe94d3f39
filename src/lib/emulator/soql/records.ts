/**
 * Records of a planned query, built from the SELECT list: as objects shaped like Salesforce's, or straight
 * as JSON text. The JSON writer is compiled once per plan (field order, nested parents with their
 * `attributes`, empty lookups) and gives exactly the bytes `JSON.stringify` gives for the objects, without
 * building them: serving a page is then little more than generating its values.
 */
import type { FieldDef, FieldValue, SObjectTable } from '../data/schema';
import { JsonBytes, jsonBytesOf, writeProperty } from '../json-bytes';
import type { ResolvedPath } from './paths';

/** The nested shape of a record: fields and parent relationships in SELECT order. */
export interface RecordShape {
	table: SObjectTable;
	entries: (
		| { kind: 'field'; key: string; field: FieldDef }
		| { kind: 'parent'; key: string; lookup: FieldDef; shape: RecordShape }
	)[];
}

/** The shape of the records of a query on `table` selecting `paths`, in SELECT order. */
export function recordShape(table: SObjectTable, paths: ResolvedPath[]): RecordShape {
	const root: RecordShape = { table, entries: [] };
	for (const path of paths) {
		let shape = root;
		path.relationships.forEach((lookup, depth) => {
			const key = String(lookup.relationshipName);
			let entry = shape.entries.find((candidate) => candidate.kind === 'parent' && candidate.key === key);
			if (!entry) {
				entry = { kind: 'parent', key, lookup, shape: { table: path.tables[depth + 1], entries: [] } };
				shape.entries.push(entry);
			}
			shape = (entry as { shape: RecordShape }).shape;
		});
		shape.entries.push({ kind: 'field', key: path.field.name, field: path.field });
	}
	return root;
}

/** Parents from tables up to this size (Profile, UserRole…) are made once per plan and shared. */
const SMALL_TABLE = 10_000;

/** `make` memoized per row when `table` is small, as is. */
function shareSmall<T>(table: SObjectTable, make: (row: number) => T): (row: number) => T {
	if (table.rowCount() > SMALL_TABLE) return make;
	const cache = new Map<number, T>();
	return (row) => {
		let value = cache.get(row);
		if (value === undefined) cache.set(row, (value = make(row)));
		return value;
	};
}

/** Builds one record as an object, exactly as the REST API returns it. */
export function recordBuilder(shape: RecordShape, urlBase: string): (row: number) => Record<string, unknown> {
	const compile = (current: RecordShape): ((row: number) => Record<string, unknown>) => {
		const table = current.table;
		const parts = current.entries.map((entry) =>
			entry.kind === 'field'
				? { key: entry.key, get: entry.field.get, parentRow: noParent, build: noObject }
				: {
						key: entry.key,
						get: null,
						parentRow: entry.lookup.parentRow as (row: number) => number,
						build: shareSmall(entry.shape.table, compile(entry.shape))
					}
		);
		return (row) => {
			const record: Record<string, unknown> = {
				attributes: { type: table.name, url: `${urlBase}${table.name}/${table.idOf(row)}` }
			};
			for (const part of parts) {
				if (part.get !== null) record[part.key] = part.get(row);
				else {
					const parentRow = part.parentRow(row);
					record[part.key] = parentRow < 0 ? null : part.build(parentRow);
				}
			}
			return record;
		};
	};
	return compile(shape);
}

const noParent = () => -1;
const noObject = () => null;

/**
 * Whether an object built with these keys (after `attributes`) keeps them in this order with none lost:
 * distinct, not `attributes`, not `__proto__` and not array indexes (which objects list first).
 */
function keepsKeyOrder(shape: RecordShape): boolean {
	const keys = new Set(['attributes']);
	for (const entry of shape.entries) {
		if (keys.has(entry.key) || entry.key === '__proto__' || /^\d+$/.test(entry.key)) return false;
		keys.add(entry.key);
		if (entry.kind === 'parent' && !keepsKeyOrder(entry.shape)) return false;
	}
	return true;
}

/** Appends the UTF-8 JSON of one record to `out`. */
export type RecordWriter = (row: number, out: JsonBytes) => void;

/** Distinct values a field's writer keeps encoded. */
const VALUE_CACHE_SIZE = 256;

/**
 * Writes `,"Key":value` for a field: from its list of values encoded once per plan when it has one,
 * straight from the generator when the field can write itself, else from its value. Other values that
 * repeat (booleans, nulls, short lists) are cached too; a field whose values mostly differ stops caching
 * once its cache is full.
 */
function fieldWriter(prefix: Uint8Array, field: FieldDef): RecordWriter {
	const choice = field.choice;
	if (choice) {
		const scratch = new JsonBytes(256);
		const encoded = choice.values.map((value) => {
			scratch.reset();
			writeProperty(scratch, prefix, value);
			return scratch.finish();
		});
		const indexOf = choice.indexOf;
		return (row, out) => out.bytes(encoded[indexOf(row)]);
	}
	const writeJson = field.writeJson;
	if (writeJson)
		return (row, out) => {
			out.bytes(prefix);
			writeJson(row, out);
		};
	const get = field.get;
	let cache: Map<FieldValue, Uint8Array> | null = new Map();
	let lookups = 0;
	let hits = 0;
	const scratch = new JsonBytes(256);
	return (row, out) => {
		const value = get(row);
		if (cache !== null) {
			lookups++;
			const known = cache.get(value);
			if (known !== undefined) {
				hits++;
				out.bytes(known);
				return;
			}
			if (cache.size < VALUE_CACHE_SIZE) {
				scratch.reset();
				writeProperty(scratch, prefix, value);
				const bytes = scratch.finish();
				cache.set(value, bytes);
				out.bytes(bytes);
				return;
			}
			if (hits * 2 < lookups) cache = null;
		}
		writeProperty(out, prefix, value);
	};
}

/** A writer whose records of a small table are written once and their bytes reused. */
function shareSmallBytes(table: SObjectTable, write: RecordWriter): RecordWriter {
	const scratch = new JsonBytes(1024);
	const bytesOf = shareSmall(table, (row) => {
		scratch.reset();
		write(row, scratch);
		return scratch.finish();
	});
	return (row, out) => out.bytes(bytesOf(row));
}

/** Writes `,"Relationship":{…}` for a parent, or `,"Relationship":null` through an empty lookup. */
function parentWriter(
	prefix: Uint8Array,
	parentRow: (row: number) => number,
	write: RecordWriter
): RecordWriter {
	const empty = new Uint8Array(prefix.length + NULL.length);
	empty.set(prefix);
	empty.set(NULL, prefix.length);
	return (row, out) => {
		const parent = parentRow(row);
		if (parent < 0) out.bytes(empty);
		else {
			out.bytes(prefix);
			write(parent, out);
		}
	};
}

const NULL = jsonBytesOf('null');
const CLOSE_URL = jsonBytesOf('"}');
const CLOSE = 0x7d;

/** Writes records as UTF-8 JSON: byte for byte the encoded JSON.stringify of what `recordBuilder` builds. */
export function recordWriter(shape: RecordShape, urlBase: string): RecordWriter {
	if (!keepsKeyOrder(shape)) {
		const build = recordBuilder(shape, urlBase);
		return (row, out) => out.bytes(jsonBytesOf(JSON.stringify(build(row))));
	}
	const compile = (current: RecordShape): RecordWriter => {
		const table = current.table;
		// The URL prefix ends in '/', so its escaped text and the Id's join exactly as the whole string's would.
		const url = JSON.stringify(`${urlBase}${table.name}/`);
		const head = jsonBytesOf(`{"attributes":{"type":${JSON.stringify(table.name)},"url":${url.slice(0, -1)}`);
		const parts = current.entries.map((entry) => {
			const prefix = jsonBytesOf(`,${JSON.stringify(entry.key)}:`);
			return entry.kind === 'field'
				? fieldWriter(prefix, entry.field)
				: parentWriter(
						prefix,
						entry.lookup.parentRow as (row: number) => number,
						shareSmallBytes(entry.shape.table, compile(entry.shape))
					);
		});
		const writeId = table.writeId;
		return (row, out) => {
			out.bytes(head);
			writeId(row, out);
			out.bytes(CLOSE_URL);
			for (let i = 0; i < parts.length; i++) parts[i](row, out);
			out.byte(CLOSE);
		};
	};
	return compile(shape);
}
