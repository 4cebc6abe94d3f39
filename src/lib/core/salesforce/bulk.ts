/**
 * Bulk API 2.0 queries: create a query job, poll it with a bounded backoff, then download its CSV results
 * typed back to REST's records (bulk-csv.ts). From API 58.0 the result pages are listed by
 * `/resultPages` and downloaded several at a time; before that only the `Sforce-Locator` chain exists, and
 * it is sequential: each page's header names the next one. Every request goes through the client's `send`,
 * so the token, the retries and the 401 refresh apply.
 */
import { AppFailure, appError, toAppError } from '../errors';
import { createBulkRecordReader, type BulkRecordReader } from './bulk-csv';
import { bulkDownloads, type PageSource } from './bulk-download';
import { buildAbortQueryJobRequest, buildCreateQueryJobRequest, buildQueryJobRequest } from './bulk-requests';
import { bulkUnsupportedReason, planBulkQuery } from './bulk-soql';
import type { SalesforceClient } from './client';
import type { SalesforceRecord } from './responses';
import { defaultSleep, type Sleep } from './retry';

export { bulkUnsupportedReason } from './bulk-soql';

/** Where a Bulk query job stands, for the run log and for resuming. */
export interface BulkJobInfo {
	id: string;
	state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
	operation: 'query' | 'queryAll';
	numberRecordsProcessed: number;
	errorMessage?: string;
	apiVersion: string;
}

/** An opaque, JSON-serialisable point to resume a Bulk query from (job id + result pages already delivered). */
export type BulkResumePoint = {
	jobId: string;
	delivered: string[] /* locators or page keys already yielded */;
	/** A page handed over in part: its key and how many of its records were handed over. */
	partial?: { key: string; records: number };
} & Record<string, unknown>;

/**
 * One downloaded result page or a part of one, typed back to what REST returns (same record shape, nulls,
 * booleans, numbers, nested parents with `attributes`), so one mapping gives identical output on both paths.
 */
export interface BulkPage {
	records: SalesforceRecord[];
	totalSize: number;
	jobId: string;
	resume: BulkResumePoint;
	done: boolean;
}

/** Options of a Bulk query. */
export interface BulkQueryOptions {
	all?: boolean;
	signal?: AbortSignal;
	/** downloads in flight */
	concurrency?: number;
	/** Records per page; given, pages follow the `Sforce-Locator` chain even where result pages exist. */
	maxRecords?: number;
	/** Records handed over at a time (a bigger result page comes in parts); default BULK_SLICE_RECORDS. */
	sliceRecords?: number;
	resume?: BulkResumePoint;
	onJob?(job: BulkJobInfo): void;
	/** First wait between polls of the job (doubles up to 5 s); default 250 ms. */
	pollIntervalMs?: number;
	/** Longest wait for the job to complete; default 2 hours. */
	maxWaitMs?: number;
	sleep?: Sleep;
}

/**
 * Result pages downloaded at once. Salesforce lists result URLs five at a time; the next listing is asked
 * for while pages download, so more can be in flight. Each download is short (a stored CSV page), far from
 * the 20 s after which a request counts against the org's concurrent long-running requests.
 */
export const BULK_DOWNLOADS_IN_FLIGHT = 8;
/**
 * Records of a result page handed over at a time. A result page is as big as Salesforce makes it (10,000
 * records in the emulator); in parts of 2000, like REST pages, a run maps, stores and holds 2000 users at a
 * time (at 1,000,000 users the worker's peak heap went from 216–218 MB to 78–150 MB, BENCHMARKS.md).
 */
export const BULK_SLICE_RECORDS = 2000;
/** First API version with `/jobs/query/{id}/resultPages`. */
export const RESULT_PAGES_MIN_VERSION = 58;
const MAX_POLL_INTERVAL_MS = 5_000;
const PENDING = new Set(['UploadComplete', 'InProgress']);

function jobInfoOf(body: unknown): BulkJobInfo & { object: string } {
	const job = body as Record<string, unknown>;
	if (typeof job?.id !== 'string' || typeof job.state !== 'string')
		throw new AppFailure(
			appError('BAD_RESPONSE', 'Salesforce answered a Bulk job request without a job id and state.', {
				detail: body
			})
		);
	const version = Number(job.apiVersion);
	return {
		id: job.id,
		state: job.state as BulkJobInfo['state'],
		operation: job.operation === 'queryAll' ? 'queryAll' : 'query',
		numberRecordsProcessed: Number(job.numberRecordsProcessed ?? 0),
		...(typeof job.errorMessage === 'string' && job.errorMessage ? { errorMessage: job.errorMessage } : {}),
		apiVersion: Number.isFinite(version) ? version.toFixed(1) : String(job.apiVersion ?? ''),
		object: String(job.object ?? '')
	};
}

function endedBadly(job: BulkJobInfo): AppFailure | null {
	if (job.state === 'Failed')
		return new AppFailure(
			appError(
				'SF_BULK_JOB_FAILED',
				`The Bulk query job ${job.id} failed: ${job.errorMessage ?? 'no reason given'}`,
				{
					detail: job
				}
			)
		);
	if (job.state === 'Aborted')
		return new AppFailure(
			appError('SF_BULK_JOB_ABORTED', `The Bulk query job ${job.id} was aborted.`, { detail: job })
		);
	return null;
}

