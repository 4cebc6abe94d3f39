/**
 * The plain command: one run of a connector with its state in a directory. An interrupted run (killed,
 * paused on a network drop or a refused session) is resumed by the next invocation from its last stored
 * page; a finished one writes the users, the removed users and the run log, and becomes the previous
 * run of the next diff. Exit codes: 0 success, 2 partial, 1 failure.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { toAppError, type AppError } from '../lib/core/errors';
import type { ExportFormat } from '../lib/core/export';
import type { Connector, RunLog } from '../lib/core/model';
import { logCountersOf, newRunLog, type RunCheckpoint, type RunOutcome, type RunRow } from '../lib/core/run';
import { connect, credentialLabel, type CliCredential } from './credential';
import { createProgress, type ProgressReporter } from './progress';
import { writeRunOutput } from './output';
import { diffOutputs, mergeIncremental } from './snapshot';
import { StateDir, type StoredRun } from './state-dir';
import { runSync, windowOf } from './sync';
import type { FetchLike } from '../lib/core/salesforce';

/** What one run of the command needs. */
export interface RunCommandInput {
	connector: Connector;
	credential: CliCredential;
	stateDir: string;
	/** Where the users, removed users and logs go; default `<stateDir>/output`. */
	outDir?: string;
	format: ExportFormat;
	incremental: boolean;
	lookbackSeconds: number;
	/** Forget an interrupted run instead of resuming it. */
	restart?: boolean;
	fetch: FetchLike;
	progress?: ProgressReporter;
	log: (line: string) => void;
	now?: () => number;
	maxRows?: number;
	/** Stops the run after its current page (the checkpoint stays for the next invocation). */
	signal?: AbortSignal;
}

/** The exit code of a run status. */
export function exitCodeOf(status: RunLog['status']): number {
	return status === 'success' ? 0 : status === 'partial' ? 2 : 1;
}

function newLog(connector: Connector, credential: CliCredential, time: number): RunLog {
	return newRunLog(connector, {
		id: randomUUID(),
		time,
		trigger: 'schedule',
		credentials: credentialLabel(credential),
		credentialsId: null
	});
}

function withCounters(log: RunLog, checkpoint: RunCheckpoint): RunLog {
	return { ...log, ...logCountersOf(checkpoint) };
}

/** "CODE: message", as the app names a failure. */
export function describeError(error: AppError): string {
	return `${error.code}: ${error.message}`;
}

/** Runs the connector once and returns its final log. */
export async function runCommand(input: RunCommandInput): Promise<RunLog> {
	const now = input.now ?? (() => Date.now());
	const state = new StateDir(input.stateDir);
	const outDir = input.outDir ?? join(input.stateDir, 'output');
	const kind = input.connector.mapping.identifier.kind;
	await state.open();
	let stored = input.restart ? null : await state.storedRun();
	if (stored && stored.log.connectorId !== input.connector.id) stored = null;
	if (!stored) await state.clearRun();
	else await state.dropPagesAfter(stored.checkpoint.pages);
	const previous = await state.previousRows();
	const cursor = input.incremental && previous ? await state.cursor() : null;
	const incremental = input.incremental ? { cursor, lookbackSeconds: input.lookbackSeconds } : null;
	const since = stored ? stored.since : windowOf(incremental);
	let log = stored
		? { ...stored.log, status: 'running' as const, finishedAt: null }
		: newLog(input.connector, input.credential, now());
	if (stored) input.log(`Resuming run ${log.id} after page ${stored.checkpoint.pages}.`);

	const finish = async (status: RunLog['status'], error: AppError | null, description: string) => {
		log = { ...log, status, errorCode: error?.code ?? null, description, finishedAt: now() };
		await state.appendRunLog(log);
		return log;
	};

	const progress = input.progress ?? createProgress();
	let outcome: RunOutcome;
	let result: Awaited<ReturnType<typeof runSync>>;
	try {
		const { client } = await connect(input.credential, input.fetch);
		result = await runSync({
			runId: log.id,
			connector: input.connector,
			client,
			incremental,
			maxRows: input.maxRows,
			signal: input.signal,
			onProgress: (update) => progress.update(update),
			resume: stored
				? {
						checkpoint: stored.checkpoint,
						since: stored.since,
						cursor: stored.cursor,
						storedRows: () => state.pages(stored.checkpoint.pages)
					}
				: undefined,
			writePage: (page, rows, checkpoint, pageCursor) => {
				log = withCounters(log, checkpoint);
				const run: StoredRun = { log, checkpoint, since, cursor: pageCursor };
				return state.writePage(page, rows, run);
			}
		});
		outcome = result.outcome;
	} catch (thrown) {
		progress.stop();
		const error = toAppError(thrown);
		return finish('failure', error, error.message);
	}
	progress.stop();
	log = withCounters(log, outcome.checkpoint);
	if (outcome.status !== 'success' && outcome.status !== 'partial') {
		// The checkpoint stays: the next invocation resumes from the last stored page.
		return finish(
			outcome.status === 'paused' || outcome.status === 'cancelled' ? outcome.status : 'failure',
			outcome.error,
			outcome.description
		);
	}

	const fetched: RunRow[] = [];
	for await (const rows of state.pages()) fetched.push(...rows);
	let current = fetched;
	if (result.removed && previous) {
		const known = new Set(previous.map((row) => row.id));
		const removedIds = new Set(result.removed.filter((user) => known.has(user.id)).map((user) => user.id));
		current = mergeIncremental(kind, previous, fetched, removedIds).rows;
	}
	const diff = diffOutputs(kind, previous, current);
	const previousRun = (await state.runLogs()).filter((entry) => entry.status === 'success').at(-1);
	log = { ...log, diff: previous ? { previousRunId: previousRun?.id ?? null, ...diff.counts } : null };
	const users = result.removed ? [...diff.added, ...diff.changed] : current;
	const finished = await finish(
		outcome.status,
		outcome.error,
		describeOutcome(outcome, result.since, users.length, diff.removed.length)
	);
	await writeRunOutput({
		directory: outDir,
		format: input.format,
		columns: log.columns,
		users,
		removed: diff.removed,
		log: finished,
		allLogs: await state.runLogs()
	});
	if (outcome.status === 'success') {
		await state.writePreviousRows(current);
		if (result.cursor) await state.writeCursor(result.cursor);
	}
	await state.clearRun();
	return finished;
}

function describeOutcome(
	outcome: RunOutcome,
	since: string | null,
	written: number,
	removed: number
): string {
	if (since === null) return outcome.description;
	return `${outcome.description} Incremental since ${since}: ${written.toLocaleString('en-US')} added or changed, ${removed.toLocaleString('en-US')} removed.`;
}
