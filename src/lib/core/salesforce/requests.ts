/**
 * Request builders: each Salesforce operation as a plain description of the request to send. They do no I/O;
 * the client adds the bearer token and sends them through the injected fetch.
 */
import { AppFailure, appError } from '../errors';

/** Where the org's REST API lives. */
export interface ApiLocation {
	/** e.g. https://acme.my.salesforce.com (no trailing slash needed). */
	instanceUrl: string;
	/** e.g. "65.0". */
	apiVersion: string;
}

/** A request to send: absolute URL, headers, and whether it carries the access token. */
export interface SalesforceRequest {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	url: string;
	headers: Record<string, string>;
	authenticated: boolean;
	/** JSON text of a POST or PATCH. */
	body?: string;
	/** 'text': the answer's text comes back as is (CSV, empty bodies) instead of parsed JSON. */
	responseType?: 'json' | 'text';
}

/** Options of a query request. */
export interface QueryRequestOptions {
	/** queryAll: include deleted and archived rows. */
	all?: boolean;
	/** Sforce-Query-Options batchSize hint (200–2000). */
	batchSize?: number;
}

function origin(instanceUrl: string): string {
	return instanceUrl.replace(/\/+$/, '');
}

function dataPath(location: ApiLocation): string {
	return `${origin(location.instanceUrl)}/services/data/v${location.apiVersion}`;
}

function queryHeaders(batchSize: number | undefined): Record<string, string> {
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (batchSize !== undefined) headers['Sforce-Query-Options'] = `batchSize=${batchSize}`;
	return headers;
}

function get(
	url: string,
	headers: Record<string, string> = { Accept: 'application/json' }
): SalesforceRequest {
	return { method: 'GET', url, headers, authenticated: true };
}

/** GET /query?q=… (or /queryAll?q=…): the first page of a SOQL query. */
export function buildQueryRequest(
	location: ApiLocation,
	soql: string,
	options: QueryRequestOptions = {}
): SalesforceRequest {
	const resource = options.all ? 'queryAll' : 'query';
	return get(
		`${dataPath(location)}/${resource}?q=${encodeURIComponent(soql)}`,
		queryHeaders(options.batchSize)
	);
}

/**
 * GET nextRecordsUrl as Salesforce gave it. Only paths under /services/data/ on the instance are accepted,
 * so a token is never sent to another host.
 */
export function buildQueryMoreRequest(
	location: ApiLocation,
	nextRecordsUrl: string,
	options: Pick<QueryRequestOptions, 'batchSize'> = {}
): SalesforceRequest {
	const base = origin(location.instanceUrl);
	const absolute = nextRecordsUrl.startsWith('/') ? `${base}${nextRecordsUrl}` : nextRecordsUrl;
	if (!absolute.startsWith(`${base}/services/data/`))
		throw new AppFailure(
			appError('BAD_RESPONSE', 'Salesforce gave a next-page address outside this org; it was not followed.', {
				detail: { nextRecordsUrl }
			})
		);
	return get(absolute, queryHeaders(options.batchSize));
}

/** Most pages one chained request asks for: Salesforce takes at most five query subrequests in a composite. */
export const MAX_CHAINED_PAGES = 5;

/**
 * POST /composite walking a cursor: the page at `nextRecordsUrl` and the `count - 1` after it, each
 * subrequest asking for the page its predecessor's `nextRecordsUrl` names (`@{pageN.nextRecordsUrl}`).
 * Salesforce runs them one after the other and answers them together: one round trip and one API call
 * for up to five pages, and, in a browser, one URL whose CORS preflight is remembered instead of one for
 * every page's new URL.
 */
export function buildChainedQueryMoreRequest(
	location: ApiLocation,
	nextRecordsUrl: string,
	count: number,
	options: Pick<QueryRequestOptions, 'batchSize'> = {}
): SalesforceRequest {
	const path = buildQueryMoreRequest(location, nextRecordsUrl).url.slice(origin(location.instanceUrl).length);
	const httpHeaders =
		options.batchSize === undefined
			? {}
			: { httpHeaders: { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } };
	const compositeRequest = Array.from({ length: Math.min(count, MAX_CHAINED_PAGES) }, (_, index) => ({
		method: 'GET',
		url: index === 0 ? path : `@{page${index}.nextRecordsUrl}`,
		referenceId: `page${index + 1}`,
		...httpHeaders
	}));
	return {
		method: 'POST',
		url: `${dataPath(location)}/composite`,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		authenticated: true,
		body: JSON.stringify({ allOrNone: false, compositeRequest })
	};
}

/** GET /sobjects/{name}/describe. */
export function buildDescribeRequest(location: ApiLocation, sobject: string): SalesforceRequest {
	return get(`${dataPath(location)}/sobjects/${encodeURIComponent(sobject)}/describe`);
}

/** GET /sobjects: every object of the org. */
export function buildDescribeGlobalRequest(location: ApiLocation): SalesforceRequest {
	return get(`${dataPath(location)}/sobjects`);
}

/** GET /limits. */
export function buildLimitsRequest(location: ApiLocation): SalesforceRequest {
	return get(`${dataPath(location)}/limits`);
}

/** GET /services/data/: the API versions the org serves (no token needed). */
export function buildVersionsRequest(instanceUrl: string): SalesforceRequest {
	return { ...get(`${origin(instanceUrl)}/services/data/`), authenticated: false };
}

/** GET /services/oauth2/userinfo: who the access token belongs to. */
export function buildUserInfoRequest(instanceUrl: string): SalesforceRequest {
	return get(`${origin(instanceUrl)}/services/oauth2/userinfo`);
}

/**
 * The fetch Request for a built request, with the bearer token when it carries one. It bypasses the HTTP
 * cache: an org's answers are live data (a cached describe would hide a new field), and a browser would
 * otherwise look every page up in its disk cache and write it there.
 */
export function toFetchRequest(
	request: SalesforceRequest,
	accessToken: string | null,
	signal?: AbortSignal
): Request {
	const headers = new Headers(request.headers);
	if (request.authenticated && accessToken !== null) headers.set('Authorization', `Bearer ${accessToken}`);
	return new Request(request.url, {
		method: request.method,
		headers,
		body: request.body,
		signal,
		cache: 'no-store'
	});
}
