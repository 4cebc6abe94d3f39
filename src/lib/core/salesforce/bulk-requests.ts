/**
 * Request builders of Bulk API 2.0 query jobs (`/services/data/vXX.X/jobs/query`). Like the REST builders
 * they do no I/O; the client sends them with the token, retries and the 401 refresh.
 */
import { buildQueryMoreRequest, type ApiLocation, type SalesforceRequest } from './requests';

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

function jobsPath(location: ApiLocation): string {
	return `${location.instanceUrl.replace(/\/+$/, '')}/services/data/v${location.apiVersion}/jobs/query`;
}

/** POST /jobs/query: creates a query (or queryAll) job with CSV results, comma-separated, LF line endings. */
export function buildCreateQueryJobRequest(
	location: ApiLocation,
	soql: string,
	all: boolean
): SalesforceRequest {
	const body = {
		operation: all ? 'queryAll' : 'query',
		query: soql,
		contentType: 'CSV',
		columnDelimiter: 'COMMA',
		lineEnding: 'LF'
	};
	return {
		method: 'POST',
		url: jobsPath(location),
		headers: JSON_HEADERS,
		authenticated: true,
		body: JSON.stringify(body)
	};
}

/** GET /jobs/query/{id}: the job's state. */
export function buildQueryJobRequest(location: ApiLocation, jobId: string): SalesforceRequest {
	return {
		method: 'GET',
		url: `${jobsPath(location)}/${encodeURIComponent(jobId)}`,
		headers: { Accept: 'application/json' },
		authenticated: true
	};
}

/** PATCH /jobs/query/{id} `{"state":"Aborted"}`. */
export function buildAbortQueryJobRequest(location: ApiLocation, jobId: string): SalesforceRequest {
	return {
		...buildQueryJobRequest(location, jobId),
		method: 'PATCH',
		headers: JSON_HEADERS,
		body: JSON.stringify({ state: 'Aborted' })
	};
}

/** GET /jobs/query/{id}/results?locator=&maxRecords=: one CSV page of results. */
export function buildQueryResultsRequest(
	location: ApiLocation,
	jobId: string,
	page: { locator?: string | null; maxRecords?: number }
): SalesforceRequest {
	const params = new URLSearchParams();
	if (page.locator) params.set('locator', page.locator);
	if (page.maxRecords !== undefined) params.set('maxRecords', String(page.maxRecords));
	const query = params.size > 0 ? `?${params}` : '';
	return {
		method: 'GET',
		url: `${jobsPath(location)}/${encodeURIComponent(jobId)}/results${query}`,
		headers: { Accept: 'text/csv' },
		authenticated: true,
		responseType: 'text'
	};
}

/** GET /jobs/query/{id}/resultPages (API 58.0+): up to five result URLs and the link to more. */
export function buildResultPagesRequest(location: ApiLocation, jobId: string): SalesforceRequest {
	return {
		method: 'GET',
		url: `${jobsPath(location)}/${encodeURIComponent(jobId)}/resultPages`,
		headers: { Accept: 'application/json' },
		authenticated: true
	};
}

/**
 * A URL Salesforce handed out (a `resultUrl` or the next `resultPages` link), only under /services/data/ of
 * the instance so a token is never sent elsewhere; `csv` asks for the CSV text.
 */
export function buildBulkLinkRequest(location: ApiLocation, url: string, csv: boolean): SalesforceRequest {
	const request = buildQueryMoreRequest(location, url);
	return csv
		? { ...request, headers: { Accept: 'text/csv' }, responseType: 'text' }
		: { ...request, headers: { Accept: 'application/json' } };
}
