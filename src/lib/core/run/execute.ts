/**
 * One run of a connector: filtered query → every page (fetched ahead) → mapping → identifier checks and
 * dedupe → one `writePage` per page (rows and checkpoint together) → an outcome whose counts reconcile
 * with Salesforce's totalSize. Pure: the client, the mapping and the sink are injected.
 *
 * Resuming: the checkpoint holds the next page's URL, the counts and the last Id received. The dedupe
 * state is not stored in it (3M hashes per page write would be too heavy); a resume rebuilds it from the
 * identifiers already stored. The run queries `ORDER BY Id` when the query has no ORDER BY of its own, so
 * an expired cursor is replaced exactly by `WHERE Id > :lastId ORDER BY Id` (no gaps, no duplicates).
 */
import { AppFailure, appError, toAppError, type AppError, type ErrorCode } from '../errors';
import type { Connector, RunStatus } from '../model';
import type { QueryPage, QueryPagesOptions } from '../salesforce/client';
import type { SalesforceRecord } from '../salesforce/responses';
import { hashValues, IdentifierSet, normalizeIdentifier } from './identifiers';
import { attachLatestLogins } from './latest-login';
import { applyConnectorFilters, prepareRunQuery, restartAfterId } from './soql';

/** The default cap on processed rows (Q23). */
export const MAX_ROWS = 3_000_000;
/** Duplicates listed by identifier at most (the rest are only counted). */
export const DUPLICATES_SAMPLE_SIZE = 100;

/** A mapped record as the mapping engine returns it. */
export interface MappedRecord {
	id: string | null;
	identifier: unknown;
	values: Record<string, unknown>;
	errors: { target: string; code: string; message: string }[];
}

/** The compiled mapping: one call per page. */
export interface PageMapper {
	mapPage(records: SalesforceRecord[]): Promise<MappedRecord[]>;
}

/** A stored result row. */
export interface RunRow {
	/** Salesforce Id of the record. */
	id: string | null;
	/** The identifier, trimmed. */
	identifier: string;
	values: Record<string, unknown>;
	/** Hash of the values, for the diff with the previous run. */
	hash: number;
	/** Fields the mapping could not fill, when any. */
	errors?: MappedRecord['errors'];
}

/** Where a run stands after a page: written with the page's rows in one transaction. */
export interface RunCheckpoint {
	/** The SOQL the run sends (filters and ORDER BY Id applied). */
	soql: string;
	/** Whether rows come in Id order, so an expired cursor can be replaced by `WHERE Id > :lastId`. */
	orderedById: boolean;
	/** queryAll (deleted and archived rows included). */
	all: boolean;
	/** Next page to fetch; null before the first page and once every page is in. */
	nextRecordsUrl: string | null;
	/** Pages written so far. */
	page: number;
	/** Records received from Salesforce. */
	received: number;
	/** Rows stored. */
	processed: number;
	/** Records skipped for their identifier. */
	skipped: number;
	/** Records whose identifier was already stored. */
	duplicates: number;
	/** Id of the last record received. */
	lastId: string | null;
	skippedReasons: Record<string, number>;
	duplicatesSample: string[];
	/** Mapped fields that failed to evaluate (the row is kept without them). */
	fieldErrors: number;
	/** Rows Salesforce announced for the whole run; null before the first page. */
	totalSize: number | null;
	/** Every page is in. */
	done: boolean;
}

/** Receives each page; rows and checkpoint must land together (one transaction) or not at all. */
export interface RunSink {
	writePage(input: { runId: string; page: number; rows: RunRow[]; checkpoint: RunCheckpoint }): Promise<void>;
}

/** What the page shows while a run goes (sent at most every `progressIntervalMs`). */
export interface RunProgress {
	pages: number;
	received: number;
	processed: number;
	skipped: number;
	duplicates: number;
	totalSize: number | null;
	/** Records received per second in this session. */
	rate: number;
	/** Estimated milliseconds left; null while unknown. */
	etaMs: number | null;
	elapsedMs: number;
}