/** A resumed job that Salesforce no longer knows (deleted, or older than 7 days): start over. */
function jobGone(jobId: string, thrown: unknown): unknown {
	const error = toAppError(thrown);
	if (error.code !== 'SF_NOT_FOUND' && error.status !== 404) return thrown;
	return new AppFailure(
		appError(
			'SF_BULK_JOB_NOT_FOUND',
			`The Bulk query job ${jobId} no longer exists; the query starts over.`,
			{
				status: 404,
				detail: error
			}
		)
	);
}

/**
 * Runs a Bulk API 2.0 query job through the client's send path (auth, retries, 401 refresh) and yields every
 * result page, in parts of at most `sliceRecords`; aborting the signal aborts the job. Pages may come in any
 * order (the parts of a page in order, one after the other); each record comes once.
 * Salesforce aborts only jobs that have not completed: a cancel during the download leaves the completed
 * job (kept 7 days), so a later call with the last page's `resume` continues it; a resume of an aborted
 * job ends with SF_BULK_JOB_ABORTED, of a deleted or expired one with SF_BULK_JOB_NOT_FOUND.
 */
export async function* bulkQueryPages(
	client: SalesforceClient,
	soql: string,
	options: BulkQueryOptions = {}
): AsyncGenerator<BulkPage> {
	const reason = bulkUnsupportedReason(soql);
	if (reason) throw new AppFailure(appError('SF_BULK_UNSUPPORTED', `${reason}.`, { detail: { soql } }));
	const plan = planBulkQuery(soql);
	const { signal } = options;
	const sleep = options.sleep ?? defaultSleep;
	const location = client.location;
	const send = (request: Parameters<SalesforceClient['send']>[0]) => client.send(request, signal);

	let job = options.resume
		? jobInfoOf(
				(
					await send(buildQueryJobRequest(location, options.resume.jobId)).catch((thrown: unknown) => {
						throw jobGone(options.resume?.jobId ?? '', thrown);
					})
				).body
			)
		: jobInfoOf((await send(buildCreateQueryJobRequest(location, plan.soql, options.all === true))).body);
	const onAbort = () => {
		if (PENDING.has(job.state))
			client.send(buildAbortQueryJobRequest(location, job.id)).catch(() => undefined);
	};
	signal?.addEventListener('abort', onAbort, { once: true });
	if (signal?.aborted) onAbort();
	options.onJob?.(job);
	try {
		let waited = 0;
		let interval = options.pollIntervalMs ?? 250;
		const maxWaitMs = options.maxWaitMs ?? 2 * 3_600_000;
		while (PENDING.has(job.state)) {
			if (waited >= maxWaitMs)
				throw new AppFailure(
					appError(
						'SF_BULK_JOB_TIMEOUT',
						`The Bulk query job ${job.id} did not complete within ${Math.round(maxWaitMs / 1000)} s.`,
						{
							detail: job
						}
					)
				);
			await sleep(interval, signal);
			waited += interval;
			interval = Math.min(MAX_POLL_INTERVAL_MS, interval * 2);
			const next = jobInfoOf((await send(buildQueryJobRequest(location, job.id))).body);
			if (next.state !== job.state || next.numberRecordsProcessed !== job.numberRecordsProcessed)
				options.onJob?.(next);
			job = next;
		}
		const failure = endedBadly(job);
		if (failure) throw failure;

		const reader: BulkRecordReader = await createBulkRecordReader(
			plan,
			job.object,
			location.apiVersion,
			(name) => client.describe(name, { signal })
		);
		const source: PageSource =
			Number(location.apiVersion) >= RESULT_PAGES_MIN_VERSION && options.maxRecords === undefined
				? { kind: 'resultPages' }
				: { kind: 'locators', maxRecords: options.maxRecords };
		const { jobId: _jobId, delivered: resumed = [], partial, ...facts } = options.resume ?? {};
		const delivered = [...resumed];
		// The protocol's resume facts of the last page handed over whole (a part of a page resumes there).
		let wholeFacts: Record<string, unknown> = facts;
		const slice = Math.max(1, options.sliceRecords ?? BULK_SLICE_RECORDS);
		for await (const page of bulkDownloads(client, job.id, reader, source, {
			signal,
			sleep,
			concurrency: Math.max(1, options.concurrency ?? BULK_DOWNLOADS_IN_FLIGHT),
			resume: options.resume ?? null
		})) {
			const { records } = page;
			let start = partial?.key === page.key ? Math.min(partial.records, records.length) : 0;
			do {
				const end = Math.min(records.length, start + slice);
				const whole = end === records.length;
				if (whole) {
					delivered.push(page.key);
					wholeFacts = page.resume;
				}
				yield {
					records: start === 0 && whole ? records : records.slice(start, end),
					totalSize: job.numberRecordsProcessed,
					jobId: job.id,
					resume: {
						jobId: job.id,
						delivered: [...delivered],
						...wholeFacts,
						...(whole ? {} : { partial: { key: page.key, records: end } })
					},
					done: page.last && whole
				};
				start = end;
			} while (start < records.length);
		}
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
}
