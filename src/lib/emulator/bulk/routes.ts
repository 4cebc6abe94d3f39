/**
 * The Bulk API 2.0 query endpoints under `/services/data/vXX.X/jobs/query`:
 *   POST   /jobs/query                       create (query | queryAll), CSV only
 *   GET    /jobs/query                       list jobs
 *   GET    /jobs/query/{id}                  job info
 *   PATCH  /jobs/query/{id}                  {"state":"Aborted"} (UploadComplete or InProgress only)
 *   DELETE /jobs/query/{id}                  204
 *   GET    /jobs/query/{id}/results          CSV, `?locator=&maxRecords=`, headers Sforce-NumberOfRecords and
 *                                            Sforce-Locator (the literal `null` after the last page)
 *   GET    /jobs/query/{id}/resultPages      API 58.0+: up to five result URLs, the next link and `done`
 * Results need JobComplete (412 JOB_NOT_COMPLETE before) and the job's own API version (409). Locators
 * are base64 of the record offset, like Salesforce's (`MTAwMDA` = 10000). Error codes not confirmed
 * against a real org: the 409 and 412 messages, API_ERROR for a refused query or job limit, and
 * INVALIDJOBSTATE for aborting a finished job.
 */
import { parseSoql } from '../soql/parse';
import { SoqlError } from '../soql';
import { errorResponse, jsonResponse, methodNotAllowedResponse, notFoundResponse } from '../rest/responses';
import { noteWork } from '../server-time';
import { DAILY_QUERY_JOB_LIMIT, type BulkJob, type BulkJobStore } from './jobs';

/** What the Bulk routes need. */
export interface BulkRouteDeps {
	jobs: BulkJobStore;
	/** Name of the next link in `/resultPages` (the docs spell it both ways). */
	nextLinkName: 'nextRecordsUrl' | 'nextRecordUrl';
	/** Marks the job Failed with this message when a fault says so. */
	failJob: string | null;
	now(): number;
}

/** First API version with `/resultPages`. */
export const RESULT_PAGES_MIN_VERSION = 58;
const URLS_PER_LISTING = 5;
/** The fields of a create answer, in Salesforce's order. */
const CREATE_FIELDS = [
	'id',
	'operation',
	'object',
	'createdById',
	'createdDate',
	'systemModstamp',
	'state',
	'concurrencyMode',
	'contentType',
	'apiVersion',
	'lineEnding',
	'columnDelimiter'
];

const toLocator = (offset: number) => btoa(String(offset)).replace(/=+$/, '');
function fromLocator(locator: string): number | null {
	try {
		const text = atob(locator);
		return /^\d{1,10}$/.test(text) ? Number(text) : null;
	} catch {
		return null;
	}
}

const dateTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

function jobInfo(jobs: BulkJobStore, job: BulkJob): Record<string, unknown> {
	const state = jobs.state(job);
	return {
		id: job.id,
		operation: job.operation,
		object: job.object,
		createdById: job.createdById,
		createdDate: dateTime(job.createdAt),
		systemModstamp: dateTime(job.modifiedAt),
		state,
		concurrencyMode: 'Parallel',
		contentType: 'CSV',
		apiVersion: Number(job.apiVersion),
		jobType: 'V2Query',
		lineEnding: 'LF',
		columnDelimiter: 'COMMA',
		numberRecordsProcessed: jobs.processed(job),
		retries: 0,
		totalProcessingTime: 0,
		...(state === 'Failed' ? { errorMessage: job.errorMessage } : {})
	};
}