/** How a run ended. */
export interface RunOutcome {
	status: Extract<RunStatus, 'success' | 'partial' | 'failure' | 'paused' | 'cancelled'>;
	error: AppError | null;
	/** What happened, in words a person can act on. */
	description: string;
	/** The last checkpoint written (the one to resume from). */
	checkpoint: RunCheckpoint;
	startedAt: number;
	finishedAt: number;
}

/** A way to read the identifiers already stored for a run (to rebuild dedupe state on resume). */
export type StoredIdentifiers = () => AsyncIterable<readonly string[]>;

/** Everything a run needs. */
export interface ExecuteRunOptions {
	runId: string;
	connector: Pick<
		Connector,
		'soql' | 'userStatus' | 'companyDomains' | 'batchSize' | 'includeDeleted' | 'mapping'
	> &
		Partial<Pick<Connector, 'latestLogin'>>;
	client: { queryPages(soql: string, options?: QueryPagesOptions): AsyncIterable<QueryPage> };
	mapping: PageMapper;
	sink: RunSink;
	signal?: AbortSignal;
	onProgress?: (progress: RunProgress) => void;
	now?: () => number;
	maxRows?: number;
	progressIntervalMs?: number;
	/** Continue an interrupted run from its last checkpoint. */
	resume?: { checkpoint: RunCheckpoint; storedIdentifiers: StoredIdentifiers };
}

/** Errors after which a run pauses (its checkpoint kept) rather than fails. */
const PAUSING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
	'AUTH_SIGN_IN_AGAIN',
	'SF_INVALID_SESSION',
	'NETWORK',
	'CORS_OR_NETWORK',
	'STORAGE_QUOTA'
]);

const number = (value: number) => value.toLocaleString('en-US');
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function initialCheckpoint(options: ExecuteRunOptions): RunCheckpoint {
	const { connector } = options;
	const prepared = prepareRunQuery(applyConnectorFilters(connector.soql, connector));
	return { ...blankCheckpoint(options), soql: prepared.soql, orderedById: prepared.orderedById };
}

function copyCheckpoint(checkpoint: RunCheckpoint): RunCheckpoint {
	return {
		...checkpoint,
		skippedReasons: { ...checkpoint.skippedReasons },
		duplicatesSample: [...checkpoint.duplicatesSample]
	};
}

function summary(checkpoint: RunCheckpoint): string {
	const extras = [
		checkpoint.skipped ? `${number(checkpoint.skipped)} skipped` : '',
		checkpoint.duplicates ? `${number(checkpoint.duplicates)} duplicates` : '',
		checkpoint.fieldErrors ? `${number(checkpoint.fieldErrors)} field errors` : ''
	].filter(Boolean);
	return `${number(checkpoint.processed)} users imported from ${number(checkpoint.received)} received${
		extras.length ? ` (${extras.join(', ')})` : ''
	}.`;
}

