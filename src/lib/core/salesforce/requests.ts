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

/**
 * POST /composite with a GET of this org (a query page) as its one subrequest. In a browser, a GET carrying
 * a token to a URL not asked before waits for a CORS preflight, and every nextRecordsUrl is new: a round
 * trip more for every page. The composite request always goes to the same URL, whose preflight the
 * browser remembers (Access-Control-Max-Age); Salesforce counts it as one API call, as it does the GET.
 */
export function buildCompositeGetRequest(location: ApiLocation, get: SalesforceRequest): SalesforceRequest {
	const base = origin(location.instanceUrl);
	if (get.method !== 'GET' || !get.url.startsWith(`${base}/services/data/`))
		throw new TypeError(`only a GET under ${base}/services/data/ goes through /composite`);
	const httpHeaders = Object.fromEntries(Object.entries(get.headers).filter(([name]) => name !== 'Accept'));
	const subrequest = { method: 'GET', url: get.url.slice(base.length), referenceId: 'page', httpHeaders };
	return {
		method: 'POST',
		url: `${dataPath(location)}/composite`,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		authenticated: true,
		body: JSON.stringify({ compositeRequest: [subrequest] })
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
 * The fetch Request for a built request, with the bearer token when it carries one. A GET bypasses the HTTP
 * cache: an org's answers are live data (a cached describe would hide a new field), and a browser would
 * otherwise look every page up in its disk cache and write it there. Any other method keeps the default
 * mode: its answers are never cached, and Chromium remembers no CORS preflight for a request that bypasses
 * the cache, so a composite request would wait for a preflight every time.
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
		cache: request.method === 'GET' ? 'no-store' : 'default'
	});
}
