/**
 * Query rewriting for a run, always through the SOQL parser and its composer (never string
 * concatenation): connector filters, a stable `ORDER BY Id` for exact resumes, and the restart
 * `WHERE Id > :lastId` used when a cursor has expired.
 */
import {
	composeQuery,
	parseQuery,
	type Condition,
	type Query,
	type WhereClause
} from '@jetstreamapp/soql-parser-js';
import { AppFailure, appError } from '../errors';
import type { UserStatus } from '../model';
import {
	andWhere,
	chain,
	condition,
	parenthesise,
	selectsField,
	selectsFieldsFunction,
	soqlString,
	soqlSyntaxError
} from './soql-tree';

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
