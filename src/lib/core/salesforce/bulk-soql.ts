/**
 * SOQL for Bulk API 2.0 query jobs: which queries Bulk refuses (so a run falls back to REST and says why),
 * and the query a job runs. A Bulk CSV carries no record Ids for parents, so the job's query also selects
 * `Id` and `<relationship>.Id` for every parent path: with them a record is rebuilt exactly as REST returns
 * it (`attributes.url` of the record and of each parent, `null` for an empty lookup). Rewriting goes
 * through the SOQL parser and its composer, never through string concatenation.
 */
import { composeQuery, parseQuery, type FieldType, type Query } from '@jetstreamapp/soql-parser-js';

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX', 'GROUPING']);

function tryParse(soql: string): Query | null {
	try {
		return parseQuery(soql);
	} catch {
		return null;
	}
}

/**
 * Why this query does not go through Bulk API 2.0 (GROUP BY, OFFSET, aggregates, TYPEOF, FIELDS(), subqueries,
 * other SELECT functions), or null when it can.
 */
export function bulkUnsupportedReason(soql: string): string | null {
	const query = tryParse(soql);
	if (!query) return 'the query could not be read';
	if (query.groupBy || query.having) return 'Bulk API 2.0 does not run queries with GROUP BY';
	if (query.offset !== undefined) return 'Bulk API 2.0 does not run queries with OFFSET';
	for (const field of query.fields ?? []) {
		if (field.type === 'FieldSubquery') return 'Bulk API 2.0 does not run parent-to-child subqueries';
		if (field.type === 'FieldTypeof') return 'Bulk API 2.0 does not run queries with TYPEOF';
		if (field.type === 'FieldFunctionExpression') {
			const name = field.functionName.toUpperCase();
			if (name === 'FIELDS') return 'Bulk API 2.0 does not run queries with FIELDS()';
			if (AGGREGATES.has(name)) return `Bulk API 2.0 does not run aggregate functions (${name}())`;
			return `${field.functionName}() in the SELECT list is read through REST only`;
		}
	}
	return null;
}

/** The query a Bulk job runs, and the columns it adds only to rebuild records. */
export interface BulkQueryPlan {
	soql: string;
	/** Selected paths in SELECT order, as written (e.g. `Manager.Email`). */
	selected: string[];
	/** Paths added to the SELECT list (`Id`, `Manager.Id`…), lower case; dropped from the records. */
	added: string[];
}

function pathOf(field: FieldType): string | null {
	if (field.type === 'Field') return field.field;
	if (field.type === 'FieldRelationship') return [...field.relationships, field.field].join('.');
	return null;
}

/** The Bulk job's query for `soql`: the same query with the Id columns records are rebuilt from. */
export function planBulkQuery(soql: string): BulkQueryPlan {
	const query = tryParse(soql);
	const reason = bulkUnsupportedReason(soql);
	if (!query || reason) throw new RangeError(reason ?? 'the query could not be read');
	const selected = (query.fields ?? []).map(pathOf).filter((path): path is string => path !== null);
	const present = new Set(selected.map((path) => path.toLowerCase()));
	const added: string[] = [];
	const need = (relationships: string[]) => {
		const path = [...relationships, 'Id'].join('.');
		if (present.has(path.toLowerCase())) return;
		present.add(path.toLowerCase());
		added.push(path.toLowerCase());
		query.fields = [
			...(query.fields ?? []),
			relationships.length === 0
				? { type: 'Field', field: 'Id' }
				: { type: 'FieldRelationship', field: 'Id', relationships, rawValue: path }
		];
	};
	need([]);
	for (const path of selected) {
		const parts = path.split('.');
		for (let depth = 1; depth < parts.length; depth++) need(parts.slice(0, depth));
	}
	return { soql: added.length > 0 ? composeQuery(query) : soql, selected, added };
}
