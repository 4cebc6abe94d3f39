/**
 * Query rewriting for a run, always through the SOQL parser and its composer (never string
 * concatenation): connector filters, a stable `ORDER BY Id` for exact resumes, and the restart
 * `WHERE Id > :lastId` used when a cursor has expired.
 */
import {
	composeQuery,
	parseQuery,
	type Condition,
	type FieldType,
	type Operator,
	type Query,
	type WhereClause
} from '@jetstreamapp/soql-parser-js';
import jsonata from 'jsonata';
import { AppFailure, appError, type AppError } from '../errors';
import type { MappingSpec, UserStatus } from '../model';

/** The connector settings that narrow a query. */
export interface ConnectorFilters {
	userStatus: UserStatus;
	/** ['*'] keeps everyone; a list keeps users whose e-mail ends in @domain (and drops users without e-mail). */
	companyDomains: string[];
}

const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/i;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** Parses SOQL, turning a parser exception into SF_MALFORMED_QUERY (with row/column when the lexer gives them). */
export function parseSoql(soql: string): Query {
	try {
		return parseQuery(soql);
	} catch (thrown) {
		throw new AppFailure(soqlSyntaxError(thrown));
	}
}

function soqlSyntaxError(thrown: unknown): AppError {
	const reason = thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown);
	const location = /\((\d+):(\d+)\)/.exec(reason);
	return appError('SF_MALFORMED_QUERY', `The query could not be read: ${reason}`, {
		...(location ? { row: Number(location[1]), column: Number(location[2]) } : {})
	});
}

