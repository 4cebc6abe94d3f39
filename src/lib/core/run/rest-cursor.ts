/**
 * One REST query cursor walked to its end: pages by nextRecordsUrl (fetched ahead by the client), and,
 * when the cursor expires, the same rows continued by `WHERE Id > :lastId ORDER BY Id` (exact when the
 * rows come in Id order). Yields each page with the cursor's state after it, which is what a resume needs.
 */
import { AppFailure, appError, toAppError } from '../errors';
import type { QueryPage, QueryPagesOptions } from '../salesforce/client';
import type { SalesforceRecord } from '../salesforce/responses';
import { restartAfterId } from './soql';
import type { CursorState, RunCheckpoint } from './types';

/** The client calls a run makes through REST. */
export interface RestQueryClient {
	queryPages(soql: string, options?: QueryPagesOptions): AsyncIterable<QueryPage>;
}

/** How a cursor queries. */
export interface CursorOptions {
	all: boolean;
	batchSize: number;
	/** Rows come in Id order, so an expired cursor can be continued after its last Id. */
	orderedById: boolean;
	signal?: AbortSignal;
}

/** A page of a cursor with the cursor's state once it is delivered. */
export interface CursorPage {
	records: SalesforceRecord[];
	state: CursorState;
}

/** Walks a cursor from `start` to its end (see the module comment). */
export async function* cursorPages(
	client: RestQueryClient,
	start: CursorState,
	options: CursorOptions
): AsyncGenerator<CursorPage> {
	let state = { ...start };
	// A cursor past its first page without a next URL has no cursor to follow: go on after its last Id.
	let restarted = state.pages > 0 && state.nextRecordsUrl === null;
	if (restarted && !state.done && !options.orderedById)
		throw new AppFailure(
			appError(
				'SF_INVALID_LOCATOR',
				"The run has no cursor to continue from and the query's own ORDER BY keeps it from resuming exactly. Start the run again."
			)
		);
	while (!state.done) {
		const restartSoql = restarted ? restartQuery(state) : null;
		const startUrl = restartSoql === null ? (state.nextRecordsUrl ?? undefined) : undefined;
		const countBefore = state.received;
		let first = true;
		try {
			const pages = client.queryPages(restartSoql ?? state.soql, {
				all: options.all,
				batchSize: options.batchSize,
				signal: options.signal,
				startUrl
			});
			for await (const page of pages) {
				// The first page of a query (or of its Id restart) tells how many rows the cursor holds.
				const totalSize =
					first && (restartSoql !== null || state.totalSize === null)
						? countBefore + page.totalSize
						: state.totalSize;
				first = false;
				const last = page.records[page.records.length - 1];
				state = {
					...state,
					nextRecordsUrl: page.nextRecordsUrl,
					lastId: typeof last?.Id === 'string' ? last.Id : state.lastId,
					pages: state.pages + 1,
					received: state.received + page.records.length,
					totalSize,
					done: page.nextRecordsUrl === null
				};
				yield { records: page.records, state };
			}
		} catch (thrown) {
			const error = toAppError(thrown);
			if (error.code !== 'SF_INVALID_LOCATOR' || restarted) throw thrown;
			if (state.received > 0 && !options.orderedById)
				throw new AppFailure({
					...error,
					message:
						"The query cursor expired and the query's own ORDER BY keeps the run from resuming exactly. Start the run again."
				});
			restarted = true;
			continue;
		}
		if (options.signal?.aborted) return;
		if (!state.done)
			throw new AppFailure(appError('BAD_RESPONSE', 'Salesforce ended the query without its last page.'));
	}
}

function restartQuery(state: CursorState): string {
	return state.lastId === null ? state.soql : restartAfterId(state.soql, state.lastId, state.received);
}

/** A page as the run loop sees it, whatever the retrieval path: records and the position after them. */
export interface SourcePage {
	records: SalesforceRecord[];
	position: Pick<RunCheckpoint, 'nextRecordsUrl' | 'lastId' | 'done' | 'totalSize' | 'source'>;
}

/** The one-cursor REST path: the run's own query, its state kept in the checkpoint's top-level fields. */
export async function* sequentialSource(
	client: RestQueryClient,
	checkpoint: RunCheckpoint,
	options: Omit<CursorOptions, 'orderedById' | 'all'>
): AsyncGenerator<SourcePage> {
	const start: CursorState = {
		soql: checkpoint.soql,
		nextRecordsUrl: checkpoint.nextRecordsUrl,
		lastId: checkpoint.lastId,
		pages: checkpoint.pages,
		received: checkpoint.received,
		totalSize: checkpoint.totalSize,
		done: checkpoint.done
	};
	const cursorOptions = { ...options, all: checkpoint.all, orderedById: checkpoint.orderedById };
	for await (const { records, state } of cursorPages(client, start, cursorOptions))
		yield {
			records,
			position: {
				nextRecordsUrl: state.nextRecordsUrl,
				lastId: state.lastId,
				done: state.done,
				totalSize: state.totalSize
			}
		};
}
