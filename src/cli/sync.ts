/**
 * One sync as the three modes share it: the app's run pipeline (`executeRun`: filters, mapping, identifiers,
 * dedupe, cap, count reconciliation), full or incremental, with the cursor tracked page by page.
 *
 * Incremental runs read `SystemModstamp >= cursor - lookback`. Users are never deleted in Salesforce, only
 * deactivated, so "removed" means: modified since the window start and no longer in the output — deactivated,
 * moved out of the connector's filters or its WHERE, left without an identifier, or (for objects that are
 * deleted, and in the emulator) deleted. The probe that finds them is `queryAll` over the same window
 * without any filter, sent before the run's own query: a user the probe sees that the later run does not
 * output no longer belongs to the output.
 */
import { compileMapping } from '../lib/core/mapping';
import type { Connector } from '../lib/core/model';
import {
	executeRun,
	modifiedSinceQuery,
	normalizeIdentifier,
	parseSoql,
	type RunCheckpoint,
	type RunOutcome,
	type RunProgress,
	type RunRow
} from '../lib/core/run';
import type { SalesforceClient } from '../lib/core/salesforce';
import { composeQuery } from '@jetstreamapp/soql-parser-js';
import { laterCursor, trackCursor, windowStart, type Cursor } from './cursor';

/** The start of every cursor: a full run that tracks the cursor reads from here. */
export const BEGINNING = '1970-01-01T00:00:00.000Z';

/** How a sync runs. */
export interface SyncInput {
	runId: string;
	connector: Connector;
	client: SalesforceClient;
	/** Track the cursor; with a cursor, read only what changed since it (minus the lookback). */
	incremental: { cursor: Cursor | null; lookbackSeconds: number } | null;
	/** Stores one page: its rows, the checkpoint counting it and the cursor up to it. */
	writePage(page: number, rows: RunRow[], checkpoint: RunCheckpoint, cursor: Cursor | null): Promise<void>;
	/** Continue an interrupted run: its checkpoint, window and cursor, and the rows it stored. */
	resume?: {
		checkpoint: RunCheckpoint;
		storedRows: () => AsyncIterable<RunRow[]>;
		since: string | null;
		cursor: Cursor | null;
	};
	onProgress?: (progress: RunProgress) => void;
	signal?: AbortSignal;
	maxRows?: number;
}

/** A user the probe saw that the run did not output. */
export interface RemovedUser {
	id: string;
	/** The identifier the mapping gives it now (null when it has none). */
	identifier: string | null;
}

/** How a sync ended. */
export interface SyncResult {
	outcome: RunOutcome;
	/** Start of the modified-since window; null for a full run. */
	since: string | null;
	cursor: Cursor | null;
	/** Incremental runs only: users modified in the window that are no longer in the output. */
	removed: RemovedUser[] | null;
}

/** The window of an incremental run: null (a full run) until there is a cursor. */
export function windowOf(incremental: SyncInput['incremental']): string | null {
	return incremental?.cursor ? windowStart(incremental.cursor, incremental.lookbackSeconds) : null;
}

/** The probe's query: the connector's fields, no filter at all, only the window. */
function probeQuery(soql: string, since: string): string {
	const query = parseSoql(soql);
	delete query.where;
	delete query.orderBy;
	delete query.limit;
	delete query.offset;
	return modifiedSinceQuery(composeQuery(query), since);
}

/** Every user modified since `since`, deleted or not, with the identifier the mapping gives it. */
async function probe(input: SyncInput, since: string): Promise<Map<string, string | null>> {
	const mapping = compileMapping(input.connector.mapping);
	const kind = input.connector.mapping.identifier.kind;
	const seen = new Map<string, string | null>();
	const pages = input.client.queryPages(probeQuery(input.connector.soql, since), {
		all: true,
		batchSize: input.connector.batchSize,
		signal: input.signal
	});
	for await (const page of pages)
		for (const record of await mapping.mapPage(page.records)) {
			if (record.id === null) continue;
			const identifier = normalizeIdentifier(record.identifier, kind);
			seen.set(record.id, identifier.ok ? identifier.display : null);
		}
	return seen;
}

/** Runs the connector once (full, incremental, or the rest of an interrupted run). */
export async function runSync(input: SyncInput): Promise<SyncResult> {
	const since = input.resume ? input.resume.since : windowOf(input.incremental);
	// A resumed incremental run stays incremental, whatever this invocation asked for.
	const tracking = input.incremental !== null || since !== null;
	const probed = since === null ? null : await probe(input, since);
	const connector = tracking
		? { ...input.connector, soql: modifiedSinceQuery(input.connector.soql, since ?? BEGINNING) }
		: input.connector;
	const startCursor = input.resume?.cursor ?? input.incremental?.cursor ?? null;
	const tracker = trackCursor(input.client, {
		page: input.resume?.checkpoint.pages ?? 0,
		cursor: startCursor
	});
	const outputIds = new Set<string>();
	const storedRows = input.resume?.storedRows;
	async function* storedIdentifiers(): AsyncGenerator<string[]> {
		for await (const rows of storedRows ? storedRows() : []) {
			for (const row of rows) if (row.id !== null) outputIds.add(row.id);
			yield rows.map((row) => row.identifier);
		}
	}
	const outcome = await executeRun({
		runId: input.runId,
		connector,
		client: tracking ? tracker.client : input.client,
		mapping: compileMapping(connector.mapping),
		sink: {
			writePage: async ({ page, rows, checkpoint }) => {
				for (const row of rows) if (row.id !== null) outputIds.add(row.id);
				await input.writePage(page, rows, checkpoint, tracking ? tracker.cursorUpTo(page) : null);
			}
		},
		signal: input.signal,
		onProgress: input.onProgress,
		maxRows: input.maxRows,
		resume: input.resume ? { checkpoint: input.resume.checkpoint, storedIdentifiers } : undefined
	});
	const cursor = tracking ? laterCursor(startCursor, tracker.cursorUpTo(outcome.checkpoint.pages)) : null;
	const removed =
		probed === null
			? null
			: [...probed].filter(([id]) => !outputIds.has(id)).map(([id, identifier]) => ({ id, identifier }));
	return { outcome, since, cursor, removed };
}