/** Why Bulk refuses a query (Salesforce checks this when the job is created), or null. */
function refusal(soql: string): string | null {
	const { query } = parseSoql(soql);
	if (query.groupBy || query.having) return 'GROUP BY is not supported by the Bulk API';
	if (query.offset !== undefined) return 'OFFSET is not supported by the Bulk API';
	for (const field of query.fields ?? []) {
		if (field.type === 'FieldSubquery') return 'Nested queries are not supported by the Bulk API';
		if (field.type === 'FieldTypeof') return 'TYPEOF is not supported by the Bulk API';
		if (field.type === 'FieldFunctionExpression') {
			const name = field.functionName.toUpperCase();
			if (name === 'FIELDS') return 'FIELDS() is not supported by the Bulk API';
			if (name !== 'TOLABEL' && name !== 'FORMAT' && name !== 'CONVERTCURRENCY')
				return 'Aggregate queries are not supported by the Bulk API';
		}
	}
	return null;
}

async function createJob(deps: BulkRouteDeps, request: Request, apiVersion: string, userId: string) {
	let body: Record<string, unknown>;
	try {
		body = (await request.json()) as Record<string, unknown>;
	} catch {
		return errorResponse(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON.');
	}
	const operation = body?.operation;
	if (operation !== 'query' && operation !== 'queryAll')
		return errorResponse(400, 'INVALIDJOB', "The operation must be 'query' or 'queryAll'.");
	if (typeof body.query !== 'string' || body.query.trim() === '')
		return errorResponse(400, 'INVALIDJOB', 'A query string has to be specified.');
	if ((body.contentType ?? 'CSV') !== 'CSV')
		return errorResponse(400, 'INVALIDJOB', 'Only CSV is supported.');
	if (deps.jobs.createdToday() >= DAILY_QUERY_JOB_LIMIT)
		return errorResponse(
			400,
			'API_ERROR',
			`Max number of Bulk API 2.0 query jobs (${DAILY_QUERY_JOB_LIMIT}) per 24 hours exceeded.`
		);
	try {
		const reason = refusal(body.query);
		if (reason) return errorResponse(400, 'API_ERROR', reason);
		const job = deps.jobs.create({ soql: body.query, all: operation === 'queryAll', apiVersion, userId });
		const info = jobInfo(deps.jobs, job);
		const created = Object.fromEntries(CREATE_FIELDS.map((name) => [name, info[name]]));
		return jsonResponse({ ...created, state: 'UploadComplete' });
	} catch (error) {
		if (error instanceof SoqlError) return errorResponse(400, error.errorCode, error.message, error.fields);
		throw error;
	}
}

function results(deps: BulkRouteDeps, job: BulkJob, url: URL): Response {
	const locator = url.searchParams.get('locator');
	const start = locator ? fromLocator(locator) : 0;
	if (start === null || start > job.totalSize)
		return errorResponse(400, 'INVALID_LOCATOR', `The locator ${locator} is not valid for job ${job.id}.`);
	const asked = Number(url.searchParams.get('maxRecords') ?? deps.jobs.timing.resultsPageRecords);
	if (!Number.isInteger(asked) || asked < 1)
		return errorResponse(400, 'INVALIDREQUEST', 'maxRecords must be a positive integer.');
	const count = Math.min(asked, job.totalSize - start);
	const next = start + count < job.totalSize ? toLocator(start + count) : 'null';
	const headers = {
		'Content-Type': 'text/csv',
		'Sforce-NumberOfRecords': String(count),
		'Sforce-Locator': next
	};
	if (count <= STREAMED_CHUNK_RECORDS) {
		const page = deps.jobs.page(job, start, count);
		return noteWork(new Response(page.text, { headers }), page.records, page.fields);
	}
	return noteWork(
		new Response(streamedPage(deps, job, start, count), { headers }),
		count,
		deps.jobs.plan(job).columns.length
	);
}

/** Records written per chunk of a big page, which goes out as a stream (never as one string). */
const STREAMED_CHUNK_RECORDS = 5000;
const encoder = new TextEncoder();

/** A big page's CSV written chunk by chunk as the client reads it: the header once, then the records. */
function streamedPage(
	deps: BulkRouteDeps,
	job: BulkJob,
	start: number,
	count: number
): ReadableStream<Uint8Array> {
	let done = 0;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			const size = Math.min(STREAMED_CHUNK_RECORDS, count - done);
			const { text } = deps.jobs.page(job, start + done, size);
			controller.enqueue(encoder.encode(done === 0 ? text : text.slice(text.indexOf('\n') + 1)));
			done += size;
			if (done >= count) controller.close();
		}
	});
}

