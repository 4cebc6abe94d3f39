/**
 * Runs inside the worker: start, resume, cancel, and what surrounds a run (its log, one run per
 * connector across tabs, the diff with the previous run, housekeeping of old results).
 */
import { appError, AppFailure, toAppError, type AppError, type Result } from '../core/errors';
import { compileMapping, mappingInvalid, validateMapping } from '../core/mapping';
import type { Connector, RunDiffSummary, RunLog } from '../core/model';
import {
	bulkRetrievalFor,
	diffRuns,
	executeRun,
	logCountersOf,
	newRunLog,
	readCheckpoint,
	type RunCheckpoint,
	type RunOutcome,
	type RunProgress,
	type RunStage
} from '../core/run';
import { buildSearchTexts } from '../store/chunk-records';
import type { ConnectorDatabase } from '../store/db';
import { getSetting } from '../store/settings';
import {
	chunksOf,
	createRunSink,
	guardStorage,
	previousSuccessfulRun,
	pruneResults,
	storedIdentifiersOf,
	writeDiffPages
} from '../store/runs';
import type { Connection } from './connections';

/** What the run manager needs. */
export interface RunDeps {
	db: () => ConnectorDatabase;
	connect(credentialId: string | null): Promise<Connection>;
	/** Web Locks, shared by every tab of the origin; absent in tests that run one manager. */
	locks?: LockManager;
	now?: () => number;
	newId?: () => string;
	/** Hears the time of each stage of each page and of the diff, for profiling. */
	onStageTime?: (stage: RunStage | 'diff', ms: number) => void;
}

/** How a run was started. */
export type RunTrigger = RunLog['trigger'];

/** Callbacks the page passes (through Comlink.proxy) to watch a run. */
export interface RunListener {
	/** The run's log exists (its id is known): called once, before the first request. */
	started?(log: RunLog): void;
	/** Counters at most ~10 times a second. */
	progress?(runId: string, progress: RunProgress): void;
}

const lockName = (connectorId: string) => `salesforce-user-connector:run:${connectorId}`;

function mappingProblemsError(connector: Connector): AppError | null {
	const problems = validateMapping(connector.mapping);
	return problems.length === 0 ? null : mappingInvalid(problems);
}

