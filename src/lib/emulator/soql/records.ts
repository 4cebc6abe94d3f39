/**
 * Records of a planned query, built from the SELECT list: as objects shaped like Salesforce's, or straight
 * as JSON text. The JSON writer is compiled once per plan (field order, nested parents with their
 * `attributes`, empty lookups) and gives exactly the bytes `JSON.stringify` gives for the objects, without
 * building them: serving a page is then little more than generating its values.
 */
import type { FieldDef, FieldValue, SObjectTable } from '../data/schema';
import { JsonBytes } from '../json-bytes';
import { jsonBytesOf, JsonPiece, PackedJson, writeProperty } from '../json-pieces';
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

/** Each choice field's values written after a prefix (`,"Key":` and what comes before it), packed once. */
const packedChoices = new WeakMap<FieldDef, Map<string, PackedJson>>();

/** The values of a choice field, each written as JSON after `prefix`, packed in one buffer. */
function packedChoice(field: FieldDef, values: readonly FieldValue[], prefix: string): PackedJson {
	let byPrefix = packedChoices.get(field);
	if (!byPrefix) packedChoices.set(field, (byPrefix = new Map()));
	let packed = byPrefix.get(prefix);
	if (!packed) {
		const prefixBytes = jsonBytesOf(prefix);
		const scratch = new JsonBytes(256);
		packed = new PackedJson(
			values.map((value) => {
				scratch.reset();
				writeProperty(scratch, prefixBytes, value);
				return scratch.finish();
			})
		);
		byPrefix.set(prefix, packed);
	}
	return packed;
}

/**
 * Writes `prefix` and a field's value (`prefix` is `,"Key":` after any constant text before it): from its
 * list of values encoded once when it has one, straight from the generator when the field can write
 * itself, else from its value. Other values that repeat (booleans, nulls, short lists) are cached too; a
 * field whose values mostly differ stops caching once its cache is full.
 */
function fieldWriter(prefixText: string, field: FieldDef): RecordWriter {
	const prefix = jsonBytesOf(prefixText);
	const prefixPiece = new JsonPiece(prefix);
	const choice = field.choice;
	const writeJson = field.writeJson;
	if (choice) {
		const packed = packedChoice(field, choice.values, prefixText);
		const indexOf = choice.indexOf;
		if (!writeJson) return (row, out) => packed.write(indexOf(row), out);
		return (row, out) => {
			const index = indexOf(row);
			if (index >= 0) return packed.write(index, out);
			out.piece(prefixPiece);
			writeJson(row, out);
		};
	}
	if (writeJson)
		return (row, out) => {
			out.piece(prefixPiece);
			writeJson(row, out);
		};
	const get = field.get;
	let cache: Map<FieldValue, JsonPiece> | null = new Map();
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
				out.piece(known);
				return;
			}
			if (cache.size < VALUE_CACHE_SIZE) {
				scratch.reset();
				writeProperty(scratch, prefix, value);
				const piece = new JsonPiece(scratch.finish());
				cache.set(value, piece);
				out.piece(piece);
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
		return new JsonPiece(scratch.finish());
	});
	return (row, out) => out.piece(bytesOf(row));
}

/** Writes `,"Relationship":{…}` for a parent, or `,"Relationship":null` through an empty lookup. */
function parentWriter(prefix: string, parentRow: (row: number) => number, write: RecordWriter): RecordWriter {
	const empty = JsonPiece.of(`${prefix}null`);
	const opening = JsonPiece.of(prefix);
	return (row, out) => {
		const parent = parentRow(row);
		if (parent < 0) out.piece(empty);
		else {
			out.piece(opening);
			write(parent, out);
		}
	};
}

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
		const head = JsonPiece.of(
			`{"attributes":{"type":${JSON.stringify(table.name)},"url":${url.slice(0, -1)}`
		);
		const idField = table.field('Id');
		const writeId = table.writeId;
		// Constant text not written yet: it joins the next piece, so a record takes fewer, longer copies.
		let pending = '"}';
		const parts: RecordWriter[] = [];
		for (const entry of current.entries) {
			const prefix = `${pending},${JSON.stringify(entry.key)}:`;
			pending = '';
			if (entry.kind === 'parent') {
				const write = shareSmallBytes(entry.shape.table, compile(entry.shape));
				parts.push(parentWriter(prefix, entry.lookup.parentRow as (row: number) => number, write));
			} else if (entry.field === idField) {
				const opening = JsonPiece.of(`${prefix}"`);
				parts.push((row, out) => {
					out.piece(opening);
					writeId(row, out);
				});
				pending = '"';
			} else parts.push(fieldWriter(prefix, entry.field));
		}
		const close = JsonPiece.of(`${pending}}`);
		return (row, out) => {
			out.piece(head);
			writeId(row, out);
			for (let i = 0; i < parts.length; i++) parts[i](row, out);
			out.piece(close);
		};
	};
	return compile(shape);
}