function resultPages(deps: BulkRouteDeps, job: BulkJob, url: URL, base: string): Response {
	const size = deps.jobs.timing.pageRecords;
	const pages = Math.max(1, Math.ceil(job.totalSize / size));
	const from = fromLocator(url.searchParams.get('locator') ?? 'MA') ?? 0;
	const to = Math.min(pages, from + URLS_PER_LISTING);
	const links = [];
	for (let page = from; page < to; page++)
		links.push({
			resultUrl: `${base}/${job.id}/results?locator=${toLocator(page * size)}&maxRecords=${size}`
		});
	const done = to >= pages;
	return jsonResponse({
		resultPages: links,
		[deps.nextLinkName]: done ? null : `${base}/${job.id}/resultPages?locator=${toLocator(to)}`,
		done
	});
}

/** Answers a `/jobs/query…` request; `rest` are the path segments after `jobs/query`. */
export async function bulkRoute(
	deps: BulkRouteDeps,
	request: Request,
	url: URL,
	apiVersion: string,
	rest: string[],
	userId: string
): Promise<Response> {
	const base = `/services/data/v${apiVersion}/jobs/query`;
	const [id, sub, ...extra] = rest;
	if (id === undefined) {
		if (request.method === 'POST') return createJob(deps, request, apiVersion, userId);
		if (request.method !== 'GET') return methodNotAllowedResponse(request.method, ['GET', 'POST']);
		const records = deps.jobs.list().map((job) => jobInfo(deps.jobs, job));
		return jsonResponse({ done: true, records, nextRecordsUrl: null });
	}
	const job = deps.jobs.get(id);
	if (!job || extra.length > 0) return notFoundResponse();
	if (sub === undefined) {
		if (request.method === 'GET') {
			if (deps.failJob !== null && deps.jobs.state(job) !== 'Aborted') {
				job.finalState = 'Failed';
				job.errorMessage = deps.failJob;
				job.modifiedAt = deps.now();
			}
			return jsonResponse(jobInfo(deps.jobs, job));
		}
		if (request.method === 'DELETE') {
			deps.jobs.delete(job.id);
			return new Response(null, { status: 204 });
		}
		if (request.method !== 'PATCH')
			return methodNotAllowedResponse(request.method, ['GET', 'PATCH', 'DELETE']);
		const body = (await request.json().catch(() => null)) as { state?: unknown } | null;
		if (body?.state !== 'Aborted')
			return errorResponse(400, 'INVALIDJOBSTATE', "The state can only be set to 'Aborted'.");
		const state = deps.jobs.state(job);
		if (state !== 'UploadComplete' && state !== 'InProgress')
			return errorResponse(400, 'INVALIDJOBSTATE', `A job in state ${state} cannot be aborted.`);
		job.finalState = 'Aborted';
		job.modifiedAt = deps.now();
		return jsonResponse(jobInfo(deps.jobs, job));
	}
	if (request.method !== 'GET') return methodNotAllowedResponse(request.method, ['GET']);
	if (sub !== 'results' && !(sub === 'resultPages' && Number(apiVersion) >= RESULT_PAGES_MIN_VERSION))
		return notFoundResponse();
	if (job.apiVersion !== apiVersion)
		return errorResponse(
			409,
			'API_ERROR',
			`Job ${job.id} was created with API version ${job.apiVersion}; read its results with the same version.`
		);
	const state = deps.jobs.state(job);
	if (state !== 'JobComplete')
		return errorResponse(
			412,
			'JOB_NOT_COMPLETE',
			`Job ${job.id} is in state ${state}; results are available once it is JobComplete.`
		);
	return sub === 'results' ? results(deps, job, url) : resultPages(deps, job, url, base);
}
