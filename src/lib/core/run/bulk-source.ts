/**
 * The Bulk API 2.0 path of a run: one query job, its result pages as they come (in any order), the
 * job's resume point kept in the checkpoint. The Bulk client is injected (BulkRetrieval), so tests can
 * stand in for it; `bulkRetrievalFor` gives the real one.
 */
import { AppFailure, appError, toAppError } from '../errors';
import {
	BULK_DOWNLOADS_IN_FLIGHT,
	bulkQueryPages,
	bulkUnsupportedReason,
	type BulkQueryOptions,
	type BulkResumePoint
} from '../salesforce/bulk';
import type { SalesforceClient } from '../salesforce/client';
import type { SalesforceRecord } from '../salesforce/responses';
import type { SourcePage } from './rest-cursor';
import type { RetrievalState } from './types';

/** Where a Bulk job stands (the parts a run reads). */
export interface BulkJobFacts {
	id: string;
	state: string;
	numberRecordsProcessed: number;
}

/** A point to resume a Bulk query from (job id + pages delivered). */
export type BulkResume = { jobId: string } & Record<string, unknown>;

/** One result page of a Bulk query, typed like a REST page. */
export interface BulkResultPage {
	records: SalesforceRecord[];
	totalSize: number;
	jobId: string;
	resume: BulkResume;
	done: boolean;
}

/** The Bulk API 2.0 query client as a run uses it. */
export interface BulkRetrieval {
	/** Why Bulk cannot run this query, or null when it can. */
	unsupportedReason(soql: string): string | null;
	/** Runs the job and yields every result page once; aborting the signal aborts the job. */
	pages(
		soql: string,
		options: {
			all: boolean;
			signal?: AbortSignal;
			concurrency: number;
			resume?: BulkResume;
			onJob?(job: BulkJobFacts): void;
		}
	): AsyncIterable<BulkResultPage>;
}

/**
 * Every result page of the job as a run page; the last one says the job is done. A job to resume that
 * is gone or was aborted before it delivered anything (cancelled while it ran) is started again; one that
 * had delivered users ends the run with a message to start a new one.
 */
export async function* bulkSource(
	bulk: BulkRetrieval,
	state: Extract<RetrievalState, { kind: 'bulk' }>,
	options: BulkSourceOptions
): AsyncGenerator<SourcePage> {
	let delivered = false;
	try {
		for await (const page of jobPages(bulk, state, options)) {
			delivered = true;
			yield page;
		}
	} catch (thrown) {
		const error = toAppError(thrown);
		const restartable = error.code === 'SF_BULK_JOB_NOT_FOUND' || error.code === 'SF_BULK_JOB_ABORTED';
		if (!restartable || !state.resume || options.signal?.aborted) throw thrown;
		const undelivered =
			!delivered &&
			(state.resume.delivered as unknown[] | undefined)?.length === 0 &&
			state.resume.partial === undefined;
		// Started again, the job would hand over the users this run already stored a second time.
		if (!undelivered)
			throw new AppFailure(
				appError(
					error.code,
					`The Bulk query job ${state.resume.jobId} is gone or was aborted, and this run already stored part of its users: start a new run.`,
					{ detail: error }
				)
			);
		yield* jobPages(bulk, { ...state, resume: null }, { ...options, totalSize: 0 });
	}
}

/** How a Bulk run reads its job. */
interface BulkSourceOptions {
	all: boolean;
	/** What the job announced before a resume (0 for a new job). */
	totalSize: number;
	signal?: AbortSignal;
	onJob?(job: BulkJobFacts): void;
}

async function* jobPages(
	bulk: BulkRetrieval,
	state: Extract<RetrievalState, { kind: 'bulk' }>,
	options: BulkSourceOptions
): AsyncGenerator<SourcePage> {
	let last: { totalSize: number; resume: BulkResume | null; done: boolean } = {
		totalSize: options.totalSize,
		resume: state.resume,
		done: false
	};
	const position = (done: boolean) => ({
		nextRecordsUrl: null,
		lastId: null,
		done,
		totalSize: last.totalSize,
		source: { kind: 'bulk' as const, soql: state.soql, resume: last.resume }
	});
	const pages = bulk.pages(state.soql, {
		all: options.all,
		signal: options.signal,
		concurrency: BULK_DOWNLOADS_IN_FLIGHT,
		resume: state.resume ?? undefined,
		onJob: options.onJob
	});
	for await (const page of pages) {
		last = { totalSize: page.totalSize, resume: page.resume, done: page.done };
		yield { records: page.records, position: position(page.done) };
	}
	// A job whose pages ended without one marked last (or with none at all) is done all the same.
	if (!last.done && !options.signal?.aborted) yield { records: [], position: position(true) };
}

/** The Bulk API 2.0 client of this product over a Salesforce client (polling tunable for tests). */
export function bulkRetrievalFor(
	client: SalesforceClient,
	polling: Pick<BulkQueryOptions, 'pollIntervalMs' | 'sleep'> = {}
): BulkRetrieval {
	return {
		unsupportedReason: bulkUnsupportedReason,
		pages: (soql, options) =>
			bulkQueryPages(client, soql, {
				...polling,
				...options,
				resume: options.resume as BulkResumePoint | undefined
			})
	};
}
