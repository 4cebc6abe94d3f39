/** Types shared by the pieces of a run: rows, checkpoint, sink, progress, outcome. */
import type { MappedRecord } from '../mapping/types';
import type { RunStatus } from '../model';
import type { AppError } from '../errors';
import type { SalesforceRecord } from '../salesforce/responses';
import type { ProgressCounters, RunCounters } from './counters';

export type { MappedRecord };

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
export interface RunCheckpoint extends RunCounters {
	/** The SOQL the run sends (filters and ORDER BY Id applied). */
	soql: string;
	/** Whether rows come in Id order, so an expired cursor can be replaced by `WHERE Id > :lastId`. */
	orderedById: boolean;
	/** queryAll (deleted and archived rows included). */
	all: boolean;
	/** Next page to fetch; null before the first page and once every page is in. */
	nextRecordsUrl: string | null;
	/** Id of the last record received. */
	lastId: string | null;
	/** Every page is in. */
	done: boolean;
	/** Beyond the one-cursor REST path: the path taken and where each of its parts stands. */
	source?: RetrievalState;
	/** The path taken and why, in words, for the run log ("REST, 4 partitions, 40,000 users"). */
	retrieval?: string;
}

/** Where one REST cursor stands. */
export interface CursorState {
	/** The query of this cursor (ORDER BY Id when it can be restarted after an Id). */
	soql: string;
	nextRecordsUrl: string | null;
	lastId: string | null;
	/** Pages delivered so far. */
	pages: number;
	/** Records delivered so far. */
	received: number;
	/** Rows the cursor announced; null before its first page. */
	totalSize: number | null;
	done: boolean;
}

/** The resume state of a path other than the one-cursor REST path (JSON, stored in the checkpoint). */
export type RetrievalState =
	| { kind: 'partitions'; partitions: CursorState[] }
	| { kind: 'bulk'; soql: string; resume: ({ jobId: string } & Record<string, unknown>) | null };

/** Receives each page; rows and checkpoint must land together (one transaction) or not at all. */
export interface RunSink {
	writePage(input: { runId: string; page: number; rows: RunRow[]; checkpoint: RunCheckpoint }): Promise<void>;
}

/** What the page shows while a run goes (sent at most every `progressIntervalMs`). */
export interface RunProgress extends ProgressCounters {
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

/**
 * A checkpoint as stored, read back: checkpoints written before the counters were shared named the page
 * count `page`; they resume the same way.
 */
export function readCheckpoint(stored: unknown): RunCheckpoint {
	const checkpoint = stored as RunCheckpoint & { page?: number };
	if (checkpoint.pages !== undefined || checkpoint.page === undefined) return checkpoint;
	const { page, ...rest } = checkpoint;
	return { ...rest, pages: page };
}
