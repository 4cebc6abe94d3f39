/**
 * The users stream as Singer and Airbyte see it: one record per mapped user, keyed by its Salesforce Id,
 * with the identifier column, the mapped fields and SystemModstamp (the cursor); removed users come as
 * records with a deletion time (`_sdc_deleted_at` for Singer, `_ab_cdc_deleted_at` for Airbyte).
 */
import { rowToObject } from '../lib/core/export';
import type { Connector } from '../lib/core/model';
import type { RunRow } from '../lib/core/run';

/** Name of the only stream. */
export const STREAM = 'users';
/** The cursor field, mapped from the record as is. */
export const CURSOR_FIELD = 'SystemModstamp';
/** The primary key field. */
export const KEY_FIELD = 'id';

/** The connector with SystemModstamp mapped as well, so each record carries its cursor value. */
export function withCursorField(connector: Connector): Connector {
	const fields = connector.mapping.fields.filter((field) => field.target !== CURSOR_FIELD);
	return {
		...connector,
		mapping: {
			...connector.mapping,
			fields: [...fields, { source: CURSOR_FIELD, target: CURSOR_FIELD, description: '' }]
		}
	};
}

/** Columns of a record: the identifier column and the mapped targets (SystemModstamp last). */
export function recordColumns(connector: Connector): string[] {
	const mapped = withCursorField(connector).mapping;
	return [mapped.identifier.kind, ...mapped.fields.map((field) => field.target)];
}

const ANY = { type: ['null', 'string', 'number', 'boolean', 'object', 'array'] };

/** JSON Schema of a record; `deletedField` names the deletion-time field of the protocol. */
export function streamSchema(connector: Connector, deletedField: string): Record<string, unknown> {
	const properties: Record<string, unknown> = { [KEY_FIELD]: { type: 'string' } };
	for (const column of recordColumns(connector)) properties[column] = ANY;
	properties[connector.mapping.identifier.kind] = { type: ['null', 'string'] };
	properties[CURSOR_FIELD] = { type: ['null', 'string'] };
	properties[deletedField] = { type: ['null', 'string'], format: 'date-time' };
	return { type: 'object', additionalProperties: false, required: [KEY_FIELD], properties };
}

/** A stored row as a stream record. */
export function rowToRecord(row: RunRow, columns: readonly string[]): Record<string, unknown> {
	return { [KEY_FIELD]: row.id, ...rowToObject(row, columns) };
}

/** A removed user as a stream record: its key, its identifier and when it was seen gone. */
export function removalRecord(
	user: { id: string; identifier: string | null },
	columns: readonly string[],
	deletedField: string,
	deletedAt: string
): Record<string, unknown> {
	return { [KEY_FIELD]: user.id, [columns[0]]: user.identifier, [deletedField]: deletedAt };
}