/** Runs a connector to its end, a pause, a cancel or a failure. Never throws. */
export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
	const now = options.now ?? (() => Date.now());
	const maxRows = options.maxRows ?? MAX_ROWS;
	const interval = options.progressIntervalMs ?? 100;
	const kind = options.connector.mapping.identifier.kind;
	const startedAt = now();
	const identifiers = new IdentifierSet();
	let checkpoint: RunCheckpoint = options.resume
		? copyCheckpoint(options.resume.checkpoint)
		: blankCheckpoint(options);
	let receivedAtStart = checkpoint.received;
	let lastProgress = -Infinity;
	/**
	 * The page being written while the next one is mapped: one at a time, in order. `checkpoint` is what is
	 * stored; the newest state is the written page's until its write ends.
	 */
	let inFlight: { checkpoint: RunCheckpoint; write: Promise<void> } | null = null;
	const newest = () => inFlight?.checkpoint ?? checkpoint;
	/** Waits for the page being written; throws its write's error. */
	async function flush(): Promise<void> {
		const pending = inFlight;
		inFlight = null;
		if (pending) await pending.write;
	}

	const finish = (status: RunOutcome['status'], error: AppError | null, description: string): RunOutcome => {
		report(true);
		return {
			status,
			error,
			description,
			checkpoint: copyCheckpoint(checkpoint),
			startedAt,
			finishedAt: now()
		};
	};

	function report(force: boolean) {
		if (!options.onProgress) return;
		const at = now();
		if (!force && at - lastProgress < interval) return;
		lastProgress = at;
		const elapsedMs = at - startedAt;
		const rate = elapsedMs > 0 ? ((checkpoint.received - receivedAtStart) * 1000) / elapsedMs : 0;
		const left =
			checkpoint.totalSize === null ? null : Math.max(0, checkpoint.totalSize - checkpoint.received);
		options.onProgress({
			pages: checkpoint.page,
			received: checkpoint.received,
			processed: checkpoint.processed,
			skipped: checkpoint.skipped,
			duplicates: checkpoint.duplicates,
			totalSize: checkpoint.totalSize,
			rate,
			etaMs: left === null ? null : left === 0 ? 0 : rate > 0 ? (left / rate) * 1000 : null,
			elapsedMs
		});
	}

	try {
		if (options.resume) {
			for await (const chunk of options.resume.storedIdentifiers()) {
				for (const value of chunk) {
					const identifier = normalizeIdentifier(value, kind);
					if (identifier.ok) identifiers.add(identifier.key);
				}
			}
			receivedAtStart = checkpoint.received;
		} else checkpoint = initialCheckpoint(options);

		let capped = false;
		// A checkpoint past its first page without a next URL has no cursor to follow: go on after its last Id.
		let restarted = checkpoint.page > 0 && checkpoint.nextRecordsUrl === null;
		if (restarted && !checkpoint.done && !checkpoint.orderedById)
			return finish(
				'failure',
				appError('SF_INVALID_LOCATOR', 'The run has no cursor to continue from.'),
				"The run has no cursor to continue from and the query's own ORDER BY keeps it from resuming exactly. Start the run again."
			);
		while (!checkpoint.done && !capped) {
			const restartSoql: string | null = restarted ? restartAfterIdOrScratch(checkpoint) : null;
			const startUrl = restartSoql === null ? (checkpoint.nextRecordsUrl ?? undefined) : undefined;
			const countBefore = checkpoint.received;
			let first = true;
			try {
				const pages = options.client.queryPages(restartSoql ?? checkpoint.soql, {
					all: checkpoint.all,
					batchSize: options.connector.batchSize,
					signal: options.signal,
					startUrl
				});
				for await (const page of pages) {
					// The first page of a query (or of its Id restart) tells how many rows the run expects.
					const totalSize =
						first && (restartSoql !== null || checkpoint.totalSize === null)
							? countBefore + page.totalSize
							: newest().totalSize;
					first = false;
					capped = await processPage(page, totalSize);
					if (capped || options.signal?.aborted) break;
				}
				await flush();
			} catch (thrown) {
				await flush();
				const error = toAppError(thrown);
				if (error.code !== 'SF_INVALID_LOCATOR' || restarted) throw thrown;
				if (checkpoint.received > 0 && !checkpoint.orderedById)
					return finish(
						'failure',
						error,
						"The query cursor expired and the query's own ORDER BY keeps the run from resuming exactly. Start the run again."
					);
				restarted = true;
				continue;
			}
			if (options.signal?.aborted) break;
			if (!capped && !checkpoint.done)
				throw new AppFailure(appError('BAD_RESPONSE', 'Salesforce ended the query without its last page.'));
		}

		if (options.signal?.aborted && !checkpoint.done && !capped)
			return finish(
				'cancelled',
				appError('RUN_CANCELLED', 'Cancelled.'),
				`Cancelled after page ${number(checkpoint.page)}. ${summary(checkpoint)}`
			);
		if (capped)
			return finish(
				'partial',
				appError('RUN_TOO_MANY_ROWS', 'Too many rows received.'),
				`Too many rows received: only the first ${number(maxRows)} were processed.`
			);
		if (checkpoint.received !== checkpoint.totalSize)
			return finish(
				'partial',
				appError('RUN_COUNT_MISMATCH', 'Rows received differ from the total Salesforce announced.'),
				`Salesforce announced ${number(checkpoint.totalSize ?? 0)} users but sent ${number(
					checkpoint.received
				)}: the result may be incomplete. Run it again; if it repeats, narrow the query. ${summary(checkpoint)}`
			);
		return finish('success', null, summary(checkpoint));
	} catch (thrown) {
		// A failed write leaves `checkpoint` at the last page stored, where a resume starts.
		await flush().catch(() => undefined);
		const error = toAppError(thrown);
		if (error.code === 'ABORTED' && options.signal?.aborted)
			return finish(
				'cancelled',
				appError('RUN_CANCELLED', 'Cancelled.'),
				`Cancelled after page ${number(checkpoint.page)}. ${summary(checkpoint)}`
			);
		if (PAUSING.has(error.code))
			return finish(
				'paused',
				error,
				`Paused after page ${number(checkpoint.page)}: ${sentence(error.message)} Resume to continue from there.`
			);
		return finish('failure', error, error.message);
	}

	/** Maps, checks and writes one page; true when the row cap cut it short. */
	async function processPage(page: QueryPage, totalSize: number | null): Promise<boolean> {
		if (options.connector.latestLogin)
			await attachLatestLogins(options.client, page.records, { signal: options.signal });
		const mapped = await options.mapping.mapPage(page.records);
		const next = { ...copyCheckpoint(newest()), totalSize };
		const rows: RunRow[] = [];
		let capped = false;
		for (let index = 0; index < mapped.length; index++) {
			if (next.processed >= maxRows) {
				capped = true;
				break;
			}
			const record = mapped[index];
			const identifier = normalizeIdentifier(record.identifier, kind);
			if (!identifier.ok) {
				next.skipped++;
				next.skippedReasons[identifier.reason] = (next.skippedReasons[identifier.reason] ?? 0) + 1;
				continue;
			}
			if (!identifiers.add(identifier.key)) {
				next.duplicates++;
				if (next.duplicatesSample.length < DUPLICATES_SAMPLE_SIZE)
					next.duplicatesSample.push(identifier.display);
				continue;
			}
			next.processed++;
			next.fieldErrors += record.errors.length;
			rows.push({
				id: record.id,
				identifier: identifier.display,
				values: record.values,
				hash: hashValues(record.values),
				...(record.errors.length ? { errors: record.errors } : {})
			});
		}
		if (!capped && next.processed >= maxRows && page.nextRecordsUrl !== null) capped = true;
		const lastRecord = page.records[page.records.length - 1];
		next.received += page.records.length;
		next.page++;
		if (typeof lastRecord?.Id === 'string') next.lastId = lastRecord.Id;
		next.nextRecordsUrl = capped ? null : page.nextRecordsUrl;
		next.done = !capped && page.nextRecordsUrl === null;
		await flush();
		const write = options.sink
			.writePage({ runId: options.runId, page: next.page, rows, checkpoint: copyCheckpoint(next) })
			.then(() => {
				checkpoint = next;
				report(false);
			});
		// Awaited by flush(); this only keeps a failure before then from counting as unhandled.
		write.catch(() => undefined);
		inFlight = { checkpoint: next, write };
		return capped;
	}

	function restartAfterIdOrScratch(at: RunCheckpoint): string {
		return at.lastId === null ? at.soql : restartAfterId(at.soql, at.lastId, at.received);
	}
}

/** A checkpoint before any page: the starting point, and what an outcome holds if preparing the query fails. */
function blankCheckpoint(options: ExecuteRunOptions): RunCheckpoint {
	return {
		soql: options.connector.soql,
		orderedById: false,
		all: options.connector.includeDeleted,
		nextRecordsUrl: null,
		page: 0,
		received: 0,
		processed: 0,
		skipped: 0,
		duplicates: 0,
		lastId: null,
		skippedReasons: {},
		duplicatesSample: [],
		fieldErrors: 0,
		totalSize: null,
		done: false
	};
}
