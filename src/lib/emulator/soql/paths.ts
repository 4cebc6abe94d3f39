/** Field paths such as `Manager.Manager.Email` or `Profile.UserLicense.Name`, resolved against the schema. */
import type { Org } from '../data';
import type { FieldDef, FieldValue, SObjectTable } from '../data/schema';
import { errorAt, noSuchColumn, unknownRelationship } from '../../core/soql/errors';

/** Salesforce allows at most five parent relationships in one path. */
export const MAX_RELATIONSHIP_DEPTH = 5;

/** A field reached from a root object through zero or more parent relationships. */
export interface ResolvedPath {
	/** Lookup fields walked, in order. */
	relationships: FieldDef[];
	/** Object after each step: tables[0] is the root, tables[k] the parent after k steps. */
	tables: SObjectTable[];
	field: FieldDef;
	/** The path with Salesforce's own casing, e.g. Manager.Email. */
	canonical: string;
	/** Row of the last parent, or -1 when a lookup on the way is empty. */
	rowOf(row: number): number;
	/** The value at the end of the path (null through an empty lookup). */
	get(row: number): FieldValue;
}

/** Resolves `path` from `root`, or throws INVALID_FIELD pointing at `offset`. */
export function resolvePath(
	org: Org,
	root: SObjectTable,
	path: string,
	soql: string,
	offset: number
): ResolvedPath {
	const parts = path.split('.');
	const relationships: FieldDef[] = [];
	const tables = [root];
	let table = root;
	for (const part of parts.slice(0, -1)) {
		const lookup = table.relationship(part);
		const target = lookup ? org.table(lookup.referenceTo[0]) : undefined;
		if (!lookup || !target) throw errorAt(soql, offset, 'INVALID_FIELD', unknownRelationship(part));
		relationships.push(lookup);
		tables.push(target);
		table = target;
	}
	if (relationships.length > MAX_RELATIONSHIP_DEPTH)
		throw errorAt(
			soql,
			offset,
			'MALFORMED_QUERY',
			`SOQL statements cannot query more than ${MAX_RELATIONSHIP_DEPTH} levels of relationships`
		);
	const name = parts[parts.length - 1];
	const field = table.field(name);
	if (!field) throw errorAt(soql, offset, 'INVALID_FIELD', noSuchColumn(name, table.name));
	const steps = relationships.map((lookup) => lookup.parentRow as (row: number) => number);
	const rowOf =
		steps.length === 0
			? (row: number) => row
			: (row: number) => {
					let current = row;
					for (const step of steps) {
						current = step(current);
						if (current < 0) return -1;
					}
					return current;
				};
	const read = field.get;
	return {
		relationships,
		tables,
		field,
		canonical: [...relationships.map((lookup) => lookup.relationshipName), field.name].join('.'),
		rowOf,
		get:
			steps.length === 0
				? read
				: (row) => {
						const parent = rowOf(row);
						return parent < 0 ? null : read(parent);
					}
	};
}