function soqlString(text: string): string {
	return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function condition(field: string, operator: Operator, value: string, literalType: 'BOOLEAN' | 'STRING') {
	return { field, operator, value, literalType } as Condition;
}

/** The last link of a where chain. */
function lastLink(where: WhereClause): WhereClause {
	let link = where;
	while ('right' in link && link.right) link = link.right;
	return link;
}

/** Wraps a where tree in one pair of parentheses (in place). */
function parenthesise(where: WhereClause): WhereClause {
	if ('operator' in where && where.operator === 'NOT') {
		const left = where.left as { openParen?: number } | null;
		(where as { left: unknown }).left = { openParen: (left?.openParen ?? 0) + 1 };
	} else {
		const left = where.left as { openParen?: number };
		left.openParen = (left.openParen ?? 0) + 1;
	}
	const last = lastLink(where).left as { closeParen?: number };
	last.closeParen = (last.closeParen ?? 0) + 1;
	return where;
}

/** Joins conditions as a chain `a OP b OP c`. */
function chain(parts: WhereClause[], operator: 'AND' | 'OR'): WhereClause {
	const [first, ...rest] = parts;
	let tail = lastLink(first);
	for (const part of rest) {
		Object.assign(tail, { operator, right: part });
		tail = lastLink(part);
	}
	return first;
}

/** ANDs extra conditions in front of the query's own WHERE, which is kept whole in parentheses. */
function andWhere(query: Query, extra: WhereClause[]): void {
	if (extra.length === 0) return;
	const parts = [...extra];
	if (query.where) parts.push(parenthesise(query.where));
	query.where = chain(parts, 'AND');
}

function statusCondition(status: UserStatus): WhereClause[] {
	if (status === 'all') return [];
	return [{ left: condition('IsActive', '=', status === 'active' ? 'true' : 'false', 'BOOLEAN') }];
}

function domainCondition(domains: string[]): WhereClause[] {
	if (domains.includes('*')) return [];
	for (const domain of domains)
		if (!DOMAIN.test(domain))
			throw new AppFailure(appError('INVALID_INPUT', `'${domain}' is not a domain like example.com.`));
	const likes: WhereClause[] = [...new Set(domains.map((domain) => domain.toLowerCase()))].map((domain) => ({
		left: condition('Email', 'LIKE', soqlString(`%@${domain}`), 'STRING')
	}));
	const group = chain(likes, 'OR');
	return [likes.length > 1 ? parenthesise(group) : group];
}

/**
 * Applies the connector's user-status and company-domain filters to a SOQL query. `LIKE '%@domain'`
 * also drops users without an e-mail, as a domain list should.
 */
export function applyConnectorFilters(soql: string, filters: ConnectorFilters): string {
	const query = parseSoql(soql);
	andWhere(query, [...statusCondition(filters.userStatus), ...domainCondition(filters.companyDomains)]);
	return composeQuery(query);
}

function selectsField(fields: FieldType[] | undefined, name: string): boolean {
	return (fields ?? []).some(
		(field) => field.type === 'Field' && field.field.toLowerCase() === name.toLowerCase()
	);
}

function selectsFieldsFunction(fields: FieldType[] | undefined): boolean {
	return (fields ?? []).some(
		(field) => field.type === 'FieldFunctionExpression' && field.functionName.toUpperCase() === 'FIELDS'
	);
}

/** What a run query looks like after preparation, and whether an expired cursor can be replaced exactly. */
export interface PreparedQuery {
	soql: string;
	/** True when the run's rows come in Id order, so `WHERE Id > :lastId` resumes without gaps or duplicates. */
	orderedById: boolean;
}

/**
 * Prepares the query a run sends: Id is selected (rows are keyed and resumed by it), and a query without
 * its own ORDER BY gets `ORDER BY Id` (unless `orderById` is false: Bulk jobs need no order), so an
 * expired cursor can be replaced by `WHERE Id > :lastId`.
 */
export function prepareRunQuery(soql: string, options: { orderById?: boolean } = {}): PreparedQuery {
	const query = parseSoql(soql);
	if (!selectsField(query.fields, 'Id') && !selectsFieldsFunction(query.fields))
		query.fields = [{ type: 'Field', field: 'Id' }, ...(query.fields ?? [])];
	const orders = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
	if (orders.length === 0 && options.orderById !== false) query.orderBy = [{ field: 'Id' }];
	const ordered = orders.length === 0 || (orders.length === 1 && isAscendingId(orders[0]));
	return { soql: composeQuery(query), orderedById: ordered };
}

function isAscendingId(order: unknown): boolean {
	const clause = order as { field?: string; order?: string };
	return clause.field?.toLowerCase() === 'id' && clause.order !== 'DESC';
}

/**
 * The query that continues an Id-ordered run after `lastId`: `(own WHERE) AND Id > 'lastId' ORDER BY Id`,
 * with a LIMIT lowered by the rows already received.
 */
export function restartAfterId(soql: string, lastId: string, alreadyReceived: number): string {
	if (!SALESFORCE_ID.test(lastId))
		throw new AppFailure(appError('INVALID_INPUT', `'${lastId}' is not a Salesforce Id.`));
	const query = parseSoql(soql);
	andWhere(query, [{ left: condition('Id', '>', soqlString(lastId), 'STRING') }]);
	query.orderBy = [{ field: 'Id' }];
	if (query.limit !== undefined) query.limit = Math.max(0, Number(query.limit) - alreadyReceived);
	return composeQuery(query);
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * The query of an incremental run: `SystemModstamp >= since` ANDed in front of the query's own WHERE, and
 * SystemModstamp selected so the next cursor can be read from the records.
 */
export function modifiedSinceQuery(soql: string, sinceIso: string): string {
	if (!ISO_DATETIME.test(sinceIso))
		throw new AppFailure(
			appError('INVALID_INPUT', `'${sinceIso}' is not a UTC date-time like 2026-01-31T22:00:00Z.`)
		);
	const query = parseSoql(soql);
	if (!selectsField(query.fields, 'SystemModstamp') && !selectsFieldsFunction(query.fields))
		query.fields = [...(query.fields ?? []), { type: 'Field', field: 'SystemModstamp' }];
	andWhere(query, [
		{
			left: { field: 'SystemModstamp', operator: '>=', value: sinceIso, literalType: 'DATETIME' } as Condition
		}
	]);
	return composeQuery(query);
}

/** Top-level record fields a JSONata expression reads (first step of each path, from the record itself). */
export function topLevelFields(expression: string): string[] {
	const names = new Set<string>();
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (typeof node !== 'object' || node === null) return;
		const current = node as { type?: string; value?: unknown; steps?: { type: string; value: unknown }[] };
		if (current.type === 'path' && current.steps) {
			const [first, second] = current.steps;
			const root = first.type === 'variable' && (first.value === '' || first.value === '$') ? second : first;
			if (root?.type === 'name' && typeof root.value === 'string') names.add(root.value);
			else if (first.type !== 'variable') visit(first);
			return;
		}
		if (current.type === 'name' && typeof current.value === 'string') names.add(current.value);
		for (const [key, value] of Object.entries(current)) if (key !== 'steps') visit(value);
	};
	visit(jsonata(expression).ast());
	return [...names];
}

/**
 * Problems that keep a query from feeding the mapping: not FROM User, an aggregate query, or an
 * identifier expression that reads a field the query does not select. Empty when the query fits.
 */
export function checkQueryShape(soql: string, spec: MappingSpec): AppError[] {
	let query: Query;
	try {
		query = parseQuery(soql);
	} catch (thrown) {
		return [soqlSyntaxError(thrown)];
	}
	const problems: AppError[] = [];
	if (query.sObject?.toLowerCase() !== 'user')
		problems.push(
			appError('QUERY_NOT_USER', `The query must read FROM User, not ${query.sObject ?? 'nothing'}.`)
		);
	const fields = query.fields ?? [];
	if (fields.some((field) => field.type === 'FieldFunctionExpression' && field.isAggregateFn))
		problems.push(
			appError('QUERY_NOT_USER', 'The query must select user fields, not an aggregate like COUNT().')
		);
	if (selectsFieldsFunction(fields)) return problems;
	const selected = new Set(
		fields.flatMap((field) => {
			if (field.type === 'Field') return [field.field.toLowerCase()];
			if (field.type === 'FieldRelationship') return [field.relationships[0].toLowerCase()];
			return [];
		})
	);
	let needed: string[];
	try {
		needed = topLevelFields(spec.identifier.expression);
	} catch {
		return problems;
	}
	for (const field of needed)
		if (!selected.has(field.toLowerCase()))
			problems.push(
				appError('SF_INVALID_FIELD', `The identifier reads '${field}', which the query does not select.`, {
					field
				})
			);
	return problems;
}

/** The query narrowed to one Id range, `Id >= from AND Id < to` (a null end is open), its own WHERE kept. */
export function withinIdRange(soql: string, from: string | null, to: string | null): string {
	for (const id of [from, to])
		if (id !== null && !SALESFORCE_ID.test(id))
			throw new AppFailure(appError('INVALID_INPUT', `'${id}' is not a Salesforce Id.`));
	const query = parseSoql(soql);
	const bounds: WhereClause[] = [];
	if (from !== null) bounds.push({ left: condition('Id', '>=', soqlString(from), 'STRING') });
	if (to !== null) bounds.push({ left: condition('Id', '<', soqlString(to), 'STRING') });
	andWhere(query, bounds);
	return composeQuery(query);
}

/** `SELECT COUNT() FROM …` with the query's WHERE (ORDER BY, LIMIT and OFFSET dropped). */
export function countQuery(soql: string): string {
	const query = parseSoql(soql);
	query.fields = [
		{
			type: 'FieldFunctionExpression',
			functionName: 'COUNT',
			parameters: [],
			isAggregateFn: true,
			rawValue: 'COUNT()'
		}
	];
	delete query.orderBy;
	delete query.limit;
	delete query.offset;
	return composeQuery(query);
}

/** The first (or last) Id the query returns: `SELECT Id … ORDER BY Id ASC|DESC LIMIT 1`. */
export function edgeIdQuery(soql: string, order: 'ASC' | 'DESC'): string {
	const query = parseSoql(soql);
	query.fields = [{ type: 'Field', field: 'Id' }];
	query.orderBy = [{ field: 'Id', order }];
	query.limit = 1;
	delete query.offset;
	return composeQuery(query);
}

/** Why the query cannot be split into Id ranges, or null when it can. */
export function partitionUnsupportedReason(prepared: PreparedQuery): string | null {
	if (!prepared.orderedById) return 'the query has its own ORDER BY';
	const query = parseSoql(prepared.soql);
	if (query.limit !== undefined) return 'the query has a LIMIT';
	if (query.offset !== undefined) return 'the query has an OFFSET';
	if (query.groupBy !== undefined) return 'the query groups rows';
	return null;
}