/** Builds the run API. */
export function createRunManager(deps: RunDeps) {
	const now = deps.now ?? (() => Date.now());
	const newId = deps.newId ?? (() => crypto.randomUUID());
	const controllers = new Map<string, AbortController>();
	// The search text of a run's pages is built once the run has ended, one run after another.
	let searchTexts: Promise<unknown> = Promise.resolve();
	const buildSearchTextsOf = (runId: string) => {
		searchTexts = searchTexts.then(() => buildSearchTexts(deps.db(), runId)).catch(() => undefined);
	};

	/** Runs `body` holding the connector's lock; RUN_ALREADY_RUNNING when another tab holds it (Q28). */
	async function withConnectorLock<T>(
		connectorId: string,
		body: () => Promise<Result<T>>
	): Promise<Result<T>> {
		const busy: Result<T> = {
			ok: false,
			error: appError('RUN_ALREADY_RUNNING', 'This connector is already running (maybe in another tab).')
		};
		if (!deps.locks) {
			if ([...controllers.keys()].some((key) => key.startsWith(`${connectorId}/`))) return busy;
			return body();
		}
		return deps.locks.request(lockName(connectorId), { ifAvailable: true }, async (lock) =>
			lock ? body() : busy
		);
	}

	async function loadConnector(connectorId: string): Promise<Connector> {
		const connector = await deps.db().connectors.get(connectorId);
		if (!connector) throw new AppFailure(appError('RUN_NOT_FOUND', 'This connector no longer exists.'));
		return connector;
	}

	async function credentialLabel(credentialId: string | null): Promise<string> {
		if (!credentialId) return '';
		return (await deps.db().credentials.get(credentialId))?.label ?? credentialId;
	}

	function newLog(connector: Connector, trigger: RunTrigger, credentials: string): RunLog {
		return newRunLog(connector, {
			id: newId(),
			time: now(),
			trigger,
			credentials,
			credentialsId: connector.credentialId
		});
	}

	async function failBeforeStart(log: RunLog, error: AppError): Promise<RunLog> {
		const failed: RunLog = {
			...log,
			status: 'failure',
			description: error.message,
			errorCode: error.code,
			finishedAt: now()
		};
		await guardStorage(() => deps.db().runs.put(failed));
		return failed;
	}

	async function finishLog(log: RunLog, outcome: RunOutcome, connector: Connector): Promise<RunLog> {
		const db = deps.db();
		const finished: RunLog = {
			...log,
			...logCountersOf(outcome.checkpoint),
			status: outcome.status,
			description: outcome.description,
			errorCode: outcome.error?.code ?? null,
			finishedAt: outcome.finishedAt
		};
		if (outcome.status === 'success' || outcome.status === 'partial') {
			const diffing = performance.now();
			finished.diff = await diffWithPrevious(db, finished, connector);
			deps.onStageTime?.('diff', performance.now() - diffing);
			await db.checkpoints.delete(log.id);
		}
		await guardStorage(() => db.runs.put(finished));
		if (outcome.status === 'success' || outcome.status === 'partial') {
			await pruneResults(db, connector.id, await getSetting(db, 'keepRuns'));
		}
		return finished;
	}

	async function execute(
		log: RunLog,
		connector: Connector,
		listener: RunListener | undefined,
		resume?: RunCheckpoint
	): Promise<Result<RunLog>> {
		const db = deps.db();
		const controller = new AbortController();
		const key = `${connector.id}/${log.id}`;
		controllers.set(key, controller);
		try {
			listener?.started?.(log);
			const connection = await deps.connect(connector.credentialId);
			const outcome = await executeRun({
				runId: log.id,
				connector: { ...connector, retrieval: connector.retrieval ?? 'auto' },
				client: connection.client,
				bulk: bulkRetrievalFor(connection.client),
				// The run page follows the log in the database, so the path shows before the first page.
				onRetrieval: (retrieval) => {
					void guardStorage(() => db.runs.update(log.id, { retrieval })).catch(() => undefined);
				},
				mapping: compileMapping(connector.mapping),
				onStageTime: deps.onStageTime,
				sink: createRunSink(db),
				signal: controller.signal,
				now,
				onProgress: listener?.progress ? (progress) => listener.progress?.(log.id, progress) : undefined,
				resume: resume
					? { checkpoint: resume, storedIdentifiers: storedIdentifiersOf(db, log.id) }
					: undefined
			});
			const finished = await finishLog(log, outcome, connector);
			buildSearchTextsOf(log.id);
			return { ok: true, value: finished };
		} catch (thrown) {
			const error = toAppError(thrown);
			return { ok: true, value: await failBeforeStart(log, error) };
		} finally {
			controllers.delete(key);
		}
	}

	const activeRunIds = () => [...controllers.keys()].map((key) => key.split('/')[1]);

	return {
		/** Runs a connector to its end; resolves with the final log. The listener hears the start and progress. */
		async startRun(
			connectorId: string,
			trigger: RunTrigger,
			listener?: RunListener
		): Promise<Result<RunLog>> {
			try {
				return await withConnectorLock(connectorId, async () => {
					const connector = await loadConnector(connectorId);
					const log = newLog(connector, trigger, await credentialLabel(connector.credentialId));
					const invalid = mappingProblemsError(connector);
					if (invalid) return { ok: true, value: await failBeforeStart(log, invalid) };
					await guardStorage(() => deps.db().runs.add(log));
					return execute(log, connector, listener);
				});
			} catch (thrown) {
				return { ok: false, error: toAppError(thrown) };
			}
		},

		/** Continues a paused, cancelled or interrupted run from its checkpoint (no duplicates). */
		async resumeRun(runId: string, listener?: RunListener): Promise<Result<RunLog>> {
			try {
				const db = deps.db();
				const log = await db.runs.get(runId);
				if (!log) return { ok: false, error: appError('RUN_NOT_FOUND', 'This run no longer exists.') };
				return await withConnectorLock(log.connectorId, async () => {
					const stored = await db.checkpoints.get(runId);
					if (!stored)
						return {
							ok: false,
							error: appError('RUN_NOT_FOUND', 'This run has nothing to resume: start a new run instead.')
						};
					const connector = await loadConnector(log.connectorId);
					const running: RunLog = { ...log, status: 'running', description: 'Resuming…', finishedAt: null };
					await guardStorage(() => db.runs.put(running));
					return execute(running, connector, listener, readCheckpoint(stored.checkpoint));
				});
			} catch (thrown) {
				return { ok: false, error: toAppError(thrown) };
			}
		},

		/** Asks a run of this tab to stop after its current page. */
		cancelRun(runId: string): boolean {
			for (const [key, controller] of controllers)
				if (key.endsWith(`/${runId}`)) {
					controller.abort();
					return true;
				}
			return false;
		},

		/** Ids of the runs this worker is running now. */
		activeRunIds,

		/** Resolves once the search text of every ended run's pages is built. */
		async searchTextsBuilt(): Promise<void> {
			await searchTexts;
		},

		/**
		 * Marks runs left "running" by a closed tab as paused, so they can be resumed (Q24). A run whose
		 * connector lock is held somewhere is really running and is left alone.
		 */
		async recoverInterrupted(): Promise<number> {
			const db = deps.db();
			const running = await db.runs.where('status').equals('running').toArray();
			const held = deps.locks
				? new Set((await deps.locks.query()).held?.map((lock) => lock.name))
				: new Set();
			let recovered = 0;
			for (const run of running) {
				if (held.has(lockName(run.connectorId)) || activeRunIds().includes(run.id)) continue;
				const hasCheckpoint = (await db.checkpoints.get(run.id)) !== undefined;
				await db.runs.update(run.id, {
					status: hasCheckpoint ? 'paused' : 'failure',
					description: hasCheckpoint
						? `Interrupted after page ${run.pages} (the tab was closed or reloaded). Resume to continue from there.`
						: 'Interrupted before its first page was stored. Start the run again.',
					errorCode: hasCheckpoint ? run.errorCode : 'RUN_CANCELLED',
					finishedAt: hasCheckpoint ? null : now()
				});
				recovered++;
			}
			return recovered;
		}
	};
}

/** The run API as the page sees it. */
export type RunManager = ReturnType<typeof createRunManager>;

/**
 * Compares a finished run with the previous successful run of its connector, chunk by chunk, and
 * stores the entries as pages of 100. Null when there is no previous run with results to compare.
 */
async function diffWithPrevious(
	db: ConnectorDatabase,
	run: RunLog,
	connector: Connector
): Promise<RunDiffSummary | null> {
	const previous = await previousSuccessfulRun(db, run.connectorId, run.time);
	if (!previous || (await db.chunks.where('runId').equals(previous.id).count()) === 0) return null;
	const { entries, counts } = await diffRuns({
		kind: connector.mapping.identifier.kind,
		previous: () => chunksOf(db, previous.id),
		current: () => chunksOf(db, run.id)
	});
	await writeDiffPages(db, run.id, entries);
	return { previousRunId: previous.id, ...counts };
}
