/**
 * Response processors: each checks the shape of a successful Salesforce body and returns typed data,
 * or a BAD_RESPONSE AppFailure. They do no I/O.
 */
import { AppFailure, appError } from '../errors';

/** A record as Salesforce returns it (fields in SELECT order, `attributes` included). */
export type SalesforceRecord = Record<string, unknown>;

/** The body of /query, /queryAll and a nextRecordsUrl. */
export interface QueryResult {
	totalSize: number;
	done: boolean;
	nextRecordsUrl: string | null;
	records: SalesforceRecord[];
}

/** One API version from GET /services/data/. */
export interface ApiVersion {
	label: string;
	url: string;
	version: string;
}

/** One field of a describe answer (the parts this product reads). */
export interface DescribeField {
	name: string;
	label: string;
	type: string;
	nillable?: boolean;
	length?: number;
	referenceTo?: string[];
	relationshipName?: string | null;
	filterable?: boolean;
	custom?: boolean;
}

/** GET /sobjects/{name}/describe (the parts this product reads). */
export interface DescribeResult {
	name: string;
	label: string;
	keyPrefix?: string | null;
	queryable?: boolean;
	fields: DescribeField[];
	childRelationships?: unknown[];
}

/** GET /sobjects (the parts this product reads). */
export interface DescribeGlobalResult {
	sobjects: { name: string; label: string; queryable?: boolean; keyPrefix?: string | null }[];
}

/** GET /services/oauth2/userinfo (the parts this product reads; null where absent). */
export interface UserInfo {
	organizationId: string | null;
	userId: string | null;
	username: string | null;
	name: string | null;
	email: string | null;
}

/** One entry of GET /limits. */
export interface LimitEntry {
	Max: number;
	Remaining: number;
}

function badShape(what: string, body: unknown): AppFailure {
	return new AppFailure(
		appError('BAD_RESPONSE', `Salesforce sent ${what} in an unexpected shape.`, {
			detail: { sample: JSON.stringify(body)?.slice(0, 500) }
		})
	);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a query answer. */
export function processQueryResult(body: unknown): QueryResult {
	if (
		!isObject(body) ||
		typeof body.totalSize !== 'number' ||
		typeof body.done !== 'boolean' ||
		!Array.isArray(body.records)
	)
		throw badShape('a query page', body);
	const next = typeof body.nextRecordsUrl === 'string' && !body.done ? body.nextRecordsUrl : null;
	if (!body.done && next === null) throw badShape('a query page without its next-page address', body);
	return {
		totalSize: body.totalSize,
		done: body.done,
		nextRecordsUrl: next,
		records: body.records as SalesforceRecord[]
	};
}

/** The answer of a composite request's one subrequest (buildCompositeGetRequest). */
export interface SubrequestAnswer {
	status: number;
	body: unknown;
}

/** Checks a composite answer to one subrequest and gives that subrequest's status and body. */
export function processCompositeAnswer(body: unknown): SubrequestAnswer {
	const entries = isObject(body) ? body.compositeResponse : undefined;
	const entry: unknown = Array.isArray(entries) && entries.length === 1 ? entries[0] : undefined;
	if (!isObject(entry) || typeof entry.httpStatusCode !== 'number')
		throw badShape('a composite answer', body);
	return { status: entry.httpStatusCode, body: entry.body };
}

/** Checks a describe answer. */
export function processDescribe(body: unknown): DescribeResult {
	if (!isObject(body) || typeof body.name !== 'string' || !Array.isArray(body.fields))
		throw badShape('an object description', body);
	return body as unknown as DescribeResult;
}

/** Checks a describe-global answer. */
export function processDescribeGlobal(body: unknown): DescribeGlobalResult {
	if (!isObject(body) || !Array.isArray(body.sobjects)) throw badShape('the list of objects', body);
	return body as unknown as DescribeGlobalResult;
}

/** Checks a limits answer. */
export function processLimits(body: unknown): Record<string, LimitEntry> {
	if (!isObject(body)) throw badShape('the org limits', body);
	return body as Record<string, LimitEntry>;
}

/** Checks a versions answer. */
export function processVersions(body: unknown): ApiVersion[] {
	if (!Array.isArray(body) || body.some((item) => !isObject(item) || typeof item.version !== 'string'))
		throw badShape('the list of API versions', body);
	return body as ApiVersion[];
}

/** Checks a userinfo answer. */
export function processUserInfo(body: unknown): UserInfo {
	if (!isObject(body)) throw badShape('the signed-in user', body);
	const text = (value: unknown) => (typeof value === 'string' ? value : null);
	return {
		organizationId: text(body.organization_id),
		userId: text(body.user_id),
		username: text(body.preferred_username),
		name: text(body.name),
		email: text(body.email)
	};
}

/** Characters of a body's head: room for a query page's totalSize, done and nextRecordsUrl. */
export const HEAD_CHARS = 1024;

/**
 * The nextRecordsUrl of a query body, read from the head of its text without parsing it (Salesforce
 * writes totalSize, done and nextRecordsUrl before the records). Null when not found there.
 */
export function peekNextRecordsUrl(text: string): string | null {
	// Only what comes before the records: a record's child query has a cursor of its own.
	const records = text.indexOf('"records":');
	const head = text.slice(0, records < 0 ? HEAD_CHARS : Math.min(records, HEAD_CHARS));
	if (!/"done"\s*:\s*false/.test(head)) return null;
	return /"nextRecordsUrl"\s*:\s*"([^"\\]+)"/.exec(head)?.[1] ?? null;
}
