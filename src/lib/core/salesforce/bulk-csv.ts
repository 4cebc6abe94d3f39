/**
 * Bulk API 2.0 CSV results back into the records REST returns. A Bulk CSV has one column per selected path
 * (`Manager.Email`), gives `""` where REST gives `null`, `true`/`false` as text and datetimes as
 * `2024-01-01T00:00:00.000Z` where REST writes `+0000`. The columns are typed from the describe of the
 * object and of its parents, and each row is rebuilt with REST's shape: keys in SELECT order, parents as
 * nested objects with `attributes` {type, url}, `null` for an empty lookup (read from the `<parent>.Id`
 * column the job's query adds, see bulk-soql.ts).
 */
import Papa from 'papaparse';
import { AppFailure, appError } from '../errors';
import type { BulkQueryPlan } from './bulk-soql';
import type { DescribeField, DescribeResult, SalesforceRecord } from './responses';

type Convert = (text: string) => unknown;

interface FieldEntry {
	kind: 'field';
	key: string;
	column: number;
	convert: Convert;
}

interface ParentEntry {
	kind: 'parent';
	key: string;
	node: RecordNode;
}

interface RecordNode {
	type: string;
	/** Column of this record's Id (selected or added). */
	idColumn: number;
	entries: (FieldEntry | ParentEntry)[];
}

/** Rebuilds REST records from the rows of a job's CSV. */
export interface BulkRecordReader {
	/** The header every page has (or lacks), lower case. */
	header: string[];
	/** The REST record of one CSV row. */
	record(row: string[]): SalesforceRecord;
}

const toNumber: Convert = (text) => (text === '' ? null : Number(text));
const asText: Convert = (text) => (text === '' ? null : text);
const toBoolean: Convert = (text) => (text === '' ? null : text.toLowerCase() === 'true');
const toDateTime: Convert = (text) => (text === '' ? null : text.replace(/Z$/, '+0000'));

/** How a describe type's CSV text becomes its REST JSON value. */
function converterFor(type: string): Convert {
	switch (type) {
		case 'boolean':
			return toBoolean;
		case 'int':
		case 'double':
		case 'currency':
		case 'percent':
			return toNumber;
		case 'datetime':
			return toDateTime;
		default:
			return asText;
	}
}

const lower = (text: string) => text.toLowerCase();

/** Types the job's columns from describes (fetched once per object through `describe`). */
export async function createBulkRecordReader(
	plan: BulkQueryPlan,
	rootObject: string,
	apiVersion: string,
	describe: (sobject: string) => Promise<DescribeResult>
): Promise<BulkRecordReader> {
	const header = [...plan.selected.map(lower), ...plan.added];
	const columnOf = (path: string) => header.indexOf(lower(path));
	const describes = new Map<string, Promise<DescribeResult>>();
	const describeOnce = (name: string) => {
		const key = lower(name);
		let found = describes.get(key);
		if (!found) describes.set(key, (found = describe(name)));
		return found;
	};
	const fieldOf = (object: DescribeResult, name: string): DescribeField | undefined =>
		object.fields.find((field) => lower(field.name) === lower(name));
	const lookupOf = (object: DescribeResult, relationship: string): DescribeField => {
		const lookup = object.fields.find((field) => lower(field.relationshipName ?? '') === lower(relationship));
		if (!lookup?.referenceTo?.length)
			throw new AppFailure(
				appError('SF_INVALID_FIELD', `'${relationship}' is not a relationship of ${object.name}.`, {
					field: relationship
				})
			);
		return lookup;
	};

	const rootDescribe = await describeOnce(rootObject);
	const root: RecordNode = { type: rootDescribe.name, idColumn: columnOf('Id'), entries: [] };
	for (const path of plan.selected) {
		const parts = path.split('.');
		let node = root;
		let object = rootDescribe;
		for (let depth = 0; depth < parts.length - 1; depth++) {
			const lookup = lookupOf(object, parts[depth]);
			const key = lookup.relationshipName as string;
			object = await describeOnce((lookup.referenceTo as string[])[0]);
			let parent = node.entries.find(
				(entry): entry is ParentEntry => entry.kind === 'parent' && entry.key === key
			);
			if (!parent) {
				const idColumn = columnOf([...parts.slice(0, depth + 1), 'Id'].join('.'));
				parent = { kind: 'parent', key, node: { type: object.name, idColumn, entries: [] } };
				node.entries.push(parent);
			}
			node = parent.node;
		}
		const name = parts[parts.length - 1];
		const field = fieldOf(object, name);
		node.entries.push({
			kind: 'field',
			key: field?.name ?? name,
			column: columnOf(path),
			convert: converterFor(field?.type ?? 'string')
		});
	}

	const urlBase = `/services/data/v${apiVersion}/sobjects/`;
	const build = (node: RecordNode, row: string[]): SalesforceRecord => {
		const record: SalesforceRecord = {
			attributes: { type: node.type, url: `${urlBase}${node.type}/${row[node.idColumn]}` }
		};
		for (const entry of node.entries) {
			if (entry.kind === 'field') record[entry.key] = entry.convert(row[entry.column] ?? '');
			else record[entry.key] = row[entry.node.idColumn] === '' ? null : build(entry.node, row);
		}
		return record;
	};
	return { header, record: (row) => build(root, row) };
}

/** The jobs' CSV: comma, LF, double quotes doubled; given, papaparse does not guess them. */
const CSV_FORMAT = { delimiter: ',', newline: '\n', quoteChar: '"', escapeChar: '"' } as const;

/** Whether a CSV row is the header (pages may or may not repeat it). */
function isHeader(row: string[], header: string[]): boolean {
	return row.length === header.length && row.every((cell, i) => lower(cell) === header[i]);
}

/** The records of one CSV page; throws BAD_RESPONSE (retryable) when the page is cut off or malformed. */
export function parseBulkCsvPage(
	text: string,
	reader: BulkRecordReader,
	expectedRecords: number | null
): SalesforceRecord[] {
	const parsed = Papa.parse<string[]>(text, CSV_FORMAT);
	const rows = parsed.data;
	// The page's final line break leaves one empty row at the end.
	if (rows.length > 0 && rows[rows.length - 1].length === 1 && rows[rows.length - 1][0] === '') rows.pop();
	const from = rows.length > 0 && isHeader(rows[0], reader.header) ? 1 : 0;
	let bad: string | null = parsed.errors[0]?.message ?? null;
	const records: SalesforceRecord[] = new Array(Math.max(0, rows.length - from));
	const width = reader.header.length;
	for (let i = from; i < rows.length && bad === null; i++) {
		const row = rows[i];
		if (row.length !== width) bad = `a row has ${row.length} columns instead of ${width}`;
		else records[i - from] = reader.record(row);
	}
	const cutOff = text.length > 0 && !text.endsWith('\n');
	if (bad === null && cutOff) bad = 'the page does not end with a line break';
	if (bad === null && expectedRecords !== null && expectedRecords !== records.length)
		bad = `Sforce-NumberOfRecords says ${expectedRecords} records, the page holds ${records.length}`;
	if (bad !== null)
		throw new AppFailure(
			appError('BAD_RESPONSE', `Salesforce sent an incomplete or unreadable Bulk result page: ${bad}.`, {
				retryable: true,
				detail: { length: text.length, tail: text.slice(-200) }
			})
		);
	return records;
}
