/**
 * One run of a connector: filtered query → every page (fetched ahead) → mapping → page accounting
 * (identifier checks, dedupe, cap) → the page pipeline (one write in flight, rows and checkpoint
 * together) → an outcome whose counts reconcile with Salesforce's totalSize. Pure: the client, the
 * mapping and the sink are injected.
 *
 * Resuming: the checkpoint holds the next page's URL, the counts and the last Id received. The dedupe
 * state is not stored in it (3M hashes per page write would be too heavy); a resume rebuilds it from the
 * identifiers already stored. The run queries `ORDER BY Id` when the query has no ORDER BY of its own, so
 * an expired cursor is replaced exactly by `WHERE Id > :lastId ORDER BY Id` (no gaps, no duplicates).
 */
import { AppFailure, appError, toAppError, type AppError } from '../errors';
import type { Connector, RetrievalMode } from '../model';
import { accountPage } from './accounting';
import { blankCounters, copyCounters } from './counters';
import { IdentifierSet, normalizeIdentifier } from './identifiers';
import { attachLatestLogins } from './latest-login';
import { bulkSource, type BulkJobFacts, type BulkRetrieval } from './bulk-source';
import { chooseRetrieval, planRetrieval } from './choice';
import { describeEnd, describeStop } from './outcome';
import { partitionedSource, type PartitionClient } from './partitions';
import { createPagePipeline, type PagePipeline } from './pipeline';
import { sequentialSource, type RestQueryClient, type SourcePage } from './rest-cursor';
import { applyConnectorFilters, prepareRunQuery } from './soql';
import type { PageMapper, RunCheckpoint, RunOutcome, RunProgress, RunSink, StoredIdentifiers } from './types';

export { DUPLICATES_SAMPLE_SIZE } from './accounting';
export type * from './types';
export { readCheckpoint } from './types';

/** The default cap on processed rows (Q23). */
export const MAX_ROWS = 3_000_000;

/** Everything a run needs. */
export interface ExecuteRunOptions {
	runId: string;
	connector: Pick<
		Connector,
		'soql' | 'userStatus' | 'companyDomains' | 'batchSize' | 'includeDeleted' | 'mapping'
	> &
		Partial<Pick<Connector, 'latestLogin'>> & {
			/** How to fetch; absent means one REST cursor (the worker passes 'auto' for a stored connector without it). */
			retrieval?: RetrievalMode;
		};
	/** Without `query` (nothing to count with) runs use one REST cursor. */
	client: RestQueryClient & Partial<Pick<PartitionClient, 'query'>>;
	/** The Bulk API 2.0 client; without it runs use REST. */
	bulk?: BulkRetrieval;
	/** Hears the path the run takes and why, and again once a Bulk job has its id. */
	onRetrieval?: (retrieval: string) => void;
	mapping: PageMapper;
	sink: RunSink;
	signal?: AbortSignal;
	onProgress?: (progress: RunProgress) => void;
	now?: () => number;
	maxRows?: number;
	progressIntervalMs?: number;
	/** Hears the time of each stage of each page, for profiling. */
	onStageTime?: (stage: RunStage, ms: number) => void;
	/** Continue an interrupted run from its last checkpoint. */
	resume?: { checkpoint: RunCheckpoint; storedIdentifiers: StoredIdentifiers };
}

/**
 * The stages of a page in the run loop: waiting for the page (fetch, body and parse not overlapped with
 * the rest), the LoginHistory join, the mapping, the accounting (identifiers, dedupe) and waiting for the
 * write in flight.
 */
export type RunStage = 'wait' | 'latestLogin' | 'map' | 'account' | 'write';

/** Times a promise as a stage when a listener is there. */
function stageTimer(options: ExecuteRunOptions) {
	return async <T>(stage: RunStage, work: () => Promise<T>): Promise<T> => {
		if (!options.onStageTime) return work();
		const started = performance.now();
		try {
			return await work();
		} finally {
			options.onStageTime(stage, performance.now() - started);
		}
	};
}

/** Reports progress at most once per interval (always when forced). */
function progressReporter(options: ExecuteRunOptions, startedAt: number, now: () => number) {
	const interval = options.progressIntervalMs ?? 100;
	let lastReport = -Infinity;
	let receivedAtStart = 0;
	return {
		startFrom(checkpoint: RunCheckpoint) {
			receivedAtStart = checkpoint.received;
		},
		report(checkpoint: RunCheckpoint, force: boolean) {
			if (!options.onProgress) return;
			const at = now();
			if (!force && at - lastReport < interval) return;
			lastReport = at;
			const elapsedMs = at - startedAt;
			const rate = elapsedMs > 0 ? ((checkpoint.received - receivedAtStart) * 1000) / elapsedMs : 0;
			const left =
				checkpoint.totalSize === null ? null : Math.max(0, checkpoint.totalSize - checkpoint.received);
			const { pages, received, processed, skipped, duplicates, totalSize } = checkpoint;
			options.onProgress({
				...{ pages, received, processed, skipped, duplicates, totalSize },
				rate,
				etaMs: left === null ? null : left === 0 ? 0 : rate > 0 ? (left / rate) * 1000 : null,
				elapsedMs
			});
		}
	};
}

/** Rebuilds the dedupe state of a resumed run from the identifiers it already stored. */
async function rebuildSeen(options: ExecuteRunOptions, seen: IdentifierSet): Promise<void> {
	const kind = options.connector.mapping.identifier.kind;
	for await (const chunk of options.resume?.storedIdentifiers() ?? [])
		for (const value of chunk) {
			const identifier = normalizeIdentifier(value, kind);
			if (identifier.ok) seen.add(identifier.key);
		}
}

/** Runs a connector to its end, a pause, a cancel or a failure. Never throws. */
export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
	const now = options.now ?? (() => Date.now());
	const maxRows = options.maxRows ?? MAX_ROWS;
	const startedAt = now();
	const progress = progressReporter(options, startedAt, now);
	const seen = new IdentifierSet();
	const context = { kind: options.connector.mapping.identifier.kind, seen, maxRows };
	let pipeline: PagePipeline | null = null;
	let start = options.resume ? copyCounters(options.resume.checkpoint) : blankCheckpoint(options);
	const stored = () => pipeline?.stored ?? start;
	const finish = (ending: Pick<RunOutcome, 'status' | 'error' | 'description'>): RunOutcome => {
		progress.report(stored(), true);
		return { ...ending, checkpoint: copyCounters(stored()), startedAt, finishedAt: now() };
	};

	try {
		// A run stopped before its first page (while counting, say) starts afresh: nothing is stored.
		if (options.resume && start.pages > 0) await rebuildSeen(options, seen);
		else start = await plannedCheckpoint(options);
		progress.startFrom(start);
		let retrieval = start.retrieval;
		if (retrieval) options.onRetrieval?.(retrieval);
		const onJob = (job: BulkJobFacts) => {
			if (!start.retrieval || retrieval?.includes(job.id)) return;
			retrieval = `${start.retrieval}, job ${job.id}`;
			options.onRetrieval?.(retrieval);
		};
		const writes = createPagePipeline(options.sink, options.runId, start, (checkpoint) =>
			progress.report(checkpoint, false)
		);
		pipeline = writes;
		let capped = false;
		const pages = openSource(options, start, onJob)[Symbol.asyncIterator]();
		const timed = stageTimer(options);
		try {
			for (;;) {
				const next = await timed('wait', () => pages.next());
				if (next.done) break;
				const page = next.value;
				if (options.connector.latestLogin)
					await timed('latestLogin', () =>
						attachLatestLogins(options.client, page.records, { signal: options.signal })
					);
				const mapped = await timed('map', () => options.mapping.mapPage(page.records));
				const accounting = performance.now();
				const before = { ...writes.newest(), totalSize: page.position.totalSize };
				const account = accountPage(before, mapped, page.records.length, !page.position.done, context);
				options.onStageTime?.('account', performance.now() - accounting);
				capped = account.capped;
				const checkpoint: RunCheckpoint = {
					...account.counters,
					lastId: page.position.lastId ?? before.lastId,
					nextRecordsUrl: capped ? null : page.position.nextRecordsUrl,
					done: !capped && page.position.done,
					...(page.position.source ? { source: page.position.source } : {}),
					...(retrieval ? { retrieval } : {})
				};
				await timed('write', () => writes.write(account.rows, checkpoint));
				if (capped || options.signal?.aborted) break;
			}
		} finally {
			void pages.return?.(undefined)?.catch(() => undefined);
			await timed('write', () => writes.flush());
		}
		return finish(
			describeEnd(writes.stored, { cancelled: options.signal?.aborted ?? false, capped, maxRows })
		);
	} catch (thrown) {
		// A failed write leaves `stored` at the last page stored, where a resume starts.
		await pipeline?.flush().catch(() => undefined);
		const error: AppError = toAppError(thrown);
		return finish(describeStop(stored(), error, options.signal?.aborted ?? false));
	}
}

/** The checkpoint a new run starts from: its query prepared and, unless set to one cursor, its path chosen. */
async function plannedCheckpoint(options: ExecuteRunOptions): Promise<RunCheckpoint> {
	const { connector, client } = options;
	const filteredSoql = applyConnectorFilters(connector.soql, connector);
	const prepared = prepareRunQuery(filteredSoql);
	const start = { ...blankCheckpoint(options), soql: prepared.soql, orderedById: prepared.orderedById };
	const mode = connector.retrieval ?? 'rest';
	if (connector.retrieval === 'rest')
		return {
			...start,
			retrieval: chooseRetrieval({ mode, count: null, bulkUnsupported: null, partitionUnsupported: null }).why
		};
	if (mode === 'rest' || !client.query) return start;
	const planClient = { queryPages: client.queryPages.bind(client), query: client.query.bind(client) };
	return planRetrieval(start, {
		mode,
		client: planClient,
		bulk: options.bulk,
		filteredSoql,
		signal: options.signal
	});
}

/** The pages of the run's path, from where the checkpoint stands. */
function openSource(
	options: ExecuteRunOptions,
	checkpoint: RunCheckpoint,
	onJob: (job: BulkJobFacts) => void
): AsyncIterable<SourcePage> {
	const { batchSize } = options.connector;
	const { signal } = options;
	const source = checkpoint.source;
	if (source?.kind === 'partitions')
		return partitionedSource(options.client, source.partitions, {
			all: checkpoint.all,
			batchSize,
			estimate: checkpoint.totalSize,
			signal
		});
	if (source?.kind === 'bulk') {
		if (!options.bulk)
			throw new AppFailure(appError('SF_BULK_UNSUPPORTED', 'This run needs the Bulk API 2.0 client.'));
		return bulkSource(options.bulk, source, {
			all: checkpoint.all,
			totalSize: checkpoint.totalSize ?? 0,
			signal,
			onJob
		});
	}
	return sequentialSource(options.client, checkpoint, { batchSize, signal });
}

/** A checkpoint before any page: the starting point, and what an outcome holds if preparing the query fails. */
function blankCheckpoint(options: ExecuteRunOptions): RunCheckpoint {
	return {
		...blankCounters(),
		soql: options.connector.soql,
		orderedById: false,
		all: options.connector.includeDeleted,
		nextRecordsUrl: null,
		lastId: null,
		done: false
	};
}
